package main

import (
	"fmt"
	"net"
	"net/http"
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

// startMock serves the mock, knowing the first portals as new Dev Portals,
// the kind Kong's own provider creates.
func startMock(token string, portals int) (*mock, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	// Jobs complete at once, so that a PUT is never refused for a job still
	// running from the previous round.
	m := &mock{Server: mockkonnect.New(mockkonnect.Options{Token: token})}
	for i := range portals {
		m.AddNewPortals(portalID(i))
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
	go func() { _ = m.srv.Serve(ln) }()
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
	failed            int // answers other than 200 and 202
	conns             int // TCP connections opened
}

func (t traffic) requests() int { return t.puts + t.gets + t.other }

// reset starts counting a new step.
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
		if r.Status != http.StatusOK && r.Status != http.StatusAccepted {
			t.failed++
		}
	}
	t.conns = int(m.conns.Load())
	return t
}

// expect fails unless the step sent exactly puts PUTs, all answered well.
func (t traffic) expectPuts(puts int) error {
	if t.puts != puts || t.failed != 0 {
		return fmt.Errorf("the mock received %d PUTs (%d answered with an error), expected %d accepted", t.puts, t.failed, puts)
	}
	return nil
}
