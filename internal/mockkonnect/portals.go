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

// portal is the 200 of GET /v2|v3/portals/{portalId} for a portal that
// exists. Konnect knows a portal under one version only (classic portals
// under /v2, new ones under /v3); the mock keeps it simple and knows every
// portal under both, so a client cannot learn a portal's kind from it. It
// does not track when portals came to be either: each dates from the
// server's start.
func (s *Server) portal(id string) response {
	id = normalizeID(id)
	// Unique, like Konnect's names, and recognisable in a test's output.
	name := "portal-" + id[:8]
	return portalResponse(portalBody{
		ID: id, Name: name, DisplayName: name,
		CreatedAt: formatTime(s.started), UpdatedAt: formatTime(s.started),
	})
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
