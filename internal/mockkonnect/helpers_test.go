package mockkonnect_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

const (
	token   = "kpat_test"
	portalA = "0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4"
	portalB = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
	// portalN is a new Dev Portal where a test says so (Options.NewPortals):
	// known under /v3 only.
	portalN = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a"
	jobPath = "/audit-log-replay-job"
	// hookPath is the webhook status route, after /portals/{id} or alone.
	hookPath = "/audit-log-webhook/status"
)

// t0 is the fake clock's starting time; windows in tests are relative to it.
var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// portalPath is the job path of a portal in a region ("" for no prefix).
func portalPath(region, version, portal string) string {
	p := "/" + version + "/portals/" + portal + jobPath
	if region != "" {
		p = "/" + region + p
	}
	return p
}

// webhookPath is the webhook status path of a portal ("" for the
// organization) in a region ("" for no prefix).
func webhookPath(region, version, portal string) string {
	p := "/" + version + hookPath
	if portal != "" {
		p = "/" + version + "/portals/" + portal + hookPath
	}
	if region != "" {
		p = "/" + region + p
	}
	return p
}

// call sends one request with the test token.
func call(t *testing.T, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	return callAuth(t, h, method, path, body, "Bearer "+token)
}

// callAuth sends one request with the given Authorization header ("" for none).
func callAuth(t *testing.T, h http.Handler, method, path, body, auth string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// jobJSON is a job as a client decodes it; kept apart from the package's own
// types so the tests check the wire format.
type jobJSON struct {
	StartAt   string `json:"start_at"`
	EndAt     string `json:"end_at"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at"`
}

type paramJSON struct {
	Field  string `json:"field"`
	Rule   string `json:"rule"`
	Source string `json:"source"`
	Reason string `json:"reason"`
}

type problemJSON struct {
	Status            int         `json:"status"`
	Title             string      `json:"title"`
	Instance          string      `json:"instance"`
	Detail            string      `json:"detail"`
	InvalidParameters []paramJSON `json:"invalid_parameters"`
}

// decodeAnswer checks an answer's status and content type, and decodes its
// body as a T, which must name every field the body has; what names the
// body in a failure.
func decodeAnswer[T any](t *testing.T, rec *httptest.ResponseRecorder, wantStatus int, contentType, what string) T {
	t.Helper()
	if rec.Code != wantStatus {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, wantStatus, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != contentType {
		t.Fatalf("Content-Type = %q, want %s", ct, contentType)
	}
	var v T
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", what, err)
	}
	return v
}

func decodeJob(t *testing.T, rec *httptest.ResponseRecorder, wantStatus int) jobJSON {
	t.Helper()
	return decodeAnswer[jobJSON](t, rec, wantStatus, "application/json", "job")
}

// webhookJSON is a webhook status as a client decodes it. The pointers tell
// a field left out from a zero value.
type webhookJSON struct {
	WebhookEnabled      *bool   `json:"webhook_enabled"`
	WebhookStatus       *string `json:"webhook_status"`
	LastAttemptAt       *string `json:"last_attempt_at"`
	LastResponseCode    *int    `json:"last_response_code"`
	LastResponseMessage *string `json:"last_response_message"`
}

func decodeWebhook(t *testing.T, rec *httptest.ResponseRecorder) webhookJSON {
	t.Helper()
	return decodeAnswer[webhookJSON](t, rec, http.StatusOK, "application/json", "webhook status")
}

var traceRE = regexp.MustCompile(`^(kong|konnect):trace:[0-9]+$`)

func decodeProblem(t *testing.T, rec *httptest.ResponseRecorder, wantStatus int) problemJSON {
	t.Helper()
	p := decodeAnswer[problemJSON](t, rec, wantStatus, "application/problem+json", "problem")
	if p.Status != wantStatus {
		t.Errorf("problem status = %d, want %d", p.Status, wantStatus)
	}
	if !traceRE.MatchString(p.Instance) {
		t.Errorf("instance = %q, want kong:trace:<digits>", p.Instance)
	}
	if p.Title == "" || p.Detail == "" {
		t.Errorf("problem lacks title or detail: %+v", p)
	}
	return p
}

// window is a PUT body.
func window(start, end time.Time) string {
	return `{"start_at":"` + start.Format(time.RFC3339) + `","end_at":"` + end.Format(time.RFC3339) + `"}`
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// newServer returns a server on a fake clock with the given phase lengths.
func newServer(accepted, pending, running time.Duration) (*mockkonnect.Server, *fakeClock) {
	clock := newClock()
	return mockkonnect.New(mockkonnect.Options{
		Token: token, Now: clock.Now, Accepted: accepted, Pending: pending, Running: running,
	}), clock
}

// newRequest is a request with the test token, for serve.
func newRequest(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// serve is call for requests a fault may leave unanswered: it reports the
// handler's http.ErrAbortHandler panic instead of passing it on.
func serve(t *testing.T, h http.Handler, req *http.Request) (rec *httptest.ResponseRecorder, aborted bool) {
	t.Helper()
	rec = httptest.NewRecorder()
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			aborted = true
		}
	}()
	h.ServeHTTP(rec, req)
	return rec, false
}

// faultServer is newServer(0, 0, 0) with fault rules set.
func faultServer(t *testing.T, faults ...mockkonnect.Fault) *mockkonnect.Server {
	t.Helper()
	s, _ := newServer(0, 0, 0)
	if err := s.SetFaults(faults...); err != nil {
		t.Fatalf("SetFaults: %v", err)
	}
	return s
}

// lastLogged is the newest entry of the request log.
func lastLogged(t *testing.T, s *mockkonnect.Server) mockkonnect.Request {
	t.Helper()
	log := s.Requests()
	if len(log) == 0 {
		t.Fatal("request log is empty")
	}
	return log[len(log)-1]
}
