package mockkonnect

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// AddPortals makes the given portals exist as classic Dev Portals, known
// under /v2 only, in every region; a new Dev Portal of the same ID stops
// being one. If every ID was a classic portal until now (Options.Portals
// nil), from now on only listed ones are.
func (s *Server) AddPortals(ids ...string) { s.addPortals("v2", "", ids) }

// AddPortalsIn is AddPortals for portals in region only, as Konnect keeps
// each portal in the region it was made in: in every other region, its
// routes answer 404 and the portal lists leave it out.
func (s *Server) AddPortalsIn(region string, ids ...string) { s.addPortals("v2", region, ids) }

// AddNewPortals makes the given portals exist as new Dev Portals, known
// under /v3 only, in every region; a classic portal of the same ID stops
// being one. Other portals are not affected: with Options.Portals nil,
// every other ID is still a classic portal.
func (s *Server) AddNewPortals(ids ...string) { s.addPortals("v3", "", ids) }

// AddNewPortalsIn is AddNewPortals for portals in region only.
func (s *Server) AddNewPortalsIn(region string, ids ...string) { s.addPortals("v3", region, ids) }

// addPortals makes ids portals of version, in region ("" for every one).
func (s *Server) addPortals(version, region string, ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addPortalsLocked(version, region, ids)
}

// addPortalsLocked is addPortals with s.mu held.
func (s *Server) addPortalsLocked(version, region string, ids []string) {
	if version == "v2" && s.classic == nil {
		s.classic = map[string]bool{}
	}
	for _, id := range ids {
		id = normalizeID(id)
		if version == "v2" {
			s.classic[id] = true
			delete(s.newPortals, id)
		} else {
			s.newPortals[id] = true
			delete(s.classic, id) // a no-op on a nil map
		}
		delete(s.removed, id)
		s.placeLocked(id, region)
	}
}

// placeLocked puts a portal in region, or in every region (""). Call with
// s.mu held.
func (s *Server) placeLocked(id, region string) {
	if region == "" {
		delete(s.regionOf, id)
	} else {
		s.regionOf[id] = region
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
	delete(s.regionOf, id)
	delete(s.names, id)
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
// under that version.
func (s *Server) servePortal(_ *http.Request, rt route, _ []byte) response {
	return portalResponse(s.portalBody(normalizeID(rt.portalID)))
}

// portalKnown reports whether the portal exists in region under version:
// classic portals under v2, new ones under v3.
func (s *Server) portalKnown(region, version, id string) bool {
	id = normalizeID(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.knownLocked(region, version, id)
}

func (s *Server) knownLocked(region, version, id string) bool {
	if r, ok := s.regionOf[id]; ok && r != region {
		return false
	}
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

// Konnect documents no default or largest page size for its portal lists;
// the mock's are those of Kong's examples and of its other lists.
const (
	defaultPageSize = 10
	maxPageSize     = 100
)

// servePortalList is GET /v2|v3/portals: the region's portals of that
// version, by name, a page at a time (page[size], page[number] from 1), with
// the total. With Options.Portals nil, when any ID is a classic portal, the
// classic portals listed are those with a job or a webhook setting in the
// region.
func (s *Server) servePortalList(r *http.Request, rt route, _ []byte) response {
	size, bad := pageParam(r, "page[size]", defaultPageSize)
	if bad != nil {
		return badRequest("Invalid query parameters", *bad)
	}
	number, bad := pageParam(r, "page[number]", 1)
	if bad != nil {
		return badRequest("Invalid query parameters", *bad)
	}
	switch {
	case s.maxPage > 0:
		size = min(size, s.maxPage)
	case size > maxPageSize:
		return badRequest("Invalid query parameters", invalidParam{Field: "page[size]", Rule: "max", Source: "query",
			Reason: "must be at most " + strconv.Itoa(maxPageSize)})
	}
	ids := s.listed(rt.region, rt.version)
	page := []portalBody{}
	if from := (number - 1) * size; from < len(ids) {
		for _, id := range ids[from:min(from+size, len(ids))] {
			page = append(page, s.portalBody(id))
		}
	}
	return portalListResponse(page, number, size, len(ids))
}

// pageParam reads a positive integer query parameter, or def when absent.
func pageParam(r *http.Request, name string, def int) (int, *invalidParam) {
	v, ok := r.URL.Query()[name]
	if !ok || len(v) == 0 || v[0] == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 {
		return 0, &invalidParam{Field: name, Rule: "min", Source: "query", Reason: "must be a positive integer"}
	}
	return n, nil
}

// listed are the IDs of the portals of version in region, by name.
func (s *Server) listed(region, version string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	for id := range s.newPortals {
		seen[id] = true
	}
	for id := range s.classic {
		seen[id] = true
	}
	for id := range s.names {
		seen[id] = true
	}
	if s.classic == nil {
		for key := range s.jobs {
			seen[key.portal] = seen[key.portal] || key.region == region
		}
		for key := range s.webhooks {
			seen[key.portal] = seen[key.portal] || key.region == region
		}
	}
	var ids []string
	for id, ok := range seen {
		if ok && id != "" && s.knownLocked(region, version, id) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(s.nameLocked(a)+a, s.nameLocked(b)+b) })
	return ids
}

// nameLocked is a portal's name: the one POST /_mock/portals gave it, or
// else one made from its ID, unique like Konnect's names and recognisable
// in a test's output. Call with s.mu held.
func (s *Server) nameLocked(id string) string {
	if name, ok := s.names[id]; ok {
		return name
	}
	return "portal-" + id[:min(8, len(id))]
}

// portalBody is what the mock shows of a portal, in a list or alone. It
// does not track when portals came to be: each dates from the server's
// start.
func (s *Server) portalBody(id string) portalBody {
	s.mu.Lock()
	name := s.nameLocked(id)
	s.mu.Unlock()
	return portalBody{
		ID: id, Name: name, DisplayName: name,
		CreatedAt: formatTime(s.started), UpdatedAt: formatTime(s.started),
	}
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
