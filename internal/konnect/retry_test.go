package konnect

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/clock/clocktest"
)

// fastRetry keeps the tests quick while still exercising backoff.
var fastRetry = Retry{Max: 3, WaitMin: time.Millisecond, WaitMax: 4 * time.Millisecond}

// step is one scripted answer; drop closes the connection without answering.
type step struct {
	status     int
	retryAfter string
	body       string
	drop       bool
}

// flaky answers each request with the next step (the last repeats), records
// the bodies it received and counts the connections it accepted.
type flaky struct {
	srv    *httptest.Server
	mu     sync.Mutex
	steps  []step
	next   int
	bodies []string
	conns  int
}

func newFlaky(t *testing.T, steps ...step) *flaky {
	t.Helper()
	f := &flaky{steps: steps}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			f.mu.Lock()
			f.conns++
			f.mu.Unlock()
		}
	}
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *flaky) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	s := f.steps[min(f.next, len(f.steps)-1)]
	f.next++
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	if s.drop {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if s.retryAfter != "" {
		w.Header().Set("Retry-After", s.retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(s.status)
	body := s.body
	if body == "" && s.status < 300 {
		body = jobJSON
	}
	io.WriteString(w, body)
}

func (f *flaky) attempts() int { f.mu.Lock(); defer f.mu.Unlock(); return f.next }

func (f *flaky) client(t *testing.T, retry Retry) (*Client, *[]RequestInfo) {
	t.Helper()
	var (
		mu    sync.Mutex
		infos []RequestInfo
	)
	c, err := New(Config{
		ServerURL: f.srv.URL + "/{region}", Token: "kpat_secret", Retry: retry,
		Observe: func(_ context.Context, i RequestInfo) { mu.Lock(); infos = append(infos, i); mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, &infos
}

// Every way a request can end, for a read (retried freely) and for a replay
// window (sent once: retried only when Konnect cannot have processed it).
func TestRetries(t *testing.T) {
	t.Parallel()
	ok := step{status: 200}
	type want struct {
		attempts int
		ending   Ending
		text     string // in the error
	}
	cases := []struct {
		name     string
		steps    []step
		get, put want
	}{
		{"503 then success", []step{{status: 503}, {status: 503}, ok}, want{3, Answered, ""}, want{3, Answered, ""}},
		{"429 with Retry-After 0", []step{{status: 429, retryAfter: "0"}, ok}, want{2, Answered, ""}, want{2, Answered, ""}},
		{"502 HTML page then success", []step{{status: 502, body: "<html>bad gateway</html>"}, ok},
			want{2, Answered, ""}, want{1, ServerFault, "502 Bad Gateway: <html>bad gateway</html>"}},
		{"504 then success", []step{{status: 504}, ok}, want{2, Answered, ""}, want{1, ServerFault, "504"}},
		{"dropped connection then success", []step{{drop: true}, ok}, want{2, Answered, ""}, want{1, NoAnswer, "EOF"}},
		{"persistent 502", []step{{status: 502, body: "<html>\n<h1>502 Bad Gateway</h1>\n</html>"}},
			want{4, ServerFault, "502 Bad Gateway: <html> <h1>502 Bad Gateway</h1> </html> (after 4 attempts)"},
			want{1, ServerFault, "502 Bad Gateway: <html> <h1>502 Bad Gateway</h1> </html>"}},
		{"persistent 503", []step{{status: 503}}, want{4, Unavailable, "(after 4 attempts)"}, want{4, Unavailable, "(after 4 attempts)"}},
		{"persistent drop", []step{{drop: true}}, want{4, NoAnswer, "EOF (after 4 attempts)"}, want{1, NoAnswer, "EOF"}},
		{"400 is not retried", []step{{status: 400}, ok}, want{1, Rejected, "400"}, want{1, Rejected, "400"}},
		{"401 is not retried", []step{{status: 401}, ok}, want{1, Rejected, "401"}, want{1, Rejected, "401"}},
		{"403 is not retried", []step{{status: 403}, ok}, want{1, Rejected, "403"}, want{1, Rejected, "403"}},
		{"404 is not retried", []step{{status: 404}, ok}, want{1, Rejected, "404"}, want{1, Rejected, "404"}},
		{"409 is not retried", []step{{status: 409}, ok}, want{1, Conflict, "409"}, want{1, Conflict, "409"}},
		{"500 is not retried", []step{{status: 500}, ok}, want{1, ServerFault, "500"}, want{1, ServerFault, "500"}},
		// 507: the server had no room to store it, and did not carry it out.
		{"507 is a refusal, not retried", []step{{status: 507}, ok}, want{1, Rejected, "507"}, want{1, Rejected, "507"}},
	}
	for _, tc := range cases {
		for _, method := range []string{http.MethodGet, http.MethodPut} {
			w := tc.get
			if method == http.MethodPut {
				w = tc.put
			}
			t.Run(tc.name+"/"+method, func(t *testing.T) {
				t.Parallel()
				f := newFlaky(t, tc.steps...)
				c, infos := f.client(t, fastRetry)
				var err error
				if method == http.MethodGet {
					_, err = c.GetReplayJob(context.Background(), PortalScope("eu", V2, portal))
				} else {
					win := Window{StartAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), EndAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}
					_, err = c.PutReplayJob(context.Background(), PortalScope("eu", V2, portal), win)
				}
				if got := f.attempts(); got != w.attempts {
					t.Errorf("server saw %d attempts, want %d", got, w.attempts)
				}
				for i, b := range f.bodies {
					if b != f.bodies[0] {
						t.Errorf("attempt %d sent %q, want the same body as attempt 1 (%q)", i+1, b, f.bodies[0])
					}
				}
				if got := EndingOf(err); got != w.ending {
					t.Fatalf("ending %s (%v), want %s", got, err, w.ending)
				}
				if err != nil && (!strings.Contains(err.Error(), w.text) || strings.Contains(err.Error(), "kpat_secret")) {
					t.Fatalf("error %q: want it to contain %q and never the token", err, w.text)
				}
				// Observe hears of every attempt; all but the last say they retry.
				if len(*infos) != w.attempts {
					t.Fatalf("Observe heard %d attempts, want %d: %+v", len(*infos), w.attempts, *infos)
				}
				for i, info := range *infos {
					last := i == len(*infos)-1
					if info.Attempt != i+1 || info.Retrying == last || info.Method != method {
						t.Errorf("attempt %d observed as %+v", i+1, info)
					}
				}
			})
		}
	}
}

// A replay window that could not even connect never left, so it is retried;
// the ending says so when the retries run out.
func TestUnreachableIsRetriedEvenForAWindow(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: every dial is refused
	var attempts int
	c, err := New(Config{ServerURL: "http://" + addr, Token: "kpat_secret", Retry: fastRetry,
		Observe: func(context.Context, RequestInfo) { attempts++ }})
	if err != nil {
		t.Fatal(err)
	}
	win := Window{StartAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), EndAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}
	_, err = c.PutReplayJob(context.Background(), PortalScope("eu", V2, portal), win)
	if EndingOf(err) != Unreachable || attempts != fastRetry.Max+1 {
		t.Fatalf("PutReplayJob = %v (ending %s) after %d attempts; want unreachable after %d", err, EndingOf(err), attempts, fastRetry.Max+1)
	}
}

// The caller's context ending tells apart a request that was under way (it
// may have arrived) from one that was waiting to be retried (it did not).
func TestStoppedEndings(t *testing.T) {
	t.Parallel()
	win := Window{StartAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), EndAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}

	t.Run("in flight", func(t *testing.T) {
		t.Parallel()
		arrived := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body) // so that the server notices the client leave
			close(arrived)
			<-r.Context().Done()
		}))
		t.Cleanup(srv.Close)
		c, err := New(Config{ServerURL: srv.URL, Token: "kpat_secret", Retry: fastRetry})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-arrived; cancel() }()
		_, err = c.PutReplayJob(ctx, PortalScope("eu", V2, portal), win)
		if EndingOf(err) != StoppedInFlight || !errors.Is(err, context.Canceled) {
			t.Fatalf("PutReplayJob = %v (ending %s), want stopped in flight", err, EndingOf(err))
		}
	})

	t.Run("in flight when the caller's timeout ran out", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body)
			<-r.Context().Done()
		}))
		t.Cleanup(srv.Close)
		c, err := New(Config{ServerURL: srv.URL, Token: "kpat_secret", Retry: fastRetry})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := clock.Real().WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err = c.GetReplayJob(ctx, PortalScope("eu", V2, portal))
		if EndingOf(err) != StoppedInFlight || !errors.Is(err, clock.ErrTimedOut) || strings.Count(err.Error(), "http://") != 1 {
			t.Fatalf("GetReplayJob = %v (ending %s); want stopped in flight, its cause the caller's timeout, the URL said once", err, EndingOf(err))
		}
	})

	t.Run("waiting to retry", func(t *testing.T) {
		t.Parallel()
		f := newFlaky(t, step{status: 503, retryAfter: "3600"})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c, err := New(Config{ServerURL: f.srv.URL, Token: "kpat_secret", Retry: fastRetry,
			Observe: func(_ context.Context, i RequestInfo) {
				if i.Retrying {
					cancel()
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.PutReplayJob(ctx, PortalScope("eu", V2, portal), win)
		if EndingOf(err) != StoppedBeforeSending || f.attempts() != 1 {
			t.Fatalf("PutReplayJob = %v (ending %s) after %d attempts; want stopped before sending after 1", err, EndingOf(err), f.attempts())
		}
	})

	t.Run("before the first attempt", func(t *testing.T) {
		t.Parallel()
		f := newFlaky(t, step{status: 200})
		c, _ := f.client(t, fastRetry)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.PutReplayJob(ctx, PortalScope("eu", V2, portal), win)
		if EndingOf(err) != StoppedBeforeSending || f.attempts() != 0 {
			t.Fatalf("PutReplayJob = %v (ending %s) after %d attempts; want stopped before sending, none sent", err, EndingOf(err), f.attempts())
		}
	})
}

// Waits between attempts are on the client's clock: an automatic fake clock
// honours a long Retry-After (up to the cap) at once, and a read bounded by
// a deadline gives up at once when Konnect asks for longer than is left.
func TestRetryWaitsOnTheClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

	honoured := []struct {
		name, header string
		want         time.Duration
	}{
		{"within the cap", "240", 240 * time.Second},
		{"delay-seconds past 32 bits waits the cap", "4294967296", MaxRetryAfter},
		{"delay-seconds past 64 bits waits the cap", "99999999999999999999", MaxRetryAfter},
	}
	for _, tc := range honoured {
		t.Run("honoured/"+tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFlaky(t, step{status: 429, retryAfter: tc.header}, step{status: 200})
			clk := clocktest.NewAuto(start)
			c, err := New(Config{ServerURL: f.srv.URL, Token: "kpat_secret", Retry: DefaultRetry, Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetReplayJob(context.Background(), PortalScope("eu", V2, portal)); err != nil {
				t.Fatal(err)
			}
			// What was asked, plus at most WaitMin and a tenth of it in jitter.
			if waited, most := clk.Now().Sub(start), tc.want+DefaultRetry.WaitMin+tc.want/10; waited < tc.want || waited >= most {
				t.Errorf("Retry-After %s: waited %s, want within [%s, %s)", tc.header, waited, tc.want, most)
			}
		})
	}

	t.Run("longer than the time left", func(t *testing.T) {
		t.Parallel()
		f := newFlaky(t, step{status: 429, retryAfter: "240"}, step{status: 200})
		clk := clocktest.NewAuto(start)
		c, err := New(Config{ServerURL: f.srv.URL, Token: "kpat_secret", Retry: DefaultRetry, Clock: clk})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := clk.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		_, err = c.GetReplayJob(ctx, PortalScope("eu", V2, portal))
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != 429 || e.RetryAfter < 240*time.Second || f.attempts() != 1 || !clk.Now().Equal(start) {
			t.Fatalf("GetReplayJob = %v after %d attempts, clock moved %s; want the 429 at once, saying Konnect asked for 240 s",
				err, f.attempts(), clk.Now().Sub(start))
		}
		if !strings.Contains(err.Error(), "longer than the time left") {
			t.Errorf("error %q does not say why it did not wait", err)
		}
	})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"7", 7 * time.Second, true},
		{" 0 ", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Tuesday, 24-Nov-26 12:00:30 GMT", 30 * time.Second, true}, // RFC 850, still allowed by HTTP
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"301", MaxRetryAfter, true},
		{"4294967295", MaxRetryAfter, true},           // the most 32 bits hold
		{"4294967296", MaxRetryAfter, true},           // one more, once taken as unreadable
		{"99999999999999999999", MaxRetryAfter, true}, // past 64 bits
		{now.Add(time.Hour).Format(http.TimeFormat), MaxRetryAfter, true},
		{"Fri, 31 Dec 9999 23:59:59 GMT", MaxRetryAfter, true}, // past what a time.Duration holds
		{"", 0, false},
		{"-3", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	}
	for _, tc := range cases {
		got, ok := retryAfter(tc.header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}

	r := Retry{Max: 3, WaitMin: time.Second, WaitMax: 8 * time.Second}
	header := func(h string) http.Header { return http.Header{"Retry-After": {h}} }
	// What Konnect asks for, plus jitter of up to WaitMin and a tenth.
	for h, base := range map[string]time.Duration{
		"12": 12 * time.Second, "86400": MaxRetryAfter, "4294967296": MaxRetryAfter, "99999999999999999999": MaxRetryAfter,
		// Never sooner than WaitMin: a PUT is never sent again at once.
		"0": r.WaitMin, "Thu, 01 Jan 1970 00:00:00 GMT": r.WaitMin,
	} {
		seen := map[time.Duration]bool{}
		for range 100 {
			got, asked := r.backoff(1, header(h), now)
			if !asked || got < base || got >= base+r.WaitMin+base/10 {
				t.Fatalf("backoff with Retry-After %s = %s (asked %v), want within [%s, %s)", h, got, asked, base, base+r.WaitMin+base/10)
			}
			seen[got] = true
		}
		if len(seen) < 10 {
			t.Errorf("backoff with Retry-After %s took %d distinct values in 100 draws; want jitter", h, len(seen))
		}
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	t.Parallel()
	r := Retry{Max: 10, WaitMin: time.Second, WaitMax: 8 * time.Second}
	// Within the upper half of the doubled wait, and never under WaitMin:
	// no request, a PUT least of all, is repeated without a pause.
	for n, base := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 9: 8 * time.Second} {
		lowest := max(base/2, r.WaitMin)
		seen := map[time.Duration]bool{}
		for range 200 {
			d, asked := r.backoff(n, http.Header{}, time.Now())
			if asked || d < lowest || d > lowest+base/2 {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", n, d, lowest, lowest+base/2)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("backoff(%d) took only %d distinct values in 200 draws; want jitter", n, len(seen))
		}
	}
}

func TestCancelStopsAWaitPromptly(t *testing.T) {
	t.Parallel()
	// Konnect asks for an hour; cancelling must not wait for it.
	f := newFlaky(t, step{status: 429, retryAfter: "3600"})
	observed := make(chan RequestInfo, 10)
	c, err := New(Config{ServerURL: f.srv.URL, Token: "kpat_secret", Retry: fastRetry,
		Observe: func(_ context.Context, i RequestInfo) { observed <- i }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.GetReplayJob(ctx, PortalScope("us", V2, portal))
		done <- err
	}()
	first := <-observed
	cancel()
	err = <-done
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("GetReplayJob after cancel = %v, want context.Canceled", err)
	}
	if f.attempts() != 1 || len(observed) != 0 || !first.Retrying || first.RetryIn < MaxRetryAfter {
		t.Fatalf("attempts %d, first observed %+v; want one attempt that planned to wait %s", f.attempts(), first, MaxRetryAfter)
	}
}

func TestConnectionsAreReusedAcrossFailures(t *testing.T) {
	t.Parallel()
	f := newFlaky(t, step{status: 200})
	c, _ := f.client(t, fastRetry)
	ref := PortalScope("us", V2, portal)
	for range 5 {
		if _, err := c.GetReplayJob(context.Background(), ref); err != nil {
			t.Fatal(err)
		}
	}
	// A call that gives up must not close the pool's idle connections.
	f.mu.Lock()
	f.steps = []step{{status: 503}}
	f.mu.Unlock()
	if _, err := c.GetReplayJob(context.Background(), ref); StatusOf(err) != 503 {
		t.Fatalf("want a 503 after retries, got %v", err)
	}
	f.mu.Lock()
	f.steps, f.next = []step{{status: 200}}, 0
	f.mu.Unlock()
	if _, err := c.GetReplayJob(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	if f.conns != 1 {
		t.Fatalf("the server accepted %d connections for sequential requests, want 1 (keep-alive)", f.conns)
	}
}

func TestOldTLSIsRefusedWithoutRetry(t *testing.T) {
	t.Parallel()
	var attempts int
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { attempts++ }))
	srv.TLS = &tls.Config{MaxVersion: tls.VersionTLS11}
	srv.Config.ErrorLog = discardLog()
	srv.StartTLS()
	t.Cleanup(srv.Close)

	hc := NewHTTPClient(5 * time.Second)
	hc.Transport.(*http.Transport).TLSClientConfig.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	var observed int
	c, err := New(Config{ServerURL: srv.URL, Token: "kpat_secret", HTTPClient: hc, Retry: fastRetry,
		Observe: func(context.Context, RequestInfo) { observed++ }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetReplayJob(context.Background(), PortalScope("us", V2, portal))
	if err == nil || !strings.Contains(err.Error(), "protocol version") {
		t.Fatalf("GetReplayJob over TLS 1.1 = %v, want a protocol version error", err)
	}
	if observed != 1 || attempts != 0 {
		t.Fatalf("observed %d attempts (handler ran %d times), want 1 and 0: a TLS version mismatch is not retried", observed, attempts)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var leaked sync.Map
	other := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		leaked.Store("hit", r.Header.Get("Authorization"))
	}))
	t.Cleanup(other.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{ServerURL: srv.URL, Token: "kpat_secret", Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetReplayJob(context.Background(), PortalScope("us", V2, portal))
	if StatusOf(err) != http.StatusTemporaryRedirect {
		t.Fatalf("GetReplayJob = %v, want the 307 itself as the error", err)
	}
	if _, hit := leaked.Load("hit"); hit {
		t.Fatal("the redirect was followed")
	}
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }

func TestAnswerCutShortAfterAcceptIsAnAnswerError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "500")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"status":"acc`)
		w.(http.Flusher).Flush()
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{ServerURL: srv.URL, Token: "kpat_secret", Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	win := Window{StartAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), EndAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}
	_, err = c.PutReplayJob(context.Background(), PortalScope("us", V2, portal), win)
	var ae *AnswerError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusAccepted || !strings.Contains(err.Error(), "the body was cut short: unexpected EOF") {
		t.Fatalf("PutReplayJob = %v (%T); want an *AnswerError for a 202 whose body was cut short", err, err)
	}
}

func TestRequestTimeoutIsNotTheCallersDeadline(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	c, err := New(Config{ServerURL: srv.URL, Token: "kpat_secret", HTTPClient: NewHTTPClient(50 * time.Millisecond),
		Retry: Retry{Max: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetReplayJob(context.Background(), PortalScope("us", V2, portal))
	if err == nil || errors.Is(err, context.DeadlineExceeded) ||
		!strings.Contains(err.Error(), "no answer within the request timeout of 50ms (request_timeout) (after 2 attempts)") {
		t.Fatalf("GetReplayJob = %v; want the request timeout named, after 2 attempts, and not the caller's deadline", err)
	}
}
