package mockkonnect

import "strings"

// AddPortals makes the given portals exist. If the server accepted every
// portal until now, from now on only listed portals exist.
func (s *Server) AddPortals(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.portals == nil {
		s.portals = map[string]bool{}
	}
	for _, id := range ids {
		id = normalizeID(id)
		s.portals[id] = true
		delete(s.removed, id)
	}
}

// RemovePortal makes a portal answer 404, as when it is deleted outside
// Terraform, and forgets its jobs in every region. Other portals are not
// affected, whether or not the server was given a portal list.
func (s *Server) RemovePortal(id string) {
	id = normalizeID(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.portals != nil {
		delete(s.portals, id)
	} else {
		s.removed[id] = true
	}
	for key := range s.jobs {
		if key.portal == id {
			delete(s.jobs, key)
		}
	}
}

func (s *Server) portalExists(id string) bool {
	id = normalizeID(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.portals == nil {
		return !s.removed[id]
	}
	return s.portals[id]
}

// normalizeID lets a UUID match whatever case a client writes it in.
func normalizeID(id string) string { return strings.ToLower(id) }

// isUUID reports whether s has the 8-4-4-4-12 hexadecimal form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
