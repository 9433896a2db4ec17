package mockkonnect

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ControlPath is where the mock's runtime controls answer: the mock's own
// routes, off Konnect's, to play an incident without a restart (a restart
// forgets every job). controlRoutes lists them. They answer only clients on
// loopback, or, when Options.ControlToken is set, only requests bearing that
// token; a request from a browser's page (one with an Origin header) never.
// They are neither faulted, held nor recorded, like GET /healthz.
const ControlPath = "/_mock"

// controlRoute is one control: its method and path, what it does in a line
// (GET /_mock shows it), and the handler, which gets the request's body.
type controlRoute struct {
	method, path, what string
	serve              func(s *Server, body []byte) response
}

// controlRoutes are the controls, in the order GET /_mock lists them.
var controlRoutes = []controlRoute{
	{http.MethodGet, ControlPath, "this list", nil}, // controlHelp, which reads this table
	{http.MethodPost, ControlPath + "/webhook", "set a webhook's status, as its GET shows it:\n" +
		`{"portal_id": UUID or "org", "region": R (else every region),` + "\n" +
		` and any of "webhook_enabled", "webhook_status" ("active" or` + "\n" +
		` "inactive"), "last_response_code" (its attempt dated now; 0` + "\n" +
		` clears it), "last_response_message", "last_attempt_at" ("" clears it)}`,
		(*Server).controlWebhook},
	{http.MethodPost, ControlPath + "/portals", "add a portal, answering its ID:\n" +
		`{"name": N, "api": "v3" (a new Dev Portal, the default) or "v2"` + "\n" +
		` (classic), "region": R (else every region), "id": UUID (else new)}`,
		(*Server).controlPortal},
	{http.MethodGet, ControlPath + "/jobs", "every replay job, as it is now", (*Server).controlJobs},
	{http.MethodPost, ControlPath + "/jobs/fail", `make a job end "failed", once: the next job accepted;` + "\n" +
		`with {"portal_id": UUID or "org", "region": R}, that portal's job` + "\n" +
		"not yet ended, or else its next one",
		(*Server).controlFail},
	{http.MethodPost, ControlPath + "/jobs/finish", `end every job not yet ended now, "completed" or "failed";` + "\n" +
		`with {"portal_id": …, "region": …}, only those`,
		(*Server).controlFinish},
	{http.MethodGet, ControlPath + "/requests", "the request log, oldest first, without headers", (*Server).controlRequests},
	{http.MethodDelete, ControlPath + "/requests", "clear the request log", (*Server).controlClearRequests},
}

// maxControlBody bounds a control's body; each is a few fields.
const maxControlBody = 64 << 10

// maxNamedPortals and maxFailMarks bound what the controls keep, so that
// the mock's memory stays bounded whatever it is sent.
const (
	maxNamedPortals = 10_000
	maxFailMarks    = 1_000
)

// isControl reports whether path is a control's, or under ControlPath.
func isControl(path string) bool {
	return path == ControlPath || strings.HasPrefix(path, ControlPath+"/")
}

// serveControl answers a control request, once it may be served.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if resp, ok := s.controlAllowed(r); !ok {
		resp.write(w)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxControlBody+1))
	switch {
	case err != nil:
		controlError(http.StatusBadRequest, "the body could not be read: "+err.Error()).write(w)
		return
	case len(body) > maxControlBody:
		controlError(http.StatusRequestEntityTooLarge, fmt.Sprintf("a control's body is at most %d bytes", maxControlBody)).write(w)
		return
	}
	path := strings.TrimSuffix(r.URL.Path, "/")
	if path == "" {
		path = ControlPath
	}
	var allowed []string
	for _, c := range controlRoutes {
		if c.path != path {
			continue
		}
		if c.method == r.Method {
			if c.serve == nil {
				controlHelp().write(w)
				return
			}
			c.serve(s, body).write(w)
			return
		}
		allowed = append(allowed, c.method)
	}
	if len(allowed) > 0 {
		resp := controlError(http.StatusMethodNotAllowed, fmt.Sprintf("%s %s is not a control; it answers %s", r.Method, path, strings.Join(allowed, ", ")))
		resp.allow = strings.Join(allowed, ", ")
		resp.write(w)
		return
	}
	controlError(http.StatusNotFound, fmt.Sprintf("%s is not a control; GET %s lists them", path, ControlPath)).write(w)
}

// controlAllowed says whether r may use the controls, and the answer when
// not. The API's token never opens them.
func (s *Server) controlAllowed(r *http.Request) (response, bool) {
	if r.Header.Get("Origin") != "" || r.Header.Get("Sec-Fetch-Site") != "" {
		return controlError(http.StatusForbidden, "the controls do not answer requests from a browser's page (with an Origin or Sec-Fetch-Site header)"), false
	}
	if s.controlToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.controlToken)) != 1 {
			resp := controlError(http.StatusUnauthorized, "the controls need the mock's control token (-control-token): Authorization: Bearer <control token>")
			resp.header = http.Header{"Www-Authenticate": {`Bearer realm="konnect-mock controls"`}}
			return resp, false
		}
		return response{}, true
	}
	if !isLoopback(r.RemoteAddr) || !loopbackName(r.Host) {
		// The Host check keeps a page whose name was rebound to 127.0.0.1
		// from reading the controls' answers.
		return controlError(http.StatusForbidden, "the controls answer only clients on loopback that name a loopback host (127.0.0.1, [::1] or localhost); "+
			"start the mock with -control-token to use them from elsewhere"), false
	}
	return response{}, true
}

// isLoopback reports whether a host:port is a loopback address.
func isLoopback(hostPort string) bool {
	host, _, err := net.SplitHostPort(hostPort)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback()
}

// loopbackName reports whether a Host header names this machine: a
// loopback address or localhost, with or without a port.
func loopbackName(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// controlError is a control's refusal, as problem+json like the API's.
func controlError(status int, detail string) response {
	return problemResponse(problem{Status: status, Title: http.StatusText(status), Instance: traceID(konnectTrace), Detail: detail})
}

func controlJSON(status int, v any) response {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // the controls' answers are plain fields
	}
	return response{status: status, contentType: "application/json", body: append(body, '\n')}
}

// decodeControl reads a control's JSON body into v; an empty body leaves v
// as it is. Unknown fields are refused, so a typo does not pass silently.
func decodeControl(body []byte, v any) (response, bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return response{}, true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return controlError(http.StatusBadRequest, "the body is not this control's JSON: "+err.Error()+fmt.Sprintf("; GET %s says what each takes", ControlPath)), false
	}
	return response{}, true
}

// controlScope is the portal and region a control names.
type controlScope struct {
	// PortalID is a portal's UUID, "org" for the organization, or "" for
	// none.
	PortalID string `json:"portal_id"`
	// Region is a Konnect region, or "" for every region.
	Region string `json:"region"`
}

// scope is what a control's controlScope names, checked: a portal (portal
// "" for the organization) when named, else every one; a region, or every
// one ("").
type scope struct {
	named          bool
	portal, region string
}

// covers reports whether a job's key is within the scope.
func (sc scope) covers(key jobKey) bool {
	return (!sc.named || key.portal == sc.portal) && (sc.region == "" || key.region == sc.region)
}

// check reads sc as a scope, or says what is wrong with it.
func (sc controlScope) check() (scope, response, bool) {
	region, resp, ok := checkRegion(sc.Region)
	if !ok {
		return scope{}, resp, false
	}
	out := scope{region: region}
	switch {
	case sc.PortalID == "":
	case strings.EqualFold(sc.PortalID, "org"):
		out.named = true
	case isUUID(sc.PortalID):
		out.named, out.portal = true, normalizeID(sc.PortalID)
	default:
		return scope{}, controlError(http.StatusBadRequest, fmt.Sprintf(`portal_id %q is neither a UUID nor "org"`, sc.PortalID)), false
	}
	return out, response{}, true
}

// decodeScope reads a body that is only a controlScope.
func decodeScope(body []byte) (scope, response, bool) {
	var c controlScope
	if resp, ok := decodeControl(body, &c); !ok {
		return scope{}, resp, false
	}
	return c.check()
}

// checkRegion reads a control's region: a Konnect region in lower case, or
// "" for every one.
func checkRegion(name string) (string, response, bool) {
	region := strings.ToLower(name)
	if region != "" && !regions[region] {
		return "", controlError(http.StatusBadRequest, fmt.Sprintf("region %q is not a Konnect region (%s)", name, strings.Join(Regions, ", "))), false
	}
	return region, response{}, true
}

// whose names a portal's job (portal "" is the organization's) in a
// message.
func whose(portal string) string {
	if portal == "" {
		return "the organization's"
	}
	return "portal " + portal + "'s"
}

// ControlUsage lists the controls, a line each, for -h and GET /_mock.
func ControlUsage() string {
	var b strings.Builder
	for _, c := range controlRoutes {
		what := strings.ReplaceAll(c.what, "\n", "\n"+strings.Repeat(" ", 29))
		fmt.Fprintf(&b, "  %-6s %-19s %s\n", c.method, c.path, what)
	}
	return b.String()
}

func controlHelp() response {
	text := "konnect-mock's controls (their bodies are JSON, and so are their answers but this list's and a clear's):\n" + ControlUsage()
	return response{status: http.StatusOK, contentType: "text/plain; charset=utf-8", body: []byte(text)}
}

// webhookControl is POST /_mock/webhook's body: the webhook, then the
// fields to change, named as GET …/audit-log-webhook/status shows them.
type webhookControl struct {
	controlScope
	Enabled             *bool   `json:"webhook_enabled"`
	Status              *string `json:"webhook_status"`
	LastAttemptAt       *string `json:"last_attempt_at"`
	LastResponseCode    *int    `json:"last_response_code"`
	LastResponseMessage *string `json:"last_response_message"`
}

// controlWebhook changes a webhook's status and answers it as a GET of the
// status would show it. Without a region it sets the webhook in every
// region, replacing any region's own setting. A last_response_code without
// last_attempt_at dates the attempt now.
func (s *Server) controlWebhook(body []byte) response {
	var c webhookControl
	if resp, ok := decodeControl(body, &c); !ok {
		return resp
	}
	sc, resp, ok := c.check()
	if !ok {
		return resp
	}
	if !sc.named {
		return controlError(http.StatusBadRequest, `portal_id is required: a portal's UUID, or "org" for the organization's webhook`)
	}
	portal, region := sc.portal, sc.region
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhookLocked(region, portal)
	if c.Enabled != nil {
		w.Enabled = *c.Enabled
	}
	if c.Status != nil {
		w.Status = *c.Status
	}
	if c.LastResponseCode != nil {
		// 0 clears the code, as for a webhook never attempted; any other
		// is an attempt's answer, dated now unless last_attempt_at says.
		w.LastResponseCode = *c.LastResponseCode
		if w.LastResponseCode != 0 {
			w.LastAttemptAt = now
		}
	}
	if c.LastResponseMessage != nil {
		w.LastResponseMessage = *c.LastResponseMessage
	}
	if c.LastAttemptAt != nil && *c.LastAttemptAt == "" {
		w.LastAttemptAt = time.Time{} // never attempted
	} else if c.LastAttemptAt != nil {
		at, err := time.Parse(time.RFC3339Nano, *c.LastAttemptAt)
		if err != nil {
			return controlError(http.StatusBadRequest, fmt.Sprintf("last_attempt_at %q is not an RFC 3339 time, such as %s", *c.LastAttemptAt, now.UTC().Format(time.RFC3339)))
		}
		w.LastAttemptAt = at
	}
	if err := w.validate(); err != nil {
		return controlError(http.StatusBadRequest, strings.NewReplacer("Status", "webhook_status", "LastResponseCode", "last_response_code").Replace(err.Error()))
	}
	w = s.keptWebhook(w)
	if region == "" {
		for key := range s.webhooks {
			if key.portal == portal {
				delete(s.webhooks, key)
			}
		}
	}
	s.webhooks[hookKey{region: region, portal: portal}] = w
	return webhookResponse(w)
}

// portalControl is POST /_mock/portals's body.
type portalControl struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	API    string `json:"api"`
	Region string `json:"region"`
}

// portalAdded is POST /_mock/portals's answer.
type portalAdded struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	API    string `json:"api"`
	Region string `json:"region,omitempty"`
}

// controlPortal adds a portal with a name, for one API, in one region or
// every one. Unlike AddPortals, a classic portal added while every ID is a
// classic portal leaves the others so: the controls add, never take away.
func (s *Server) controlPortal(body []byte) response {
	c := portalControl{API: "v3"}
	if resp, ok := decodeControl(body, &c); !ok {
		return resp
	}
	region, resp, ok := checkRegion(c.Region)
	if !ok {
		return resp
	}
	switch {
	case strings.TrimSpace(c.Name) == "":
		return controlError(http.StatusBadRequest, "name is required: the portal's name, as its list shows it")
	case c.API != "v2" && c.API != "v3":
		return controlError(http.StatusBadRequest, fmt.Sprintf(`api %q is neither "v3" (a new Dev Portal) nor "v2" (a classic one)`, c.API))
	case c.ID != "" && !isUUID(c.ID):
		return controlError(http.StatusBadRequest, fmt.Sprintf("id %q is not a UUID; leave it out to get one", c.ID))
	}
	id := normalizeID(c.ID)
	if id == "" {
		id = newUUID()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for other, name := range s.names {
		if name == c.Name && other != id {
			return controlError(http.StatusConflict, fmt.Sprintf("portal %s already has the name %q; Konnect's portal names are unique", other, c.Name))
		}
	}
	if generatedName.MatchString(c.Name) && c.Name != "portal-"+id[:8] {
		return controlError(http.StatusConflict, fmt.Sprintf("%q is the form of the names the mock gives portals it was not told the name of (portal- and "+
			"an ID's first 8 digits), and may be another portal's; choose another name", c.Name))
	}
	if _, named := s.names[id]; !named && len(s.names) >= maxNamedPortals {
		return controlError(http.StatusInsufficientStorage, fmt.Sprintf("the mock keeps at most %d portals added by this control, and has as many", maxNamedPortals))
	}
	if c.API == "v2" && s.classic == nil {
		delete(s.newPortals, id)
		delete(s.removed, id)
		s.placeLocked(id, region)
	} else {
		s.addPortalsLocked(c.API, region, []string{id})
	}
	s.names[id] = c.Name
	return controlJSON(http.StatusCreated, portalAdded{ID: id, Name: c.Name, API: c.API, Region: region})
}

// generatedName is the form of the names nameLocked makes up.
var generatedName = regexp.MustCompile(`^portal-[0-9a-f]{8}$`)

// newUUID is a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// jobShown is a job in the controls' answers.
type jobShown struct {
	Region    string `json:"region"`
	PortalID  string `json:"portal_id"` // "org" for the organization's
	StartAt   string `json:"start_at"`
	EndAt     string `json:"end_at"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at"`
}

// jobsLocked are the jobs the scope covers, in a fixed order, as they are
// at now.
func (s *Server) jobsLocked(sc scope, now time.Time) []jobShown {
	out := []jobShown{}
	for key := range s.jobs {
		if !sc.covers(key) {
			continue
		}
		v := s.viewLocked(key, now)
		id := key.portal
		if id == "" {
			id = "org"
		}
		out = append(out, jobShown{Region: key.region, PortalID: id, StartAt: formatTime(v.StartAt), EndAt: formatTime(v.EndAt),
			Status: v.Status, UpdatedAt: formatTime(v.UpdatedAt)})
	}
	slices.SortFunc(out, func(a, b jobShown) int { return strings.Compare(a.Region+a.PortalID, b.Region+b.PortalID) })
	return out
}

func (s *Server) controlJobs([]byte) response {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	return controlJSON(http.StatusOK, s.jobsLocked(scope{}, now))
}

// controlFail makes a job end failed. With a portal (or "org"), the jobs of
// it not yet ended, in the region or any, end failed; when none is, its next
// accepted job will. With no portal, the next job accepted anywhere (in the
// region, if given) will. Each mark serves one job: a job sent again after
// it fails completes, unless marked again.
func (s *Server) controlFail(body []byte) response {
	sc, resp, ok := decodeScope(body)
	if !ok {
		return resp
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var marked []string
	if sc.named {
		for key, j := range s.jobs {
			if !sc.covers(key) {
				continue
			}
			if st := s.viewLocked(key, now).Status; st != statusCompleted && st != statusFailed {
				j.fail = true
				s.jobs[key] = j
				marked = append(marked, fmt.Sprintf("%s job in %s, now %s,", whose(sc.portal), key.region, st))
			}
		}
	}
	if len(marked) > 0 {
		slices.Sort(marked)
		return controlJSON(http.StatusOK, map[string]string{"message": strings.Join(marked, " and ") + ` will end "failed"`})
	}
	if len(s.failNext) >= maxFailMarks {
		return controlError(http.StatusInsufficientStorage, fmt.Sprintf("%d jobs still to come are already marked to fail, as many as the mock keeps; "+
			"send their windows, or restart the mock", maxFailMarks))
	}
	s.failNext = append(s.failNext, sc)
	what := "The next job accepted"
	if sc.named {
		what = "The next job of " + whose(sc.portal) + " accepted"
	}
	if sc.region != "" {
		what += " in " + sc.region
	}
	return controlJSON(http.StatusOK, map[string]string{"message": what + ` will end "failed"`})
}

// markFailingLocked marks a job just accepted to fail when a failMark says
// so, using up that mark.
func (s *Server) markFailingLocked(key jobKey, j *job) {
	if i := slices.IndexFunc(s.failNext, func(m scope) bool { return m.covers(key) }); i >= 0 {
		j.fail = true
		s.failNext = slices.Delete(s.failNext, i, i+1)
	}
}

// controlFinish ends at once every job not yet ended (of the portal and
// region given): each is "completed", or "failed" if marked so, from now.
func (s *Server) controlFinish(body []byte) response {
	sc, resp, ok := decodeScope(body)
	if !ok {
		return resp
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	took := s.phases.accepted + s.phases.pending + s.phases.running
	for key, j := range s.jobs {
		if sc.covers(key) && !ended(s.viewLocked(key, now).Status) {
			j.acceptedAt = now.Add(-took)
			s.jobs[key] = j
		}
	}
	return controlJSON(http.StatusOK, s.jobsLocked(sc, now))
}

// requestShown is a request in GET /_mock/requests: what it asked and what
// it got, without its headers, which hold its token.
type requestShown struct {
	Turn     int       `json:"turn"`
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Query    string    `json:"query,omitempty"`
	Region   string    `json:"region"`
	PortalID string    `json:"portal_id,omitempty"`
	Body     string    `json:"body,omitempty"`
	Status   int       `json:"status"`
	Fault    FaultKind `json:"fault,omitempty"`
}

func (s *Server) controlRequests([]byte) response {
	out := []requestShown{}
	for _, r := range s.Requests() {
		out = append(out, requestShown{Turn: r.Turn, Method: r.Method, Path: r.Path, Query: r.Query, Region: r.Region,
			PortalID: r.PortalID, Body: r.Body, Status: r.Status, Fault: r.Fault})
	}
	return controlJSON(http.StatusOK, out)
}

func (s *Server) controlClearRequests([]byte) response {
	s.ResetRequests()
	return response{status: http.StatusNoContent}
}
