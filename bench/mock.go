package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// mock is the project's mock Konnect, served on loopback in this process so
// that it can count what it receives: requests by method, and TCP
// connections opened.
type mock struct {
	*mockkonnect.Server
	url   string
	srv   *http.Server
	conns atomic.Int64 // connections accepted since the last reset
}

// startMock serves the mock, knowing the first portals of the new kind as
// new Dev Portals (under /v3), the kind Kong's own provider creates; every
// other ID, the classic kind's among them, is a classic Dev Portal's (under
// /v2), as the mock has it by default.
func startMock(token string, portals int) (*mock, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	// Jobs complete at once, so that a PUT is never refused for a job still
	// running from the previous round.
	m := &mock{Server: mockkonnect.New(mockkonnect.Options{Token: token})}
	for i := range portals {
		m.AddNewPortals(portalID(newPortals, i))
	}
	m.url = "http://" + ln.Addr().String()
	m.srv = &http.Server{
		Handler:           m.Server,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				m.conns.Add(1)
			}
		},
	}
	// The mock's goroutines, and every connection's, carry a profiler label
	// of their own, so that a profile (-profile) tells the provider's CPU
	// from the mock's: go tool pprof -tagignore side=mock.
	go pprof.Do(context.Background(), pprof.Labels("side", "mock"), func(context.Context) { _ = m.srv.Serve(ln) })
	return m, nil
}

func (m *mock) close() { _ = m.srv.Close() }

// setLatency delays every answer by d; 0 removes the delay.
func (m *mock) setLatency(d time.Duration) {
	if d == 0 {
		_ = m.SetFaults()
		return
	}
	if err := m.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: d}); err != nil {
		panic(err) // d > 0 is always a valid latency
	}
}

// traffic is what the mock received during one step.
type traffic struct {
	puts, gets, other int // requests by method
	// misses are GETs answered 404: with api_version unset, the API that
	// does not know the portal answers the lookup so (see expectedTraffic).
	misses int
	failed int // answers other than 200 and 202, misses aside
	conns  int // TCP connections opened
	// turns is the largest Request.Turn: how many answers in turn the
	// step waited for, when it had one job in flight (an upper bound with
	// several).
	turns int
}

func (t traffic) requests() int { return t.puts + t.gets + t.other }

// reset starts counting a new step, Request.Turn included.
func (m *mock) reset() {
	m.ResetRequests()
	m.conns.Store(0)
}

// traffic counts what arrived since the last reset.
func (m *mock) traffic() traffic {
	var t traffic
	for _, r := range m.Requests() {
		switch r.Method {
		case http.MethodPut:
			t.puts++
		case http.MethodGet:
			t.gets++
		default:
			t.other++
		}
		switch {
		case r.Status == http.StatusOK || r.Status == http.StatusAccepted:
		case r.Status == http.StatusNotFound && r.Method == http.MethodGet:
			t.misses++
		default:
			t.failed++
		}
		t.turns = max(t.turns, r.Turn)
	}
	t.conns = int(m.conns.Load())
	return t
}

// expect fails unless the step sent exactly what was expected of n jobs,
// all answered well but for the expected 404s.
func (t traffic) expect(want perJob, n int) error {
	if t.puts != want.puts*n || t.gets != want.gets*n || t.misses != want.misses*n || t.other != 0 || t.failed != 0 {
		return fmt.Errorf("the mock received %d PUTs and %d GETs (%d answered 404), %d other requests and %d other errors; "+
			"expected %d PUTs and %d GETs (%d answered 404), all others answered well",
			t.puts, t.gets, t.misses, t.other, t.failed, want.puts*n, want.gets*n, want.misses*n)
	}
	return nil
}
