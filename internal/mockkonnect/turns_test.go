package mockkonnect_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// watchedCtx is a request context that tells when the server first waits
// on it, that is calls Done: a request held by HoldRounds, or in a stall.
// Nothing else in the mock waits on a request's context, so it orders a
// test without timing it.
type watchedCtx struct {
	context.Context
	once    sync.Once
	waiting chan struct{} // closed at the first Done
}

func (c *watchedCtx) Done() <-chan struct{} {
	c.once.Do(func() { close(c.waiting) })
	return c.Context.Done()
}

// inFlight is a request being served in the background.
type inFlight struct {
	ctx  *watchedCtx
	rec  *httptest.ResponseRecorder // to read once done
	done chan bool                  // whether the handler aborted, once it returns
}

// start serves req in the background, its context watched.
func start(t *testing.T, h http.Handler, req *http.Request) *inFlight {
	t.Helper()
	f := &inFlight{
		ctx:  &watchedCtx{Context: req.Context(), waiting: make(chan struct{})},
		rec:  httptest.NewRecorder(),
		done: make(chan bool, 1),
	}
	req = req.WithContext(f.ctx)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				if v != http.ErrAbortHandler {
					panic(v)
				}
				f.done <- true
			}
		}()
		h.ServeHTTP(f.rec, req)
		f.done <- false
	}()
	return f
}

// wait waits for the handler to return and reports whether it aborted.
// The 10s are a watchdog for a handler that never returns, not a wait for
// time to pass.
func (f *inFlight) wait(t *testing.T) (aborted bool) {
	t.Helper()
	select {
	case aborted = <-f.done:
		return aborted
	case <-time.After(10 * time.Second):
		t.Fatal("ServeHTTP still busy after 10s")
		return false
	}
}

// waitWaiting waits until the server waits on the request's context, and
// fails the test if the handler returns instead.
func (f *inFlight) waitWaiting(t *testing.T) {
	t.Helper()
	select {
	case <-f.ctx.waiting:
	case <-f.done:
		t.Fatalf("the request was served (status %d) instead of being kept waiting", f.rec.Code)
	case <-time.After(10 * time.Second):
		t.Fatal("the request is neither waiting nor served after 10s")
	}
}

// answered waits for the handler to return and checks it answered status.
func (f *inFlight) answered(t *testing.T, status int) {
	t.Helper()
	if f.wait(t) {
		t.Fatalf("aborted, want a %d", status)
	}
	if f.rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", f.rec.Code, status, f.rec.Body)
	}
}

// loggedTurns lists the Turn of every request in the log, oldest first.
func loggedTurns(s *mockkonnect.Server) []int {
	var turns []int
	for _, r := range s.Requests() {
		turns = append(turns, r.Turn)
	}
	return turns
}

func wantTurns(t *testing.T, s *mockkonnect.Server, want ...int) {
	t.Helper()
	if got := loggedTurns(s); !slices.Equal(got, want) {
		t.Errorf("logged turns = %v, want %v", got, want)
	}
}

// Requests sent together share a turn; one sent after their answers comes
// next; ResetRequests starts again from 1.
func TestTurn(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	get, put := http.MethodGet, http.MethodPut
	job := portalPath("", "v2", portalA)

	// The hook holds each GET until both have arrived: neither is answered
	// before the other is there.
	var both sync.WaitGroup
	both.Add(2)
	s.SetOnRequest(func(mockkonnect.Request) { both.Done(); both.Wait() })
	a := start(t, s, newRequest(get, job, ""))
	b := start(t, s, newRequest(get, job, ""))
	a.answered(t, http.StatusOK)
	b.answered(t, http.StatusOK)
	s.SetOnRequest(nil)
	call(t, s, put, job, window(t0, t0))
	call(t, s, get, job, "")
	wantTurns(t, s, 1, 1, 2, 3)

	s.ResetRequests()
	call(t, s, get, job, "")
	call(t, s, get, job, "")
	wantTurns(t, s, 1, 2)

	// A request that arrived before a reset does not count once answered
	// after it.
	entered, goOn := make(chan struct{}), make(chan struct{})
	s.SetOnRequest(func(mockkonnect.Request) { close(entered); <-goOn })
	old := start(t, s, newRequest(get, job, ""))
	<-entered
	s.SetOnRequest(nil)
	s.ResetRequests()
	close(goOn)
	old.answered(t, http.StatusOK)
	call(t, s, get, job, "")
	wantTurns(t, s, 1)
}

// A client over HTTP that waits for each answer before the next request has
// its requests counted one turn apart: the server counts an answer before
// the client can read it, so its next request never comes too early.
func TestTurnOverHTTP(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	const chain = 20
	for range chain {
		send(t, srv, http.MethodGet, portalPath("", "v2", portalA), "")
	}
	want := make([]int, chain)
	for i := range want {
		want[i] = i + 1
	}
	wantTurns(t, s, want...)
}

// send sends one request to srv with the test token, reads the answer and
// returns its status.
func send(t *testing.T, srv *httptest.Server, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Error(err)
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// An answer counts once written: a dropped one never, a stalled one not
// while it is held back.
func TestTurnUnanswered(t *testing.T) {
	t.Parallel()
	job := portalPath("", "v2", portalA)

	t.Run("drop", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultDrop, Route: "PUT"})
		call(t, s, http.MethodGet, job, "")
		if _, aborted := serve(t, s, newRequest(http.MethodPut, job, window(t0, t0))); !aborted {
			t.Fatal("the PUT was answered, want it dropped")
		}
		call(t, s, http.MethodGet, job, "")
		wantTurns(t, s, 1, 2, 2)
	})

	t.Run("stall", func(t *testing.T) {
		t.Parallel()
		s := faultServer(t, mockkonnect.Fault{Kind: mockkonnect.FaultStall, Delay: time.Hour, Route: "PUT"})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stalled := start(t, s, newRequest(http.MethodPut, job, window(t0, t0)).WithContext(ctx))
		stalled.waitWaiting(t) // processed and logged, its answer held back
		call(t, s, http.MethodGet, job, "")
		cancel()
		if !stalled.wait(t) {
			t.Error("the stalled PUT was answered after its client gave up")
		}
		call(t, s, http.MethodGet, job, "")
		wantTurns(t, s, 1, 1, 2)
	})
}

// HoldRounds(2, 1): two GETs are held until both have arrived, then handled
// and answered together; the PUT sent after them is round 2; then requests
// are answered at once. Each round is a turn.
func TestHoldRounds(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	s.HoldRounds(2, 1)
	t.Cleanup(s.ReleaseHeld)
	job := portalPath("", "v2", portalA)

	first := start(t, s, newRequest(http.MethodGet, job, ""))
	first.waitWaiting(t)
	if log := s.Requests(); len(log) != 0 {
		t.Fatalf("a held request was handled: log %+v", log)
	}
	// Held, the GET is handled only at its release: it sees this job.
	s.SetJob("us", portalA, t0.Add(-time.Hour), t0)
	second := start(t, s, newRequest(http.MethodGet, job, ""))
	for _, f := range []*inFlight{first, second} {
		if f.wait(t) {
			t.Fatal("a GET was aborted")
		}
		if got := decodeJob(t, f.rec, http.StatusOK); got.StartAt != rfc(t0.Add(-time.Hour)) {
			t.Errorf("a held GET answered start_at %s, want the job set while it was held", got.StartAt)
		}
	}

	start(t, s, newRequest(http.MethodPut, job, window(t0, t0))).answered(t, http.StatusAccepted)
	start(t, s, newRequest(http.MethodGet, job, "")).answered(t, http.StatusOK)
	wantTurns(t, s, 1, 1, 2, 3)
}

// A client over HTTP that sends a round's requests at once and waits for
// their answers before the next round gets each round's requests logged
// with the round's number as their turn, however fast it is.
func TestHoldRoundsClientChain(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	s.HoldRounds(2, 1, 3)
	t.Cleanup(s.ReleaseHeld)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	job := portalPath("", "v2", portalA)

	for _, size := range []int{2, 1, 3, 1} { // the last one after the rounds
		var wg sync.WaitGroup
		for range size {
			wg.Go(func() {
				if status := send(t, srv, http.MethodGet, job, ""); status != http.StatusOK {
					t.Errorf("status %d, want 200", status)
				}
			})
		}
		wg.Wait()
	}
	wantTurns(t, s, 1, 1, 2, 3, 3, 3, 4)
}

// ReleaseHeld answers a request whose round never filled and stops
// holding; HoldRounds again releases what is held first.
func TestReleaseHeld(t *testing.T) {
	t.Parallel()
	job := portalPath("", "v2", portalA)

	t.Run("ReleaseHeld", func(t *testing.T) {
		t.Parallel()
		s, _ := newServer(0, 0, 0)
		s.HoldRounds(3, 1)
		t.Cleanup(s.ReleaseHeld)
		held := start(t, s, newRequest(http.MethodGet, job, ""))
		held.waitWaiting(t)
		s.ReleaseHeld()
		held.answered(t, http.StatusOK)
		start(t, s, newRequest(http.MethodGet, job, "")).answered(t, http.StatusOK)
		s.ReleaseHeld() // nothing held: nothing happens
		wantTurns(t, s, 1, 2)
	})

	t.Run("HoldRounds again", func(t *testing.T) {
		t.Parallel()
		s, _ := newServer(0, 0, 0)
		s.HoldRounds(2)
		t.Cleanup(s.ReleaseHeld)
		held := start(t, s, newRequest(http.MethodGet, job, ""))
		held.waitWaiting(t)
		s.HoldRounds(2)
		held.answered(t, http.StatusOK)
		next := start(t, s, newRequest(http.MethodGet, job, ""))
		next.waitWaiting(t) // held in the new round, which needs 2
		s.HoldRounds()
		next.answered(t, http.StatusOK)
		wantTurns(t, s, 1, 2)
	})

	t.Run("empty round", func(t *testing.T) {
		t.Parallel()
		s, _ := newServer(0, 0, 0)
		defer func() {
			if v := recover(); v == nil || !strings.Contains(v.(string), "round 2") {
				t.Errorf("HoldRounds(1, 0) panicked with %v, want one naming round 2", v)
			}
		}()
		s.HoldRounds(1, 0)
	})
}

// A held request whose client gives up is logged unanswered and leaves its
// round; the server goes on serving.
func TestHeldClientGivesUp(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	s.HoldRounds(2)
	t.Cleanup(s.ReleaseHeld)
	job := portalPath("", "v2", portalA)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gone := start(t, s, newRequest(http.MethodPut, job, window(t0, t0)).WithContext(ctx))
	gone.waitWaiting(t)
	cancel()
	if !gone.wait(t) {
		t.Errorf("a held request whose client gave up was answered %d", gone.rec.Code)
	}
	if _, ok := s.Job("us", portalA); ok {
		t.Error("a held request whose client gave up was handled")
	}
	if got := lastLogged(t, s); got.Method != http.MethodPut || got.Status != 0 || got.Fault != "" || got.Turn != 1 {
		t.Errorf("logged %s status %d fault %q turn %d; want PUT status 0, no fault, turn 1", got.Method, got.Status, got.Fault, got.Turn)
	}

	// The round still needs two: the PUT left it.
	a := start(t, s, newRequest(http.MethodGet, job, ""))
	a.waitWaiting(t)
	b := start(t, s, newRequest(http.MethodGet, job, ""))
	a.answered(t, http.StatusOK)
	b.answered(t, http.StatusOK)
	start(t, s, newRequest(http.MethodGet, job, "")).answered(t, http.StatusOK)
	wantTurns(t, s, 1, 1, 1, 2)
}
