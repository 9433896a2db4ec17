package mockkonnect_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// serveTimed is serve into a given recorder, failing the test if the handler
// is still busy after 10s (a hook that deadlocks on the server's mutex).
func serveTimed(t *testing.T, h http.Handler, rec *httptest.ResponseRecorder, req *http.Request) (aborted bool) {
	t.Helper()
	done := make(chan bool, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				if v != http.ErrAbortHandler {
					panic(v)
				}
				done <- true
			}
		}()
		h.ServeHTTP(rec, req)
		done <- false
	}()
	select {
	case aborted = <-done:
		return aborted
	case <-time.After(10 * time.Second):
		t.Fatal("ServeHTTP still busy after 10s: does the hook run under the server's lock?")
		return false
	}
}

// The hook runs once per request, after the log and the state have changed
// and before anything is written, whatever answers the request.
func TestOnRequest(t *testing.T) {
	t.Parallel()
	put, get := http.MethodPut, http.MethodGet
	jobA := portalPath("eu", "v2", portalA)
	w := window(t0.Add(-time.Hour), t0)
	tests := []struct {
		name          string
		faults        []mockkonnect.Fault
		method, path  string
		body          string
		giveUp        bool // the client is gone before the request is served
		wantStatus    int  // as logged
		wantFault     mockkonnect.FaultKind
		wantAborted   bool
		wantProcessed bool // the job is configured when the hook runs
	}{
		{name: "GET", method: get, path: jobA, wantStatus: 200},
		{name: "accepted PUT", method: put, path: jobA, body: w, wantStatus: 202, wantProcessed: true},
		{name: "refused PUT", method: put, path: jobA, body: `{}`, wantStatus: 400},
		{name: "portal", method: get, path: "/eu/v2/portals/" + portalA, wantStatus: 200},
		{name: "webhook status", method: get, path: "/eu/v2/portals/" + portalA + "/audit-log-webhook/status", wantStatus: 200},
		{name: "unknown route", method: get, path: "/nowhere", wantStatus: 404},
		{
			name: "answered by a fault", faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable}},
			method: put, path: jobA, body: w, wantStatus: 503, wantFault: "503",
		},
		{
			name: "truncated", faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultTruncate}},
			method: put, path: jobA, body: w, wantStatus: 202, wantFault: "truncate", wantProcessed: true,
		},
		{
			name: "dropped", faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultDrop}},
			method: put, path: jobA, body: w, wantStatus: 0, wantFault: "drop", wantAborted: true,
		},
		{
			name: "stalled until the client gave up", faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultStall, Delay: time.Hour}},
			method: put, path: jobA, body: w, giveUp: true, wantStatus: 202, wantFault: "stall", wantAborted: true, wantProcessed: true,
		},
		{
			name: "stalled then answered", faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultStall, Delay: time.Millisecond}},
			method: put, path: jobA, body: w, wantStatus: 202, wantFault: "stall", wantProcessed: true,
		},
		{
			name: "client gone during a delay", faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultLatency, Delay: time.Hour}},
			method: put, path: jobA, body: w, giveUp: true, wantStatus: 0, wantFault: "latency", wantAborted: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			var s *mockkonnect.Server
			var calls []mockkonnect.Request
			var logAtCall []mockkonnect.Request
			var processedAtCall, writtenAtCall bool
			s = mockkonnect.New(mockkonnect.Options{
				Token: token, Now: newClock().Now, Faults: tc.faults,
				OnRequest: func(r mockkonnect.Request) {
					calls = append(calls, r)
					logAtCall = s.Requests()
					_, processedAtCall = s.Job("eu", portalA)
					writtenAtCall = rec.Body.Len() > 0 || rec.Header().Get("Content-Type") != ""
					r.Header.Set("Authorization", "changed by the hook")
				},
			})
			req := newRequest(tc.method, tc.path, tc.body)
			if tc.giveUp {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				req = req.WithContext(ctx)
			}
			if aborted := serveTimed(t, s, rec, req); aborted != tc.wantAborted {
				t.Errorf("aborted = %v, want %v", aborted, tc.wantAborted)
			}
			if !tc.wantAborted && rec.Code != tc.wantStatus {
				t.Errorf("status sent = %d, want %d", rec.Code, tc.wantStatus)
			}

			if len(calls) != 1 {
				t.Fatalf("hook called %d times, want 1", len(calls))
			}
			got := calls[0]
			if got.Method != tc.method || got.Path != tc.path || got.Body != tc.body || got.Status != tc.wantStatus || got.Fault != tc.wantFault {
				t.Errorf("hook got %s %s %q → %d, fault %q; want %s %s %q → %d, fault %q",
					got.Method, got.Path, got.Body, got.Status, got.Fault, tc.method, tc.path, tc.body, tc.wantStatus, tc.wantFault)
			}
			if len(logAtCall) != 1 {
				t.Fatalf("the log held %d requests when the hook ran, want this one", len(logAtCall))
			}
			if logAtCall[0].Header.Get("Authorization") != "Bearer "+token {
				t.Errorf("log entry = %+v, want the test token", logAtCall[0])
			}
			logAtCall[0].Header = got.Header
			if !reflect.DeepEqual(logAtCall[0], got) {
				t.Errorf("hook got %+v\nlog held %+v", got, logAtCall[0])
			}
			if processedAtCall != tc.wantProcessed {
				t.Errorf("job configured when the hook ran = %v, want %v", processedAtCall, tc.wantProcessed)
			}
			if writtenAtCall {
				t.Error("the answer was written before the hook ran")
			}
			if auth := lastLogged(t, s).Header.Get("Authorization"); auth != "Bearer "+token {
				t.Errorf("the hook's edit reached the log: Authorization %q", auth)
			}
		})
	}
}

// A hook may call any Server method; it runs without the server's lock.
func TestOnRequestMayCallTheServer(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	var calls atomic.Int32
	s.SetOnRequest(func(_ mockkonnect.Request) {
		calls.Add(1)
		_ = s.Requests()
		_, _ = s.Job("us", portalA)
		s.SetJob("us", portalB, t0, t0)
		s.ClearJob("us", portalB)
		s.FailJobs("au", portalB)
		s.AddPortals(portalA, portalB)
		s.RemovePortal(portalB)
		if err := s.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRateLimited, Route: "GET /v3/audit-log-webhook"}); err != nil {
			t.Error(err)
		}
		s.ResetRequests()
		s.SetOnRequest(nil) // once is enough
	})
	rec := httptest.NewRecorder()
	if aborted := serveTimed(t, s, rec, newRequest(http.MethodGet, portalPath("", "v2", portalA), "")); aborted || rec.Code != 200 {
		t.Fatalf("aborted = %v, status %d; want a 200", aborted, rec.Code)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("hook called %d times, want 1", n)
	}
	// What the hook did holds.
	if n := len(s.Requests()); n != 0 {
		t.Errorf("log has %d requests after the hook reset it", n)
	}
	if got := call(t, s, http.MethodGet, "/v3/audit-log-webhook", "").Code; got != 429 {
		t.Errorf("GET /v3/audit-log-webhook: status %d, want the hook's 429 rule", got)
	}
	decodeProblem(t, call(t, s, http.MethodGet, portalPath("", "v2", portalB), ""), 404)
	if n := calls.Load(); n != 1 {
		t.Errorf("hook called %d times after clearing itself, want 1", n)
	}
}

// The use the hook is for: the moment the log shows a 409, the running job
// finishes, so the client's next attempt is accepted.
func TestOnRequestLetsTheJobFinishOnConflict(t *testing.T) {
	t.Parallel()
	s, clock := newServer(0, 0, time.Hour)
	path := portalPath("", "v2", portalA)
	s.SetJob("us", portalA, t0.Add(-2*time.Hour), t0)
	var conflicts atomic.Int32
	s.SetOnRequest(func(r mockkonnect.Request) {
		if r.Status == http.StatusConflict && conflicts.Add(1) == 1 {
			clock.Advance(time.Hour)
		}
	})

	decodeProblem(t, call(t, s, http.MethodPut, path, window(t0.Add(-time.Hour), t0)), 409)
	if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200); got.Status != "completed" || got.StartAt != rfc(t0.Add(-2*time.Hour)) {
		t.Errorf("after the 409: %+v, want the old job completed", got)
	}
	retry := decodeJob(t, call(t, s, http.MethodPut, path, window(t0.Add(-time.Hour), t0)), 202)
	if retry.StartAt != rfc(t0.Add(-time.Hour)) || retry.UpdatedAt != rfc(t0.Add(time.Hour)) {
		t.Errorf("retry = %+v", retry)
	}
	if n := conflicts.Load(); n != 1 {
		t.Errorf("hook saw %d conflicts, want 1", n)
	}
}

// SetOnRequest replaces and clears the hook; nil Options.OnRequest means none.
func TestSetOnRequest(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	path := "/v2" + jobPath
	call(t, s, http.MethodGet, path, "") // no hook: nothing to call

	var first, second []string
	s.SetOnRequest(func(r mockkonnect.Request) { first = append(first, r.Method) })
	call(t, s, http.MethodGet, path, "")
	s.SetOnRequest(func(r mockkonnect.Request) { second = append(second, r.Method) })
	call(t, s, http.MethodPut, path, window(t0, t0))
	s.SetOnRequest(nil)
	call(t, s, http.MethodGet, path, "")

	if !reflect.DeepEqual(first, []string{"GET"}) || !reflect.DeepEqual(second, []string{"PUT"}) {
		t.Errorf("first hook saw %v, second %v; want [GET] and [PUT]", first, second)
	}
	if n := len(s.Requests()); n != 4 {
		t.Errorf("log has %d requests, want 4", n)
	}
}

// Hooks swapped while serving; run with -race.
func TestSetOnRequestConcurrent(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	var seen atomic.Int32
	hook := func(mockkonnect.Request) { seen.Add(1) }
	stop := make(chan struct{})
	var swapper sync.WaitGroup
	swapper.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				s.SetOnRequest(hook)
				return
			default:
			}
			if i%2 == 0 {
				s.SetOnRequest(hook)
			} else {
				s.SetOnRequest(nil)
			}
		}
	})
	const workers, each = 4, 25
	var wg sync.WaitGroup
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
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	close(stop)
	swapper.Wait()
	if n := seen.Load(); n > workers*each {
		t.Errorf("hook called %d times for %d requests", n, workers*each)
	}
	before := seen.Load()
	call(t, s, http.MethodGet, "/v2"+jobPath, "")
	if after := seen.Load(); after != before+1 {
		t.Errorf("hook left in place called %d times for one request, want 1", after-before)
	}
}
