package mockkonnect

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Token is the only bearer token accepted; "" accepts any non-empty one.
	Token string
	// Portals, when non-nil, lists the portal IDs that exist (in every
	// region); any other portal answers 404. Nil means every portal exists.
	Portals []string
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
	// Accepted, Pending and Running are how long a job stays in each phase
	// after a PUT is accepted. All zero means a job is completed at once.
	Accepted, Pending, Running time.Duration
}

// Server is the mock API. It implements http.Handler and is safe for
// concurrent use.
type Server struct {
	token  string
	now    func() time.Time
	phases phases

	mu      sync.Mutex
	portals map[string]bool      // nil: every portal not in removed exists
	removed map[string]bool      // portals removed while portals was nil
	jobs    map[jobKey]job       // absent: unconfigured
	failing map[jobKey]time.Time // FailJobs time per job
	log     []Request
}

// maxBody bounds what a request body may be; Kong's bodies here are tiny.
const maxBody = 1 << 20

// New returns a Server configured by opts.
func New(opts Options) *Server {
	s := &Server{
		token:   opts.Token,
		now:     opts.Now,
		phases:  phases{accepted: opts.Accepted, pending: opts.Pending, running: opts.Running},
		removed: map[string]bool{},
		jobs:    map[jobKey]job{},
		failing: map[jobKey]time.Time{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if opts.Portals != nil {
		s.portals = map[string]bool{}
		for _, id := range opts.Portals {
			s.portals[normalizeID(id)] = true
		}
	}
	return s
}

// ServeHTTP answers one request and records it in the request log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A short read still leaves something useful to log and validate.
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	rt, found := parseRoute(r.URL.Path)
	resp := s.handle(r, rt, found, body)

	// Record before writing so that a client holding the answer always finds
	// its request in the log.
	s.record(Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		Region:   rt.region,
		PortalID: rt.portalID,
		Body:     string(body),
		Header:   r.Header.Clone(),
		Status:   resp.status,
	})
	resp.write(w)
}

// handle applies the checks in the order Konnect's gateway and service do:
// routing, authentication, path parameters, portal existence, then the body.
func (s *Server) handle(r *http.Request, rt route, found bool, body []byte) response {
	if !found {
		return notFound("Not Found")
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPut {
		return methodNotAllowed(r.Method)
	}
	if resp, ok := s.authenticate(r.Header.Get("Authorization")); !ok {
		return resp
	}
	if rt.family == portalFamily {
		if !isUUID(rt.portalID) {
			return badRequest("Invalid path parameters", invalidParam{
				Field: "portalId", Rule: "is_uuid", Source: "path", Reason: "must be a valid UUID",
			})
		}
		if !s.portalExists(rt.portalID) {
			return notFound("Portal not found")
		}
	}
	key := newJobKey(rt.region, rt.portalID)
	if r.Method == http.MethodGet {
		return jsonResponse(http.StatusOK, s.view(key, s.now()))
	}
	return s.put(key, body)
}

// response is an answer built before anything is written, so its status can
// be logged first.
type response struct {
	status      int
	contentType string
	allow       string
	body        []byte
}

func (resp response) write(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", resp.contentType)
	if resp.allow != "" {
		h.Set("Allow", resp.allow)
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}
