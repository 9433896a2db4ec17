package mockkonnect

import (
	"net/http"
	"strings"
)

// regions are the Konnect regions that may prefix a path. "ap" is only named
// by older Kong documents but clients may still use it.
var regions = map[string]bool{
	"us": true, "eu": true, "au": true, "me": true, "in": true, "sg": true, "ap": true,
}

// defaultRegion is the region of a path without a region prefix.
const defaultRegion = "us"

const jobSegment = "audit-log-replay-job"

// family tells the portal job, the organization job and the portal itself
// apart; /v2 and /v3 portal routes are one family because Konnect serves the
// same job on both.
type family int

const (
	portalFamily family = iota + 1
	orgFamily
	// portalResource is GET /v2|v3/portals/{portalId}, which a client asks
	// to learn whether a portal exists before it touches the portal's job.
	portalResource
)

// methods are the methods a family's route answers, for 405s and Allow.
func (f family) methods() []string {
	if f == portalResource {
		return []string{http.MethodGet} // the mock does not change portals
	}
	return []string{http.MethodGet, http.MethodPut}
}

// route is what a request path names.
type route struct {
	region   string
	family   family
	portalID string // as written in the path; "" for the organization job
}

// parseRoute reads /{region}/{version}/... or /{version}/... and reports
// whether the path names a replay job or a portal. The region is filled in
// even when the rest of the path is unknown, so the request log can show it.
func parseRoute(path string) (route, bool) {
	rt := route{region: defaultRegion}
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return rt, false
	}
	segs := strings.Split(rest, "/")
	if regions[segs[0]] {
		rt.region = segs[0]
		segs = segs[1:]
	}
	if len(segs) == 0 || (segs[0] != "v2" && segs[0] != "v3") {
		return rt, false
	}
	switch {
	case len(segs) == 4 && segs[1] == "portals" && segs[3] == jobSegment:
		rt.family = portalFamily
		rt.portalID = segs[2]
		return rt, true
	case len(segs) == 3 && segs[1] == "portals" && segs[2] != "":
		// "/v2/portals/" is the portal list with a slash, which the mock
		// does not serve.
		rt.family = portalResource
		rt.portalID = segs[2]
		return rt, true
	case len(segs) == 2 && segs[1] == jobSegment:
		// Kong documents the organization job under both /v2 and /v3.
		rt.family = orgFamily
		return rt, true
	}
	return rt, false
}
