package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// rawRequest opens a connection to the mock and sends a request's head.
func rawRequest(t *testing.T, baseURL, head string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(baseURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	// Only a guard against a test that would hang: nothing here depends on
	// how fast the mock is.
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	return conn, bufio.NewReader(conn)
}

// guardHit reports whether err is the test's own 10s guard, not the mock's doing.
func guardHit(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

// A client that sends its headers and then trickles the body is cut off
// once the read timeout passes, with a 408, however long it would go on.
func TestRunCutsOffATrickledBody(t *testing.T) {
	t.Parallel()
	cfg := flagConfig(t)
	cfg.timeouts.read = 100 * time.Millisecond
	baseURL, stderr, stop := startConfig(t, cfg)
	conn, r := rawRequest(t, baseURL, "PUT /v2/audit-log-replay-job HTTP/1.1\r\nHost: mock\r\n"+
		"Authorization: Bearer kpat_any\r\nContent-Length: 1000000\r\n\r\n{")

	trickling := make(chan struct{})
	go func() {
		defer close(trickling)
		for {
			if _, err := conn.Write([]byte(" ")); err != nil {
				return // cut off
			}
			time.Sleep(5 * time.Millisecond) // a trickle, not a timing
		}
	}()
	resp, err := http.ReadResponse(r, nil)
	switch {
	case guardHit(err):
		t.Fatal("the mock still holds the connection 10s on")
	case err == nil && resp.StatusCode != http.StatusRequestTimeout:
		t.Errorf("answer %s, want 408", resp.Status)
	}
	conn.Close()
	<-trickling

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "PUT /v2/audit-log-replay-job 408 ") {
		t.Errorf("stderr lacks the 408:\n%s", log)
	}
}

// A request stuck at shutdown (its body still arriving) is cut off once the
// grace period is over, and the mock exits cleanly.
func TestRunShutdownCutsOffAStuckRequest(t *testing.T) {
	t.Parallel()
	cfg := flagConfig(t)
	cfg.timeouts.read = time.Hour
	cfg.timeouts.shutdownGrace = 50 * time.Millisecond
	baseURL, stderr, stop := startConfig(t, cfg)
	conn, r := rawRequest(t, baseURL, "PUT /v2/audit-log-replay-job HTTP/1.1\r\nHost: mock\r\n"+
		"Authorization: Bearer kpat_any\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n")
	// The mock asks for the body once its handler reads it: from here on
	// the request is in flight, waiting for a body that never comes.
	line, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100 ") {
		t.Fatalf("read %q, %v; want 100 Continue", line, err)
	}
	if _, err := conn.Write([]byte("{")); err != nil {
		t.Fatal(err)
	}

	if err := stop(); err != nil {
		t.Fatalf("run returned %v with a request stuck, want nil (exit status 0)", err)
	}
	if log := stderr.String(); !strings.Contains(log, "closing the connections still busy after 50ms") {
		t.Errorf("stderr lacks the note of the cut-off:\n%s", log)
	}
	if _, err := io.ReadAll(r); guardHit(err) {
		t.Error("the stuck connection is still open after exit")
	}
}

// Latency and stall faults are not cut short by the read timeout: it
// covers reading the request only.
func TestRunReadTimeoutSparesDelays(t *testing.T) {
	t.Parallel()
	cfg := flagConfig(t, "-fault", "stall,delay=300ms,route=GET", "-latency", "300ms")
	cfg.timeouts.read = 50 * time.Millisecond
	cfg.timeouts.readHeader = 50 * time.Millisecond
	baseURL, _, stop := startConfig(t, cfg)
	if got := get(t, baseURL+"/v2/audit-log-replay-job", "kpat_any"); got != 200 {
		t.Errorf("GET delayed past the read timeout: %d, want 200", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
