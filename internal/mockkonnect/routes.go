package mockkonnect

import (
	"net/http"
	"slices"
	"strings"
)

// Regions are the Konnect regions the mock serves, each as a path prefix,
// in the order its documentation lists them. "ap" is only named by older
// Kong documents but clients may still use it.
var Regions = []string{"us", "eu", "au", "me", "in", "sg", "ap"}

// regions is Regions as a set.
var regions = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range Regions {
		m[r] = true
	}
	return m
}()

// defaultRegion is the region of a path without a region prefix.
const defaultRegion = "us"

// family is a kind of route: what it serves, for which methods, and whether
// its path names a portal. Adding a route is one family and one routeTable
// row.
type family struct {
	// portal: the path names a portal, which must be a UUID and be known
	// under the path's version before anything else happens.
	portal  bool
	methods []string // the methods answered, for 405s and Allow
	serve   func(s *Server, r *http.Request, rt route, body []byte) response
}

var (
	getOnly = []string{http.MethodGet}
	getPut  = []string{http.MethodGet, http.MethodPut}

	// Konnect serves the same job shape for a portal and for the
	// organization, under /v2 and /v3, so one family serves each scope.
	portalJob = &family{portal: true, methods: getPut, serve: (*Server).serveJob}
	orgJob    = &family{methods: getPut, serve: (*Server).serveJob}
	// portalResource is GET /v2|v3/portals/{portalId}, which a client asks
	// to learn whether a portal exists before it touches the portal's job.
	// The mock does not change portals.
	portalResource = &family{portal: true, methods: getOnly, serve: (*Server).servePortal}
	portalWebhook  = &family{portal: true, methods: getOnly, serve: (*Server).serveWebhook}
	// portalWebhookDocument and orgWebhookDocument are the webhooks
	// themselves: where they send.
	portalWebhookDocument = &family{portal: true, methods: getOnly, serve: (*Server).serveWebhookDocument}
	orgWebhookDocument    = &family{methods: getOnly, serve: (*Server).serveWebhookDocument}
	// portalList is GET /v2|v3/portals, the region's portals of a version.
	portalList = &family{methods: getOnly, serve: (*Server).servePortalList}
	orgWebhook = &family{methods: getOnly, serve: (*Server).serveWebhook}
)

// idSegment stands for the portal ID in a routeTable path.
const idSegment = "{portalId}"

// routeTable lists every route as the segments after /{region}/{version}/;
// each is served under both /v2 and /v3, as Kong documents them.
var routeTable = []struct {
	segments []string
	family   *family
}{
	{segments: []string{"portals"}, family: portalList},
	{segments: []string{"portals", idSegment}, family: portalResource},
	{segments: []string{"portals", idSegment, "audit-log-replay-job"}, family: portalJob},
	{segments: []string{"portals", idSegment, "audit-log-webhook", "status"}, family: portalWebhook},
	{segments: []string{"portals", idSegment, "audit-log-webhook"}, family: portalWebhookDocument},
	{segments: []string{"audit-log-replay-job"}, family: orgJob},
	{segments: []string{"audit-log-webhook", "status"}, family: orgWebhook},
	{segments: []string{"audit-log-webhook"}, family: orgWebhookDocument},
}

// route is what a request path names.
type route struct {
	region   string
	version  string  // "v2" or "v3"
	family   *family // nil: no route
	portalID string  // as written in the path; "" for the organization
}

// parseRoute reads /{region}/{version}/... or /{version}/.... The region is
// filled in even when the rest of the path is unknown (family nil), so the
// request log can show it.
func parseRoute(path string) route {
	rt := route{region: defaultRegion}
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return rt
	}
	segs := strings.Split(rest, "/")
	if regions[segs[0]] {
		rt.region = segs[0]
		segs = segs[1:]
	}
	if len(segs) == 0 || (segs[0] != "v2" && segs[0] != "v3") {
		return rt
	}
	version, segs := segs[0], segs[1:]
	for _, row := range routeTable {
		if id, ok := matchSegments(row.segments, segs); ok {
			rt.version, rt.family, rt.portalID = version, row.family, id
			return rt
		}
	}
	return rt
}

// matchSegments matches a path's segments against a routeTable row and
// returns the portal ID it holds.
func matchSegments(pattern, segs []string) (portalID string, ok bool) {
	if len(pattern) != len(segs) {
		return "", false
	}
	for i, p := range pattern {
		if p == idSegment {
			portalID = segs[i]
			continue
		}
		if p != segs[i] {
			return "", false
		}
	}
	// "/v2/portals/" is the portal list with a slash, which the mock does
	// not serve; an empty ID inside a longer path is a bad portal ID.
	if pattern[len(pattern)-1] == idSegment && portalID == "" {
		return "", false
	}
	return portalID, true
}

// allows reports whether the family answers method.
func (f *family) allows(method string) bool { return slices.Contains(f.methods, method) }
