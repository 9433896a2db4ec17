package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock/clocktest"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// answer is one scripted answer to one request.
type answer struct {
	method string // the request it expects
	status int
	body   string
	// contentType defaults to application/json.
	contentType string
	// drop closes the connection without answering; stall holds the answer
	// and has the client give up on it as its request timeout would;
	// interrupt stops the caller (Ctrl-C) and then holds the answer.
	drop, stall, interrupt bool
	// echo answers with the job of the window the last PUT sent, its
	// status body.
	echo bool
}

// script is a server that answers each request with the next answer, and
// then the repeat answers in turn, forever. A request for another method
// than the answer expects fails the test.
type script struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	steps  []answer
	repeat []answer
	seen   []string // "METHOD status" per request
	bodies []string
	cancel context.CancelFunc
	// held gets a signal for each request a stall step holds, for the client's
	// transport to end it as timed out: at once, however busy the machine.
	held chan struct{}
}

func newScript(t *testing.T, steps []answer, repeat []answer) *script {
	t.Helper()
	s := &script{t: t, steps: steps, repeat: repeat, held: make(chan struct{}, 1)}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *script) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.seen)
	var a answer
	switch {
	case n < len(s.steps):
		a = s.steps[n]
	case len(s.repeat) > 0:
		a = s.repeat[(n-len(s.steps))%len(s.repeat)]
	default:
		s.mu.Unlock()
		s.t.Errorf("request %d (%s) is beyond the script", n+1, r.Method)
		w.WriteHeader(http.StatusTeapot)
		return
	}
	method := r.Method
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/audit-log-webhook/status"):
		method = hookMethod
	case !strings.HasSuffix(r.URL.Path, "/audit-log-replay-job"):
		s.t.Errorf("request %d is %s %s, neither the job nor its webhook's status", n+1, r.Method, r.URL.Path)
	}
	if a.method != method {
		s.t.Errorf("request %d is %s, the script expects %s", n+1, method, a.method)
	}
	s.seen = append(s.seen, fmt.Sprintf("%s %d", method, a.status))
	if r.Method == http.MethodPut {
		s.bodies = append(s.bodies, string(body))
	}
	cancel := s.cancel
	s.mu.Unlock()

	switch {
	case a.drop:
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
		return
	case a.interrupt:
		cancel()
		<-r.Context().Done()
		return
	case a.stall:
		s.held <- struct{}{}
		<-r.Context().Done()
		return
	}
	if a.echo {
		s.mu.Lock()
		last := s.bodies[len(s.bodies)-1]
		s.mu.Unlock()
		var sent struct {
			StartAt time.Time `json:"start_at"`
			EndAt   time.Time `json:"end_at"`
		}
		if err := json.Unmarshal([]byte(last), &sent); err != nil {
			s.t.Errorf("the PUT sent %q: %v", last, err)
		}
		a.body = jobBody(konnect.Window{StartAt: sent.StartAt, EndAt: sent.EndAt}, a.body)
	}
	ct := a.contentType
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(a.status)
	io.WriteString(w, a.body)
}

func (s *script) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// The window every case sends, and jobs as Konnect would show them.
var (
	start  = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	window = konnect.Window{StartAt: start.Add(-6 * time.Hour), EndAt: start.Add(-5 * time.Hour)}
	other  = konnect.Window{StartAt: start.Add(-48 * time.Hour), EndAt: start.Add(-47 * time.Hour)}
)

func jobBody(w konnect.Window, status string) string { return jobBodyAt(w, status, start) }

func jobBodyAt(w konnect.Window, status string, updated time.Time) string {
	return fmt.Sprintf(`{"start_at":%q,"end_at":%q,"status":%q,"updated_at":%q}`,
		w.StartAt.Format(time.RFC3339Nano), w.EndAt.Format(time.RFC3339Nano), status, updated.Format(time.RFC3339))
}

// Shorthands for script answers.
func put(status int, body string) answer {
	return answer{method: http.MethodPut, status: status, body: body}
}
func get(status int, body string) answer {
	return answer{method: http.MethodGet, status: status, body: body}
}

// hookMethod stands for a GET of the webhook's status in a script.
const hookMethod = "HOOK"

func hook(status int, body string) answer {
	return answer{method: hookMethod, status: status, body: body}
}

// Webhook statuses as Konnect would show them.
const (
	hookActive   = `{"webhook_enabled":true,"webhook_status":"active"}`
	hookInactive = `{"webhook_enabled":true,"webhook_status":"inactive","last_attempt_at":"2026-11-24T11:00:00Z","last_response_code":503,"last_response_message":"Service Unavailable"}`
	hookDisabled = `{"webhook_enabled":false,"webhook_status":"active"}`
)

func ours(status string) string   { return jobBody(window, status) }
func theirs(status string) string { return jobBody(other, status) }

const (
	unconfigured = `{"start_at":"0001-01-01T00:00:00Z","end_at":"0001-01-01T00:00:00Z","status":"unconfigured","updated_at":"0001-01-01T00:00:00Z"}`
	conflict409  = `{"status":409,"title":"Conflict","detail":"A replay job is currently running"}`
)

// engine returns an engine on an automatic fake clock against the script,
// with the client's retries quick and counted.
func (s *script) engine(t *testing.T, requestTimeout time.Duration) (*Engine, *clocktest.Fake) {
	t.Helper()
	clk := clocktest.NewAuto(start)
	hc := konnect.NewHTTPClient(requestTimeout)
	hc.Transport = timingOut{base: hc.Transport, held: s.held}
	c, err := konnect.New(konnect.Config{
		ServerURL: s.srv.URL, Token: "kpat_test", HTTPClient: hc, Clock: clk,
		Retry: konnect.Retry{Max: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &Engine{Client: c, Poll: DefaultPoll, Resends: 2}, clk
}

// echoed answers method with the job of the window last PUT, in status.
func echoed(method string, status int, jobStatus string) answer {
	return answer{method: method, status: status, body: jobStatus, echo: true}
}

func joined(reqs []string) string { return strings.Join(reqs, ", ") }

// earlier is a job of this very window that finished two days ago: a failed
// one being replayed, say. It is not the job a new PUT starts.
func earlier(status string) string { return jobBodyAt(window, status, start.Add(-48*time.Hour)) }

// timingOut ends a request the script holds the way the HTTP client's
// timeout does, as soon as the script holds it: the engine sees a request
// that Konnect received and never answered, with no real wait, and no
// other request can time out on a busy machine.
type timingOut struct {
	base http.RoundTripper
	held <-chan struct{}
}

func (t timingOut) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := t.base.RoundTrip(req.WithContext(ctx))
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			cancel()
		} else {
			r.resp.Body = cancelOnClose{ReadCloser: r.resp.Body, cancel: cancel}
		}
		return r.resp, r.err
	case <-t.held:
		cancel()
		<-done
		return nil, fmt.Errorf("awaiting headers: %w", context.DeadlineExceeded)
	}
}

// cancelOnClose releases a request's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
