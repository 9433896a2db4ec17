package mockkonnect_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Each answering kind, seen by a real HTTP client.
func TestFaultAnswers(t *testing.T) {
	t.Parallel()
	start := t0.Add(-time.Hour)
	full, err := json.Marshal(jobJSON{StartAt: rfc(start), EndAt: rfc(t0), Status: "accepted", UpdatedAt: rfc(t0)})
	if err != nil {
		t.Fatal(err)
	}
	problemOf := func(status int, title string) func(*testing.T, []byte) {
		return func(t *testing.T, body []byte) {
			rec := httptest.NewRecorder()
			rec.Header().Set("Content-Type", "application/problem+json")
			rec.WriteHeader(status)
			rec.Body.Write(body)
			if p := decodeProblem(t, rec, status); p.Title != title || p.InvalidParameters != nil {
				t.Errorf("problem = %+v, want title %q", p, title)
			}
		}
	}
	const date = "Wed, 21 Oct 2026 07:28:00 GMT"
	tests := []struct {
		name           string
		fault          mockkonnect.Fault
		wantStatus     int
		wantType       string            // Content-Type; "" for none
		wantHeader     map[string]string // further headers; "" for absent
		checkBody      func(*testing.T, []byte)
		wantProcessed  bool // the PUT changed the job
		wantFaultInLog mockkonnect.FaultKind
	}{
		{
			name: "503", fault: mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable},
			wantStatus: 503, wantType: "application/problem+json", wantHeader: map[string]string{"Retry-After": ""},
			checkBody: problemOf(503, "Service Unavailable"), wantFaultInLog: "503",
		},
		{
			name: "503 with Retry-After", fault: mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, RetryAfter: "2"},
			wantStatus: 503, wantType: "application/problem+json", wantHeader: map[string]string{"Retry-After": "2"},
			checkBody: problemOf(503, "Service Unavailable"), wantFaultInLog: "503",
		},
		{
			name: "429 defaults Retry-After to 1", fault: mockkonnect.Fault{Kind: mockkonnect.FaultRateLimited},
			wantStatus: 429, wantType: "application/problem+json", wantHeader: map[string]string{"Retry-After": "1"},
			checkBody: problemOf(429, "Too Many Requests"), wantFaultInLog: "429",
		},
		{
			name: "429 with a date", fault: mockkonnect.Fault{Kind: mockkonnect.FaultRateLimited, RetryAfter: date},
			wantStatus: 429, wantType: "application/problem+json", wantHeader: map[string]string{"Retry-After": date},
			checkBody: problemOf(429, "Too Many Requests"), wantFaultInLog: "429",
		},
		{
			name: "502 is an HTML page", fault: mockkonnect.Fault{Kind: mockkonnect.FaultBadGateway},
			wantStatus: 502, wantType: "text/html", wantHeader: map[string]string{"Retry-After": ""},
			checkBody: func(t *testing.T, body []byte) {
				s := string(body)
				if !strings.HasPrefix(s, "<html>\n") || !strings.Contains(s, "<title>502 Bad Gateway</title>") ||
					!strings.Contains(s, "<h1>502 Bad Gateway</h1>") || !strings.HasSuffix(s, "</html>\n") {
					t.Errorf("body = %q, want a small HTML page", s)
				}
			},
			wantFaultInLog: "502",
		},
		{
			name:       "respond",
			fault:      mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Status: 418, ContentType: "text/plain; charset=utf-8", Body: "short and stout"},
			wantStatus: 418, wantType: "text/plain; charset=utf-8",
			checkBody: func(t *testing.T, body []byte) {
				if string(body) != "short and stout" {
					t.Errorf("body = %q", body)
				}
			},
			wantFaultInLog: "respond",
		},
		{
			name:       "respond without a content type sends none",
			fault:      mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Status: 500, Body: "<html>oops</html>"},
			wantStatus: 500, wantType: "",
			checkBody: func(t *testing.T, body []byte) {
				if string(body) != "<html>oops</html>" {
					t.Errorf("body = %q", body)
				}
			},
			wantFaultInLog: "respond",
		},
		{
			name: "truncate processes and cuts the body in half", fault: mockkonnect.Fault{Kind: mockkonnect.FaultTruncate},
			wantStatus: 202, wantType: "application/json",
			wantHeader: map[string]string{"Content-Length": strconv.Itoa(len(full) / 2)},
			checkBody: func(t *testing.T, body []byte) {
				if want := string(full[:len(full)/2]); string(body) != want {
					t.Errorf("body = %q, want %q", body, want)
				}
				if json.Valid(body) {
					t.Errorf("body %q is valid JSON", body)
				}
			},
			wantProcessed: true, wantFaultInLog: "truncate",
		},
		{
			name: "latency answers normally", fault: mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: time.Millisecond},
			wantStatus: 202, wantType: "application/json",
			checkBody: func(t *testing.T, body []byte) {
				if string(body) != string(full) {
					t.Errorf("body = %s, want %s", body, full)
				}
			},
			wantProcessed: true, wantFaultInLog: "latency",
		},
		{
			name: "stall answers in full once the delay has passed", fault: mockkonnect.Fault{Kind: mockkonnect.FaultStall, Delay: time.Millisecond},
			wantStatus: 202, wantType: "application/json",
			checkBody: func(t *testing.T, body []byte) {
				if string(body) != string(full) {
					t.Errorf("body = %s, want %s", body, full)
				}
			},
			wantProcessed: true, wantFaultInLog: "stall",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := faultServer(t, tc.fault)
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)

			req, err := http.NewRequest(http.MethodPut, srv.URL+portalPath("eu", "v2", portalA), strings.NewReader(window(start, t0)))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("reading body: %v (Content-Length must match what is sent)", err)
			}

			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			if got, ok := resp.Header["Content-Type"]; tc.wantType == "" && ok {
				t.Errorf("Content-Type = %q, want none", got)
			} else if got := resp.Header.Get("Content-Type"); got != tc.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tc.wantType)
			}
			for name, want := range tc.wantHeader {
				if got := resp.Header.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			tc.checkBody(t, body)

			if _, ok := s.Job("eu", portalA); ok != tc.wantProcessed {
				t.Errorf("job configured = %v, want %v", ok, tc.wantProcessed)
			}
			if got := lastLogged(t, s); got.Status != tc.wantStatus || got.Fault != tc.wantFaultInLog || got.Body != window(start, t0) {
				t.Errorf("logged status, fault, body = %d, %q, %q; want %d, %q, the window",
					got.Status, got.Fault, got.Body, tc.wantStatus, tc.wantFaultInLog)
			}
		})
	}
}

// A drop leaves an http.Client with an error and no response, and leaves the
// job alone.
func TestFaultDrop(t *testing.T) {
	t.Parallel()
	s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultDrop})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	// A fresh connection per request, so the client cannot blame a stale one
	// and quietly retry.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}

	req, err := http.NewRequest(http.MethodPut, srv.URL+portalPath("", "v2", portalA), strings.NewReader(window(t0, t0)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want an error", resp.StatusCode)
	}
	if resp != nil {
		t.Errorf("got a response with the error %v", err)
	}
	if _, ok := s.Job("us", portalA); ok {
		t.Error("a dropped PUT configured the job")
	}
	if log := s.Requests(); len(log) != 1 || log[0].Status != 0 || log[0].Fault != mockkonnect.FaultDrop {
		t.Errorf("log = %+v, want one request with status 0 and fault drop", log)
	}

	// Where the connection cannot be taken over, the handler aborts instead,
	// after logging the request.
	if rec, aborted := serve(t, s, newRequest(http.MethodGet, "/v2"+jobPath, "")); !aborted {
		t.Errorf("ServeHTTP on a ResponseRecorder returned %d, want an http.ErrAbortHandler panic", rec.Code)
	}
	if got := lastLogged(t, s); got.Path != "/v2"+jobPath || got.Status != 0 || got.Fault != mockkonnect.FaultDrop {
		t.Errorf("logged %+v", got)
	}
}

// A route that no request the mock answers can match is refused: the fault
// would never apply (issue 21: -fault 503,route=DELETE was accepted).
func TestFaultRouteThatMatchesNothing(t *testing.T) {
	t.Parallel()
	for _, route := range []string{"DELETE", "OPTIONS", "/*", "/healthz", "PUT /v2/portals", "PATCH /v2/portals/*/audit-log-webhook",
		"/v4/portals/*", "/v2/portals/*/audit-log-replay-job/x"} {
		err := mockkonnect.New(mockkonnect.Options{}).SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, Route: route})
		if err == nil || !strings.Contains(err.Error(), "matches no request the mock answers") || !strings.Contains(err.Error(), "GET|PUT /v2|v3/portals/{portalId}/audit-log-replay-job") {
			t.Errorf("route %q: %v; want it refused, naming the routes the mock answers", route, err)
		}
	}
}

func TestFaultRoutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		route, method, path string
		want                bool
	}{
		{route: "", method: "GET", path: portalPath("", "v2", portalA), want: true},
		{route: "", method: "GET", path: "/nowhere", want: true},
		{route: "PUT", method: "PUT", path: portalPath("eu", "v3", portalA), want: true},
		{route: "PUT", method: "GET", path: portalPath("eu", "v3", portalA), want: false},
		{route: " PUT ", method: "PUT", path: "/v2" + jobPath, want: true},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: portalPath("", "v2", portalA), want: true},
		{route: "/v2/portals/*/audit-log-replay-job", method: "PUT", path: portalPath("eu", "v2", portalB), want: true},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: portalPath("us", "v2", portalA), want: true},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: portalPath("me", "v2", portalA), want: true},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: portalPath("eu", "v3", portalA), want: false},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: "/v2" + jobPath, want: false},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: portalPath("", "v2", portalA) + "/x", want: false},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: portalPath("xx", "v2", portalA), want: false},
		{route: "/v2/*", method: "GET", path: portalPath("", "v2", portalA), want: false}, // * stays in one segment
		{route: "/v?/portals/" + portalA + "/*", method: "GET", path: portalPath("au", "v3", portalA), want: true},
		{route: "/v?/portals/" + portalA + "/*", method: "GET", path: portalPath("au", "v3", portalB), want: false},
		{route: "GET /v2/audit-log-replay-job", method: "GET", path: "/sg/v2" + jobPath, want: true},
		{route: "GET /v2/audit-log-replay-job", method: "PUT", path: "/sg/v2" + jobPath, want: false},
		{route: "GET /v2/audit-log-replay-job", method: "GET", path: "/sg/v3" + jobPath, want: false},
		{route: "PUT /v*/portals/*/audit-log-replay-job", method: "PUT", path: portalPath("in", "v3", portalA), want: true},
		{route: "GET /v2/portals/*", method: "GET", path: "/eu/v2/portals/" + portalA, want: true},
		{route: "GET /v2/portals/*", method: "GET", path: "/v2/portals/" + portalA, want: true},
		{route: "GET /v2/portals/*", method: "GET", path: "/v3/portals/" + portalA, want: false},
		{route: "GET /v2/portals/*", method: "GET", path: portalPath("", "v2", portalA), want: false},
		{route: "/v?/portals/*", method: "GET", path: "/sg/v3/portals/" + portalB, want: true},
		{route: "/v2/portals/*/audit-log-replay-job", method: "GET", path: "/v2/portals/" + portalA, want: false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q %s %s", tc.route, tc.method, tc.path), func(t *testing.T) {
			t.Parallel()
			s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, Route: tc.route})
			body := ""
			if tc.method == http.MethodPut {
				body = window(t0, t0)
			}
			rec := call(t, s, tc.method, tc.path, body)
			if got := rec.Code == 503; got != tc.want {
				t.Errorf("faulted = %v (status %d), want %v", got, rec.Code, tc.want)
			}
		})
	}
}

// step is one request of a sequence and what it should meet.
type step struct {
	method, path, body string
	wantStatus         int                   // 0: no answer
	wantFault          mockkonnect.FaultKind // as logged
}

func runSteps(t *testing.T, s *mockkonnect.Server, steps []step) {
	t.Helper()
	for i, st := range steps {
		rec, aborted := serve(t, s, newRequest(st.method, st.path, st.body))
		status := rec.Code
		if aborted {
			status = 0
		}
		got := lastLogged(t, s)
		if status != st.wantStatus || got.Status != st.wantStatus || got.Fault != st.wantFault {
			t.Errorf("step %d, %s %s: status %d, logged %d and fault %q; want %d and %q",
				i+1, st.method, st.path, status, got.Status, got.Fault, st.wantStatus, st.wantFault)
		}
	}
}

func TestFaultSequences(t *testing.T) {
	t.Parallel()
	pathA, pathB := portalPath("", "v2", portalA), portalPath("", "v2", portalB)
	w1, w2 := window(t0.Add(-time.Hour), t0), window(t0.Add(-2*time.Hour), t0)
	const put, get = http.MethodPut, http.MethodGet
	unavailable := mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable}
	tests := []struct {
		name   string
		faults []mockkonnect.Fault
		steps  []step
	}{
		{
			name:   "first attempt of each distinct request",
			faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable, Route: "PUT /v2/portals/*/audit-log-replay-job", First: 1}},
			steps: []step{
				{method: put, path: pathA, body: w1, wantStatus: 503, wantFault: "503"},
				{method: put, path: pathB, body: w1, wantStatus: 503, wantFault: "503"},
				{method: put, path: pathA, body: w1, wantStatus: 202},
				{method: put, path: pathB, body: w1, wantStatus: 202},
				{method: put, path: pathA, body: w2, wantStatus: 503, wantFault: "503"},         // another body
				{method: put, path: "/us" + pathA, body: w1, wantStatus: 503, wantFault: "503"}, // another full path
				{method: get, path: pathA, wantStatus: 200},                                     // not on the route
				{method: put, path: pathA, body: w1, wantStatus: 202},
				{method: put, path: pathA, body: w2, wantStatus: 202},
			},
		},
		{
			name:   "first two attempts",
			faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultRateLimited, First: 2}},
			steps: []step{
				{method: get, path: pathA, wantStatus: 429, wantFault: "429"},
				{method: get, path: pathA, wantStatus: 429, wantFault: "429"},
				{method: get, path: pathA, wantStatus: 200},
				{method: get, path: pathA, wantStatus: 200},
			},
		},
		{
			name:   "share counts only requests on the route",
			faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultBadGateway, Route: "PUT", Share: 0.5}},
			steps: []step{
				{method: put, path: pathA, body: w1, wantStatus: 202},
				{method: get, path: pathA, wantStatus: 200},
				{method: get, path: pathA, wantStatus: 200},
				{method: put, path: pathB, body: w1, wantStatus: 502, wantFault: "502"},
				{method: put, path: pathB, body: w1, wantStatus: 202},
				{method: put, path: pathB, body: w1, wantStatus: 502, wantFault: "502"},
			},
		},
		{
			name: "rules count independently and the first to pick answers",
			faults: []mockkonnect.Fault{
				{Kind: mockkonnect.FaultUnavailable, First: 1},
				{Kind: mockkonnect.FaultRateLimited, First: 2},
			},
			steps: []step{
				{method: get, path: pathA, wantStatus: 503, wantFault: "503"},
				{method: get, path: pathA, wantStatus: 429, wantFault: "429"},
				{method: get, path: pathA, wantStatus: 200},
			},
		},
		{
			name: "a rule that does not pick lets the next one answer",
			faults: []mockkonnect.Fault{
				{Kind: mockkonnect.FaultDrop, Route: "GET"},
				{Kind: mockkonnect.FaultTruncate, Route: "PUT", First: 1},
				unavailable,
			},
			steps: []step{
				{method: get, path: pathA, wantStatus: 0, wantFault: "drop"},
				{method: put, path: pathA, body: w1, wantStatus: 202, wantFault: "truncate"},
				{method: put, path: pathA, body: w1, wantStatus: 503, wantFault: "503"},
			},
		},
		{
			name: "latency and an answering rule both apply",
			faults: []mockkonnect.Fault{
				{Kind: mockkonnect.FaultLatency, Delay: time.Millisecond},
				{Kind: mockkonnect.FaultUnavailable, Route: "PUT"},
			},
			steps: []step{
				{method: put, path: pathA, body: w1, wantStatus: 503, wantFault: "503"},
				{method: get, path: pathA, wantStatus: 200, wantFault: "latency"},
			},
		},
		{
			name: "latency goes first wherever it is listed",
			faults: []mockkonnect.Fault{
				unavailable,
				{Kind: mockkonnect.FaultLatency, Delay: time.Millisecond},
			},
			steps: []step{{method: get, path: pathA, wantStatus: 503, wantFault: "503"}},
		},
		{
			name:   "faults act before authentication and routing",
			faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultRateLimited, First: 1}},
			steps: []step{
				{method: get, path: "/nowhere", wantStatus: 429, wantFault: "429"},
				{method: get, path: "/nowhere", wantStatus: 404},
			},
		},
		{
			name:   "stall processes the request, then answers",
			faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultStall, Delay: time.Millisecond, Route: "PUT", First: 1}},
			steps: []step{
				{method: put, path: pathA, body: w1, wantStatus: 202, wantFault: "stall"},
				// The stalled PUT changed the job, so a repeat meets it.
				{method: get, path: pathA, wantStatus: 200},
				{method: put, path: pathA, body: w1, wantStatus: 202},
				{method: put, path: pathA, body: `{}`, wantStatus: 400, wantFault: "stall"},
			},
		},
		{
			name:   "truncate cuts errors too",
			faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultTruncate}},
			steps: []step{
				{method: put, path: pathA, body: `{}`, wantStatus: 400, wantFault: "truncate"},
				{method: http.MethodDelete, path: pathA, wantStatus: 405, wantFault: "truncate"},
			},
		},
		{
			name:   "no faults",
			faults: nil,
			steps:  []step{{method: get, path: pathA, wantStatus: 200}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			runSteps(t, faultServer(t, tc.faults...), tc.steps)
		})
	}
}

// A truncated error keeps the headers that go with it.
func TestFaultTruncateKeepsHeaders(t *testing.T) {
	t.Parallel()
	s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultTruncate})
	rec := call(t, s, http.MethodDelete, portalPath("", "v2", portalA), "")
	if rec.Code != 405 || rec.Header().Get("Allow") != "GET, PUT" || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("status %d, headers %v", rec.Code, rec.Header())
	}
	if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(rec.Body.Len()) || rec.Body.Len() == 0 {
		t.Errorf("Content-Length %s for a body of %d bytes", cl, rec.Body.Len())
	}
}

func TestFaultShare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		share float64
		n     int
		want  []int // faulted requests, from 1; nil: only check count and the last
		count int
	}{
		{share: 0.5, n: 10, want: []int{2, 4, 6, 8, 10}},
		{share: 0.25, n: 9, want: []int{4, 8}},
		{share: 0.3, n: 10, want: []int{4, 7, 10}},
		{share: 0.1, n: 10, want: []int{10}},
		{share: 1, n: 3, want: []int{1, 2, 3}},
		{share: 0.75, n: 4, want: []int{2, 3, 4}},
		// 50*0.58 is 28.999999999999996 in floating point, yet 29 of 50.
		{share: 0.58, n: 50, count: 29},
	}
	for _, tc := range tests {
		t.Run(strconv.FormatFloat(tc.share, 'g', -1, 64), func(t *testing.T) {
			t.Parallel()
			fault := mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, Share: tc.share}
			s := faultServer(t, fault)
			// Twice, so SetFaults must reset the count to repeat the pattern.
			for round := range 2 {
				var got []int
				for i := 1; i <= tc.n; i++ {
					if call(t, s, http.MethodGet, portalPath("", "v2", portalA), "").Code == 503 {
						got = append(got, i)
					}
				}
				if tc.want == nil {
					if len(got) != tc.count || got[len(got)-1] != tc.n {
						t.Errorf("round %d: faulted %v, want %d ending with %d", round+1, got, tc.count, tc.n)
					}
				} else if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("round %d: faulted %v, want %v", round+1, got, tc.want)
				}
				if err := s.SetFaults(fault); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	const delay = 30 * time.Millisecond
	t.Run("waits then answers", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: delay, Route: "GET"})
		began := time.Now()
		decodeJob(t, call(t, s, http.MethodGet, portalPath("", "v2", portalA), ""), 200)
		if took := time.Since(began); took < delay {
			t.Errorf("answered after %s, want at least %s", took, delay)
		}
		if got := lastLogged(t, s); got.Fault != mockkonnect.FaultLatency || got.Status != 200 {
			t.Errorf("logged fault, status = %q, %d", got.Fault, got.Status)
		}
	})

	t.Run("cancelled request is not processed", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: time.Hour})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := newRequest(http.MethodPut, portalPath("", "v2", portalA), window(t0, t0)).WithContext(ctx)
		done := make(chan bool, 1)
		go func() {
			_, aborted := serve(t, s, req)
			done <- aborted
		}()
		select {
		case aborted := <-done:
			if !aborted {
				t.Error("ServeHTTP answered a request whose client is gone")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("ServeHTTP still waiting after the request's context ended")
		}
		if _, ok := s.Job("us", portalA); ok {
			t.Error("a request cancelled during its delay configured the job")
		}
		if got := lastLogged(t, s); got.Fault != mockkonnect.FaultLatency || got.Status != 0 {
			t.Errorf("logged fault, status = %q, %d; want latency, 0", got.Fault, got.Status)
		}
	})

	t.Run("client timeout ends the wait", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t,
			mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: 20 * time.Second},
			mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable},
		)
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close) // waits out the delay if the handler ignores the context
		client := &http.Client{Timeout: 50 * time.Millisecond}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+portalPath("", "v2", portalA), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("got status %d, want a timeout", resp.StatusCode)
		}
		deadline := time.Now().Add(5 * time.Second)
		for len(s.Requests()) == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the handler is still waiting 5s after the client gave up")
			}
			time.Sleep(5 * time.Millisecond)
		}
		// The answering rule never saw the request.
		if got := lastLogged(t, s); got.Fault != mockkonnect.FaultLatency || got.Status != 0 {
			t.Errorf("logged fault, status = %q, %d; want latency, 0", got.Fault, got.Status)
		}
	})

	t.Run("first latency rule wins", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t,
			mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: time.Millisecond},
			mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: time.Hour},
		)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if rec, aborted := serve(t, s, newRequest(http.MethodGet, "/v2"+jobPath, "").WithContext(ctx)); aborted || rec.Code != 200 {
			t.Errorf("aborted = %v, status %d; want a 200 after 1ms", aborted, rec.Code)
		}
	})
}

// A stall holds a processed answer back: the client sees it late, or not at
// all if it gives up first, but the change is made either way.
func TestFaultStall(t *testing.T) {
	t.Parallel()
	start := t0.Add(-time.Hour)

	t.Run("client timeout after acceptance", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultStall, Delay: 20 * time.Second, Route: "PUT"})
		handled := make(chan bool, 1)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				handled <- v == http.ErrAbortHandler
				if v != nil && v != http.ErrAbortHandler {
					panic(v)
				}
			}()
			s.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close) // waits out the stall if the handler ignores the context
		client := &http.Client{Timeout: 100 * time.Millisecond}
		req, _ := http.NewRequest(http.MethodPut, srv.URL+portalPath("eu", "v2", portalA), strings.NewReader(window(start, t0)))
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("got status %d, want a timeout", resp.StatusCode)
		}
		select {
		case <-handled:
		case <-time.After(5 * time.Second):
			t.Fatal("the handler is still stalling 5s after the client gave up")
		}
		if got := lastLogged(t, s); got.Fault != mockkonnect.FaultStall || got.Status != 202 {
			t.Errorf("logged fault, status = %q, %d; want stall, 202", got.Fault, got.Status)
		}
		// Konnect took the PUT even though the client never heard so.
		j, ok := s.Job("eu", portalA)
		if !ok || !j.StartAt.Equal(start) || !j.EndAt.Equal(t0) {
			t.Errorf("Job = %+v, %v; want the stalled PUT's window", j, ok)
		}
		if got := decodeJob(t, call(t, s, http.MethodGet, portalPath("eu", "v2", portalA), ""), 200); got.StartAt != rfc(start) {
			t.Errorf("GET after the stall = %+v", got)
		}
	})

	t.Run("answer follows the log by the delay", func(t *testing.T) {
		t.Parallel()
		const delay = 50 * time.Millisecond
		var recordedAt atomic.Int64
		s := mockkonnect.New(mockkonnect.Options{
			Token: token, Now: newClock().Now,
			Faults:    []mockkonnect.Fault{{Kind: mockkonnect.FaultStall, Delay: delay}},
			OnRequest: func(mockkonnect.Request) { recordedAt.Store(time.Now().UnixNano()) },
		})
		rec := call(t, s, http.MethodPut, portalPath("", "v2", portalA), window(start, t0))
		answeredAt := time.Now()
		got := decodeJob(t, rec, 202)
		if want := (jobJSON{StartAt: rfc(start), EndAt: rfc(t0), Status: "accepted", UpdatedAt: rfc(t0)}); got != want {
			t.Errorf("answer = %+v, want %+v", got, want)
		}
		if took := answeredAt.Sub(time.Unix(0, recordedAt.Load())); took < delay {
			t.Errorf("answered %s after the log showed the request, want at least %s", took, delay)
		}
	})

	t.Run("latency before, stall after the processing", func(t *testing.T) {
		t.Parallel()
		const delay = 30 * time.Millisecond
		var recordedAt atomic.Int64
		s := mockkonnect.New(mockkonnect.Options{
			Token: token, Now: newClock().Now,
			// Listed stall first: latency still goes first, and stall answers.
			Faults: []mockkonnect.Fault{
				{Kind: mockkonnect.FaultStall, Delay: delay},
				{Kind: mockkonnect.FaultLatency, Delay: delay},
			},
			OnRequest: func(mockkonnect.Request) { recordedAt.Store(time.Now().UnixNano()) },
		})
		began := time.Now()
		rec := call(t, s, http.MethodPut, portalPath("", "v2", portalA), window(start, t0))
		answeredAt := time.Now()
		decodeJob(t, rec, 202)
		recorded := time.Unix(0, recordedAt.Load())
		if before := recorded.Sub(began); before < delay {
			t.Errorf("processed %s after the request came, want at least the latency %s", before, delay)
		}
		if after := answeredAt.Sub(recorded); after < delay {
			t.Errorf("answered %s after processing, want at least the stall %s", after, delay)
		}
		if got := lastLogged(t, s); got.Fault != mockkonnect.FaultStall || got.Status != 202 {
			t.Errorf("logged fault, status = %q, %d; want stall, 202", got.Fault, got.Status)
		}
	})

	t.Run("client gone during the latency: never processed", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t,
			mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: time.Hour},
			mockkonnect.Fault{Kind: mockkonnect.FaultStall, Delay: time.Hour},
		)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if rec, aborted := serve(t, s, newRequest(http.MethodPut, portalPath("", "v2", portalA), window(start, t0)).WithContext(ctx)); !aborted {
			t.Errorf("answered %d, want no answer", rec.Code)
		}
		if _, ok := s.Job("us", portalA); ok {
			t.Error("a request abandoned during its latency configured the job")
		}
		if got := lastLogged(t, s); got.Fault != mockkonnect.FaultLatency || got.Status != 0 {
			t.Errorf("logged fault, status = %q, %d; want latency, 0", got.Fault, got.Status)
		}
	})

	t.Run("a stalled refusal leaves the job alone", func(t *testing.T) {
		t.Parallel()
		s, _ := newServer(0, 0, time.Hour)
		s.SetJob("us", portalA, start, t0)
		if err := s.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultStall, Delay: time.Hour}); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if rec, aborted := serve(t, s, newRequest(http.MethodPut, portalPath("", "v2", portalA), window(t0, t0)).WithContext(ctx)); !aborted {
			t.Errorf("answered %d, want no answer", rec.Code)
		}
		if got := lastLogged(t, s); got.Fault != mockkonnect.FaultStall || got.Status != 409 {
			t.Errorf("logged fault, status = %q, %d; want stall, 409", got.Fault, got.Status)
		}
		if j, _ := s.Job("us", portalA); !j.StartAt.Equal(start) {
			t.Errorf("job = %+v, want the running one", j)
		}
	})
}

func TestSetFaultsValidation(t *testing.T) {
	t.Parallel()
	type F = mockkonnect.Fault
	tests := []struct {
		name    string
		fault   F
		wantErr string // "" for valid
	}{
		{name: "no kind", fault: F{}, wantErr: `unknown kind "" (allowed: latency, 503, 429, 502, truncate, stall, drop, respond)`},
		{name: "unknown kind", fault: F{Kind: "504"}, wantErr: `unknown kind "504"`},
		{name: "share above 1", fault: F{Kind: "503", Share: 1.5}, wantErr: "share must be between 0 and 1, got 1.5"},
		{name: "negative share", fault: F{Kind: "503", Share: -0.1}, wantErr: "share must be between 0 and 1"},
		{name: "NaN share", fault: F{Kind: "503", Share: math.NaN()}, wantErr: "share must be between 0 and 1"},
		{name: "negative first", fault: F{Kind: "503", First: -1}, wantErr: "first must not be negative"},
		{name: "first and share", fault: F{Kind: "503", First: 1, Share: 0.5}, wantErr: "first and share cannot both be set"},
		{name: "latency without delay", fault: F{Kind: "latency"}, wantErr: "needs a delay above 0"},
		{name: "negative delay", fault: F{Kind: "latency", Delay: -time.Second}, wantErr: "needs a delay above 0, got -1s"},
		{name: "delay on 503", fault: F{Kind: "503", Delay: time.Second}, wantErr: "delay is only for latency and stall faults, not 503"},
		{name: "delay on truncate", fault: F{Kind: "truncate", Delay: time.Second}, wantErr: "delay is only for latency and stall faults, not truncate"},
		{name: "stall without delay", fault: F{Kind: "stall"}, wantErr: "a stall fault needs a delay above 0, got 0s"},
		{name: "stall with a negative delay", fault: F{Kind: "stall", Delay: -time.Minute}, wantErr: "a stall fault needs a delay above 0, got -1m0s"},
		{name: "retry-after on 502", fault: F{Kind: "502", RetryAfter: "1"}, wantErr: "retry-after is only for 503 and 429 faults"},
		{name: "bad retry-after", fault: F{Kind: "429", RetryAfter: "soon"}, wantErr: `retry-after "soon" is neither`},
		{name: "negative retry-after", fault: F{Kind: "429", RetryAfter: "-1"}, wantErr: "is neither"},
		{name: "respond without status", fault: F{Kind: "respond"}, wantErr: "needs a status from 200 to 599, got 0"},
		{name: "respond 1xx", fault: F{Kind: "respond", Status: 103}, wantErr: "needs a status"},
		{name: "respond 600", fault: F{Kind: "respond", Status: 600}, wantErr: "needs a status"},
		{name: "status on 503", fault: F{Kind: "503", Status: 500}, wantErr: "only for respond faults"},
		{name: "body on drop", fault: F{Kind: "drop", Body: "x"}, wantErr: "only for respond faults"},
		{name: "content type on 502", fault: F{Kind: "502", ContentType: "text/plain"}, wantErr: "only for respond faults"},
		{name: "lower-case method", fault: F{Kind: "503", Route: "put"}, wantErr: `route "put": "put" is not a method`},
		{name: "method with a digit", fault: F{Kind: "503", Route: "GET2 /v2/*"}, wantErr: "is not a method"},
		{name: "relative pattern", fault: F{Kind: "503", Route: "GET v2/*"}, wantErr: `the path pattern "v2/*" must start with /`},
		{name: "bad pattern", fault: F{Kind: "503", Route: "/v2/[portals"}, wantErr: "is not valid for path.Match"},
		{name: "bad pattern after a method", fault: F{Kind: "503", Route: "PUT /v2/portals/\\"}, wantErr: "is not valid for path.Match"},
		{name: "pattern with a region", fault: F{Kind: "503", Route: "/eu/v2/*"}, wantErr: "leave out /eu"},

		{name: "every kind", fault: F{Kind: "truncate"}},
		{name: "respond", fault: F{Kind: "respond", Status: 204}},
		{name: "429 with a date", fault: F{Kind: "429", RetryAfter: "Wed, 21 Oct 2026 07:28:00 GMT"}},
		{name: "method only", fault: F{Kind: "drop", Route: "PUT"}},
		{name: "a method the mock does not answer", fault: F{Kind: "drop", Route: "PATCH"}, wantErr: `route "PATCH" matches no request the mock answers`},
		{name: "pattern with wildcards", fault: F{Kind: "503", Route: "/v[23]/portals/*/audit-log-replay-job", First: 3}},
		{name: "share 1", fault: F{Kind: "latency", Delay: time.Second, Share: 1}},
		{name: "stall", fault: F{Kind: "stall", Delay: time.Minute, Route: "PUT", First: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{Token: token})
			err := s.SetFaults(F{Kind: "drop", Route: "GET /v3/audit-log-webhook"}, tc.fault)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("SetFaults(%+v) = %v, want nil", tc.fault, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "fault 2: ") {
				t.Fatalf("SetFaults(%+v) = %v, want an error starting \"fault 2: \" containing %q", tc.fault, err, tc.wantErr)
			}
		})
	}
}

// A refused SetFaults keeps the rules in force; an empty one clears them.
func TestSetFaultsReplaces(t *testing.T) {
	t.Parallel()
	s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable})
	path := portalPath("", "v2", portalA)
	if err := s.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRateLimited}, mockkonnect.Fault{Kind: "nope"}); err == nil {
		t.Fatal("SetFaults accepted an unknown kind")
	}
	if got := call(t, s, http.MethodGet, path, "").Code; got != 503 {
		t.Errorf("after a refused SetFaults: status %d, want the old rule's 503", got)
	}
	if err := s.SetFaults(); err != nil {
		t.Fatal(err)
	}
	decodeJob(t, call(t, s, http.MethodGet, path, ""), 200)
	if got := lastLogged(t, s).Fault; got != "" {
		t.Errorf("logged fault %q with no rules", got)
	}
}

func TestNewFaults(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultBadGateway, First: 1}}})
	if got := call(t, s, http.MethodGet, "/v2"+jobPath, "").Code; got != 502 {
		t.Errorf("first GET: status %d, want 502", got)
	}
	decodeJob(t, call(t, s, http.MethodGet, "/v2"+jobPath, ""), 200)

	defer func() {
		v := recover()
		if msg, _ := v.(string); !strings.Contains(msg, `fault 1: unknown kind "5xx"`) {
			t.Errorf("New with a bad fault panicked with %v, want the SetFaults error", v)
		}
	}()
	mockkonnect.New(mockkonnect.Options{Faults: []mockkonnect.Fault{{Kind: "5xx"}}})
	t.Error("New accepted a bad fault")
}

func TestParseFault(t *testing.T) {
	t.Parallel()
	type F = mockkonnect.Fault
	good := []struct {
		spec string
		want F
	}{
		{spec: "latency,delay=50ms", want: F{Kind: "latency", Delay: 50 * time.Millisecond}},
		{spec: "503", want: F{Kind: "503"}},
		{
			spec: " 503 , first=2 , route=PUT /v2/portals/*/audit-log-replay-job ,retry-after=2",
			want: F{Kind: "503", First: 2, Route: "PUT /v2/portals/*/audit-log-replay-job", RetryAfter: "2"},
		},
		{spec: "429,share=0.25,retry-after=30", want: F{Kind: "429", Share: 0.25, RetryAfter: "30"}},
		{spec: "502,route=/v2/audit-log-replay-job", want: F{Kind: "502", Route: "/v2/audit-log-replay-job"}},
		{spec: "truncate,route=GET,", want: F{Kind: "truncate", Route: "GET"}},
		{spec: "drop,share=1", want: F{Kind: "drop", Share: 1}},
		{spec: "latency,delay=2s,route=PUT,first=1", want: F{Kind: "latency", Delay: 2 * time.Second, Route: "PUT", First: 1}},
		{spec: "stall,delay=1m", want: F{Kind: "stall", Delay: time.Minute}},
		{spec: "stall,route=PUT /v3/portals/*/audit-log-replay-job,delay=30s,share=0.5", want: F{Kind: "stall", Delay: 30 * time.Second, Route: "PUT /v3/portals/*/audit-log-replay-job", Share: 0.5}},
	}
	for _, tc := range good {
		got, err := mockkonnect.ParseFault(tc.spec)
		if err != nil || got != tc.want {
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", tc.spec, got, err, tc.want)
		}
		if err := mockkonnect.New(mockkonnect.Options{}).SetFaults(got); err != nil {
			t.Errorf("SetFaults(ParseFault(%q)) = %v", tc.spec, err)
		}
	}

	bad := []struct{ spec, wantErr string }{
		{spec: "", wantErr: "missing the kind before the first comma (allowed: latency, 503, 429, 502, truncate, stall, drop)"},
		{spec: ",first=1", wantErr: "missing the kind"},
		{spec: "504", wantErr: `unknown kind "504" (allowed: latency, 503, 429, 502, truncate, stall, drop)`},
		{spec: "first=1", wantErr: `unknown kind "first=1"`},
		{spec: "respond", wantErr: `kind "respond" is only available from Go`},
		{spec: "503,first", wantErr: `"first" is not key=value (keys: route, first, share, delay, retry-after)`},
		{spec: "503,frist=1", wantErr: `"frist=1": unknown key "frist" (keys: route, first, share, delay, retry-after)`},
		{spec: "503,first=0", wantErr: `"first=0": first wants a whole number of attempts, 1 or more`},
		{spec: "503,first=two", wantErr: `"first=two": first wants a whole number`},
		{spec: "503,share=0", wantErr: `"share=0": share wants a fraction above 0 and at most 1`},
		{spec: "503,share=25%", wantErr: `"share=25%": share wants a fraction`},
		{spec: "503,share=1.5", wantErr: `"share=1.5": share wants a fraction`},
		{spec: "latency,delay=fast", wantErr: `"delay=fast": delay wants a duration such as 50ms or 2s`},
		{spec: "latency", wantErr: "a latency fault needs a delay above 0"},
		{spec: "latency,delay=-1s", wantErr: "a latency fault needs a delay above 0, got -1s"},
		{spec: "503,delay=1s", wantErr: "delay is only for latency and stall faults, not 503"},
		{spec: "stall", wantErr: "a stall fault needs a delay above 0"},
		{spec: "stall,delay=0s", wantErr: "a stall fault needs a delay above 0, got 0s"},
		{spec: "stall,delay=never", wantErr: `"delay=never": delay wants a duration`},
		{spec: "503,first=1,first=2", wantErr: `"first=2": first is given twice`},
		{spec: "503,first=1,share=0.5", wantErr: "first and share cannot both be set"},
		{spec: "502,retry-after=2", wantErr: "retry-after is only for 503 and 429 faults, not 502"},
		{spec: "429,retry-after=soon", wantErr: `"retry-after=soon": retry-after wants whole seconds, such as 2`},
		{spec: "429,retry-after=", wantErr: "retry-after wants whole seconds"},
		{spec: "503,route=put", wantErr: `route "put": "put" is not a method`},
		{spec: "503,route=/us/v2/*", wantErr: "leave out /us"},
	}
	for _, tc := range bad {
		got, err := mockkonnect.ParseFault(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("ParseFault(%q) = %+v, %v; want an error containing %q", tc.spec, got, err, tc.wantErr)
		} else if got != (F{}) {
			t.Errorf("ParseFault(%q) returned %+v with its error", tc.spec, got)
		}
	}
}

// Counting under concurrency stays exact, and SetFaults may run while
// requests do; run with -race.
func TestFaultsConcurrent(t *testing.T) {
	t.Parallel()
	s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, Share: 0.5})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	const workers, each = 8, 25
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[int]int{}
	for range workers {
		wg.Go(func() {
			for range each {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+portalPath("eu", "v2", portalA), nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				counts[resp.StatusCode]++
				mu.Unlock()
				_ = s.Requests()
			}
		})
	}
	wg.Wait()
	if want := (map[int]int{200: workers * each / 2, 503: workers * each / 2}); !reflect.DeepEqual(counts, want) {
		t.Errorf("statuses %v, want %v", counts, want)
	}

	// Rules swapped while serving: only the race detector judges this part.
	stop := make(chan struct{})
	var swapper sync.WaitGroup
	swapper.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_ = s.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRateLimited, First: i%3 + 1},
				mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: time.Microsecond, Share: 0.5})
		}
	})
	for range workers {
		wg.Go(func() {
			for range each {
				call(t, s, http.MethodPut, portalPath("", "v2", portalB), window(t0, t0))
			}
		})
	}
	wg.Wait()
	close(stop)
	swapper.Wait()
}
