package konnect

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// The proxy environment is read once per process, so the client runs in a
// child process of this test with HTTPS_PROXY set, as a user's would.
const (
	envProxyChild = "KONNECT_TEST_PROXY_CHILD"
	envProxyCA    = "KONNECT_TEST_PROXY_CA"
)

func TestHTTPSProxyFromEnvironment(t *testing.T) {
	if os.Getenv(envProxyChild) != "" {
		proxyChild(t)
		return
	}
	t.Parallel()
	// Konnect, over TLS, as https://example.com (the name in httptest's certificate).
	konnect := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, jobJSON)
	}))
	t.Cleanup(konnect.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	der := konnect.Certificate().Raw
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}

	// A CONNECT proxy that records where it was asked to go and tunnels
	// everything to the TLS server.
	var (
		mu      sync.Mutex
		tunnels []string
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		mu.Lock()
		tunnels = append(tunnels, r.Host)
		mu.Unlock()
		upstream, err := net.Dial("tcp", konnect.Listener.Addr().String())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
		conn, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			upstream.Close()
			return
		}
		go func() { io.Copy(upstream, rw); upstream.Close() }()
		io.Copy(conn, upstream)
		conn.Close()
	}))
	t.Cleanup(proxy.Close)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHTTPSProxyFromEnvironment$", "-test.count=1")
	cmd.Env = append(os.Environ(), envProxyChild+"=1", envProxyCA+"="+ca,
		"HTTPS_PROXY="+proxy.URL, "https_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the client behind HTTPS_PROXY failed: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(tunnels) != 1 || tunnels[0] != "example.com:443" {
		t.Fatalf("the proxy was asked for %q, want one tunnel to example.com:443", tunnels)
	}
}

func proxyChild(t *testing.T) {
	pemData, err := os.ReadFile(os.Getenv(envProxyCA))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		t.Fatal("no certificate in the CA file")
	}
	hc := NewHTTPClient(10 * time.Second)
	hc.Transport.(*http.Transport).TLSClientConfig.RootCAs = pool
	c, err := New(Config{ServerURL: "https://example.com", Token: "kpat_secret", HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.GetReplayJob(context.Background(), PortalScope("us", V2, portal))
	if err != nil || job.Status != StatusAccepted {
		t.Fatalf("GetReplayJob through the proxy = %+v, %v", job, err)
	}
}
