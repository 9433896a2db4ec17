package mockkonnect

import (
	"net/http"
	"strings"
)

// AddPortals makes the given portals exist as classic Dev Portals, known
// under /v2 only; a new Dev Portal of the same ID stops being one. If every
// ID was a classic portal until now (Options.Portals nil), from now on only
// listed ones are.
func (s *Server) AddPortals(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.classic == nil {
		s.classic = map[string]bool{}
	}
	for _, id := range ids {
		id = normalizeID(id)
		s.classic[id] = true
		delete(s.newPortals, id)
		delete(s.removed, id)
	}
}

// AddNewPortals makes the given portals exist as new Dev Portals, known
// under /v3 only; a classic portal of the same ID stops being one. Other
// portals are not affected: with Options.Portals nil, every other ID is
// still a classic portal.
func (s *Server) AddNewPortals(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		id = normalizeID(id)
		s.newPortals[id] = true
		delete(s.classic, id) // a no-op on a nil map
		delete(s.removed, id)
	}
}

// RemovePortal makes a portal answer 404 under both versions, as when it is
// deleted outside Terraform, and forgets its jobs and webhook settings in
// every region. Other portals are not affected, whether or not the server
// was given a portal list.
func (s *Server) RemovePortal(id string) {
	id = normalizeID(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.classic != nil {
		delete(s.classic, id)
	} else {
		s.removed[id] = true
	}
	delete(s.newPortals, id)
	for key := range s.jobs {
		if key.portal == id {
			delete(s.jobs, key)
		}
	}
	for key := range s.webhooks {
		if key.portal == id {
			delete(s.webhooks, key)
		}
	}
}

// servePortal is the 200 of GET /v2|v3/portals/{portalId} for a portal known
// under that version. It does not track when portals came to be: each
// dates from the server's start.
func (s *Server) servePortal(_ *http.Request, rt route, _ []byte) response {
	id := normalizeID(rt.portalID)
	// Unique, like Konnect's names, and recognisable in a test's output.
	name := "portal-" + id[:8]
	return portalResponse(portalBody{
		ID: id, Name: name, DisplayName: name,
		CreatedAt: formatTime(s.started), UpdatedAt: formatTime(s.started),
	})
}

// portalKnown reports whether the portal exists under version: classic
// portals under v2, new ones under v3.
func (s *Server) portalKnown(version, id string) bool {
	id = normalizeID(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.newPortals[id] {
		return version == "v3"
	}
	if version != "v2" {
		return false
	}
	if s.classic == nil {
		return !s.removed[id]
	}
	return s.classic[id]
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
