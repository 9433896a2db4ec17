package mockkonnect

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Token is the only bearer token accepted; "" accepts any non-empty one.
	Token string
	// Portals, when non-nil, lists the classic Dev Portals: the portals
	// known under /v2/portals/{portalId}. Nil means every portal ID not in
	// NewPortals is a classic portal, in every region.
	Portals []string
	// NewPortals lists the new Dev Portals, known only under
	// /v3/portals/{portalId}. Konnect knows a portal under one version only,
	// so a portal's routes under the other version answer 404. New panics
	// if an ID is in both lists.
	NewPortals []string
	// PortalRegion is the one region the portals of Portals and NewPortals
	// are in, as each Konnect portal is in the region it was made in: in
	// every other region their routes answer 404 and the lists leave them
	// out. "" puts them in every region.
	PortalRegion string
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
	// Accepted, Pending and Running are how long a job stays in each phase
	// after a PUT is accepted. All zero means a job is completed at once.
	Accepted, Pending, Running time.Duration
	// Faults are the fault rules to start with; see SetFaults. New panics
	// if one is invalid, since Options come from the program, not its user.
	Faults []Fault
	// OnRequest, if set, is called once per request; see SetOnRequest.
	OnRequest func(Request)
	// LogLimit bounds the request log (Requests): 0 keeps every request,
	// as tests that read the log want; N > 0 keeps the newest N, dropping
	// the oldest; a negative value keeps none (OnRequest still sees each
	// request). Whatever it is, the log keeps at most 64 KiB of each body.
	// A server that runs for long among untrusted clients wants a limit.
	LogLimit int
	// LogNoHeaders keeps requests' headers out of the log (Request.Header
	// is nil): a long-running server that need not show them should not
	// hold every client's token, nor up to 64 KiB of headers a request.
	LogNoHeaders bool
	// MaxJobs > 0 bounds how many jobs the server keeps, portals' and
	// organizations' in every region together, so that a client naming ever
	// new portals cannot fill the memory: a PUT that would configure one
	// more forgets the job that finished first (completed or failed), and
	// when none has finished, answers 507 (problem+json), naming the bound.
	// 0 means no bound; SetJob ignores it.
	MaxJobs int
	// Precision is what the times the server keeps are truncated to: the
	// window of an accepted PUT or SetJob, the updated_at shown, and a
	// webhook's LastAttemptAt. Konnect keeps
	// microseconds (some deployments whole seconds), never nanoseconds, so
	// a client must not expect its own times back digit for digit. 0 means
	// time.Microsecond; New panics if it is negative.
	Precision time.Duration
	// MaxPageSize, when above 0, is the largest page GET /v2|v3/portals
	// serves: a larger page[size] gets that many, as a server that caps
	// its pages may answer; meta.page.size says so. 0 refuses a page[size]
	// above 100 with a 400.
	MaxPageSize int
	// Webhook is what every audit log webhook's status shows until
	// SetWebhook says otherwise; nil means enabled and active, never
	// attempted. New panics if it is invalid (see SetWebhook).
	Webhook *Webhook
	// ControlToken, when set, is the only bearer token the runtime controls
	// (ControlPath) accept, from any client; "" lets them answer clients on
	// loopback only. The API's Token never opens them.
	ControlToken string
}

// Server is the mock API. It implements http.Handler and is safe for
// concurrent use.
type Server struct {
	token        string
	controlToken string // Options.ControlToken
	now          func() time.Time
	phases       phases
	precision    time.Duration
	started      time.Time // every portal's created_at and updated_at

	// mu guards everything below. It is held only for short steps that
	// neither wait nor call out: never while a request is held or delayed,
	// an answer is written, or the OnRequest hook runs.
	mu         sync.Mutex
	classic    map[string]bool      // nil: every portal not new and not in removed
	newPortals map[string]bool      // new Dev Portals, known under /v3 only
	removed    map[string]bool      // portals removed while classic was nil
	regionOf   map[string]string    // a portal's one region; absent: every region
	jobs       map[jobKey]job       // absent: unconfigured
	failing    map[jobKey]time.Time // FailJobs time per job
	failNext   []scope              // jobs still to come that are to fail (POST /_mock/jobs/fail), oldest first
	names      map[string]string    // names given by POST /_mock/portals
	webhook    Webhook              // the default webhook status
	webhooks   map[hookKey]Webhook  // SetWebhook's settings
	faults     []*faultRule         // replaced whole by SetFaults
	log        []Request            // a ring once LogLimit is reached
	logOldest  int                  // index of the oldest request in a full ring
	logLimit   int                  // Options.LogLimit
	logHeaders bool                 // !Options.LogNoHeaders
	maxJobs    int                  // Options.MaxJobs
	maxPage    int                  // Options.MaxPageSize
	hook       func(Request)        // OnRequest; read with each record
	turns      turns                // what Request.Turn counts from
	rounds     rounds               // HoldRounds' rounds still to fill
}

// maxBody bounds what a request body may be; Kong's bodies here are tiny.
const maxBody = 1 << 20

// New returns a Server configured by opts. It panics if opts.Faults holds an
// invalid fault, opts.Precision is negative, a portal is in both
// opts.Portals and opts.NewPortals, or opts.Webhook is invalid.
func New(opts Options) *Server {
	s := &Server{
		token:        opts.Token,
		controlToken: opts.ControlToken,
		names:        map[string]string{},
		now:          opts.Now,
		phases:       phases{accepted: opts.Accepted, pending: opts.Pending, running: opts.Running},
		precision:    opts.Precision,
		newPortals:   map[string]bool{},
		removed:      map[string]bool{},
		regionOf:     map[string]string{},
		jobs:         map[jobKey]job{},
		failing:      map[jobKey]time.Time{},
		webhook:      defaultWebhook,
		webhooks:     map[hookKey]Webhook{},
		hook:         opts.OnRequest,
		logLimit:     opts.LogLimit,
		logHeaders:   !opts.LogNoHeaders,
		maxJobs:      opts.MaxJobs,
		maxPage:      opts.MaxPageSize,
	}
	if s.now == nil {
		s.now = time.Now
	}
	switch {
	case s.precision < 0:
		panic("mockkonnect.New: Precision must not be negative, got " + s.precision.String())
	case s.precision == 0:
		s.precision = time.Microsecond
	}
	s.started = s.atPrecision(s.now())
	if opts.Portals != nil {
		s.classic = map[string]bool{}
		for _, id := range opts.Portals {
			s.classic[normalizeID(id)] = true
		}
	}
	for _, id := range opts.NewPortals {
		id = normalizeID(id)
		if s.classic[id] {
			panic("mockkonnect.New: portal " + id + " is in both Portals and NewPortals; Konnect knows a portal under one version only")
		}
		s.newPortals[id] = true
	}
	if opts.PortalRegion != "" {
		for _, id := range append(slices.Clone(opts.Portals), opts.NewPortals...) {
			s.regionOf[normalizeID(id)] = opts.PortalRegion
		}
	}
	if opts.Webhook != nil {
		if err := opts.Webhook.validate(); err != nil {
			panic("mockkonnect.New: Webhook: " + err.Error())
		}
		s.webhook = s.keptWebhook(*opts.Webhook)
	}
	if err := s.SetFaults(opts.Faults...); err != nil {
		panic("mockkonnect.New: " + err.Error())
	}
	return s
}

// ServeHTTP answers one request, or injects a fault (see SetFaults), and
// records it in the request log (then calls the OnRequest hook) before
// writing anything. Its Turn is taken as it arrives, and once its body is
// read it may be held (HoldRounds) before anything else. GET /healthz
// (HealthPath) and the controls (ControlPath) are answered at once, and
// neither held, faulted nor recorded.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == HealthPath {
		serveHealth(w, r)
		return
	}
	if isControl(r.URL.Path) {
		s.serveControl(w, r)
		return
	}
	at := s.arrive()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	rt := parseRoute(r.URL.Path)
	logged := Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		Query:    r.URL.RawQuery,
		Region:   rt.region,
		PortalID: rt.portalID,
		Body:     loggedBody(body),
		Turn:     at.turn,
	}
	if s.logHeaders {
		logged.Header = r.Header.Clone()
	}
	// A body cut off by the server's read deadline (a client trickling
	// it) gets a gateway's 408, before any fault; any other short read
	// still leaves something useful to log and validate.
	if isTimeout(err) {
		resp := requestTimeout()
		logged.Status = resp.status
		s.record(logged)
		s.answer(w, r, resp, at)
		return
	}

	// Held, the request is not yet handled nor faulted: it meets the jobs
	// and the fault rules as they are at its release.
	if !s.hold(r.Context()) {
		s.record(logged)
		abort(w)
		return
	}

	// Record before writing, in every branch, so that a client holding the
	// answer (or the lack of one) always finds its request in the log.
	rules := s.faultRules()
	if f, ok := s.pickFault(rules, true, r, body); ok {
		logged.Fault = f.Kind
		if !sleepCtx(r.Context(), f.Delay) {
			// The client gave up, or the server is stopping, before the
			// request was handled.
			s.record(logged)
			abort(w)
			return
		}
	}
	var resp response
	var hold time.Duration // a stall's wait between recording and answering
	f, ok := s.pickFault(rules, false, r, body)
	switch {
	case !ok:
		resp = s.handle(r, rt, body)
	case f.spec().effect == effectDrop:
		logged.Fault = f.Kind
		s.record(logged)
		abort(w)
		return
	case f.spec().effect == effectTruncate:
		logged.Fault = f.Kind
		resp = truncate(s.handle(r, rt, body))
	case f.spec().effect == effectHold:
		logged.Fault = f.Kind
		resp = s.handle(r, rt, body)
		hold = f.Delay
	default: // effectAnswer
		logged.Fault = f.Kind
		resp = f.spec().answer(f)
	}
	logged.Status = resp.status
	s.record(logged)
	// The log already shows the stalled answer's status: the request was
	// processed, whether or not the answer gets through.
	if hold > 0 && !sleepCtx(r.Context(), hold) {
		abort(w)
		return
	}
	s.answer(w, r, resp, at)
}

// handle applies the checks in the order Konnect's gateway and service do:
// routing, authentication, path parameters, portal existence, then the
// route's own.
func (s *Server) handle(r *http.Request, rt route, body []byte) response {
	if rt.family == nil {
		return notFound("Not Found")
	}
	if !rt.family.allows(r.Method) {
		return methodNotAllowed(r.Method, rt.family.methods...)
	}
	if resp, ok := s.authenticate(r.Header.Get("Authorization")); !ok {
		return resp
	}
	if rt.family.portal {
		if !isUUID(rt.portalID) {
			return badRequest("Invalid path parameters", invalidParam{
				Field: "portalId", Rule: "is_uuid", Source: "path", Reason: "must be a valid UUID",
			})
		}
		if !s.portalKnown(rt.region, rt.version, rt.portalID) {
			return notFound("Portal not found")
		}
	}
	return rt.family.serve(s, r, rt, body)
}

// response is an answer built before anything is written, so its status can
// be logged first.
type response struct {
	status      int
	contentType string
	allow       string
	header      http.Header // further headers, e.g. Retry-After
	body        []byte
}

func (resp response) write(w http.ResponseWriter) {
	h := w.Header()
	if resp.contentType != "" {
		h.Set("Content-Type", resp.contentType)
	} else {
		h["Content-Type"] = nil // present but empty: no header, and no sniffing
	}
	for k, v := range resp.header {
		h[k] = v
	}
	if resp.allow != "" {
		h.Set("Allow", resp.allow)
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// isTimeout reports whether a read failed on a deadline.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
