package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// syncBuffer lets the server goroutines write while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const (
	portal    = "0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4"
	newPortal = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a" // a new Dev Portal, where -new-portals says so
)

// start runs the command on a free loopback port and returns its base URL.
func start(t *testing.T, extra ...string) (baseURL string, stdout, stderr *syncBuffer, stop func() error) {
	t.Helper()
	urlFile := filepath.Join(t.TempDir(), "mock.url")
	args := append([]string{"-addr", "127.0.0.1:0", "-url-file", urlFile}, extra...)
	return startWith(t, urlFile, func(ctx context.Context, stdout, stderr io.Writer) error {
		return run(ctx, args, stdout, stderr)
	})
}

// startConfig is start for a config a test has changed, such as shorter
// timeouts; its address and URL file are the test's.
func startConfig(t *testing.T, cfg config) (baseURL string, stderr *syncBuffer, stop func() error) {
	t.Helper()
	cfg.addr = "127.0.0.1:0"
	cfg.urlFile = filepath.Join(t.TempDir(), "mock.url")
	baseURL, _, stderr, stop = startWith(t, cfg.urlFile, func(ctx context.Context, stdout, stderr io.Writer) error {
		return serve(ctx, cfg, stdout, stderr)
	})
	return baseURL, stderr, stop
}

// flagConfig is the config of these flags, for startConfig.
func flagConfig(t *testing.T, args ...string) config {
	t.Helper()
	cfg, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// startWith runs serve until stop, once it has written urlFile.
func startWith(t *testing.T, urlFile string, serve func(ctx context.Context, stdout, stderr io.Writer) error) (baseURL string, stdout, stderr *syncBuffer, stop func() error) {
	t.Helper()
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, stdout, stderr) }()

	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(urlFile)
		if err == nil {
			baseURL = strings.TrimSpace(string(b))
			break
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("run ended before listening: %v\nstderr: %s", err, stderr)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("no URL file after 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if _, statErr := os.Stat(urlFile); !errors.Is(statErr, os.ErrNotExist) {
				t.Errorf("URL file left behind after exit: %v", statErr)
			}
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("run did not return after cancel")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	return baseURL, stdout, stderr, stop
}

// get is one GET of the running mock, for its status.
func get(t *testing.T, url, token string) int {
	t.Helper()
	code, _ := send(t, http.MethodGet, url, token, "")
	return code
}

// Clients that keep their connections open, idle, never keep a new client
// waiting: with -max-conns 2 taken by two idle keep-alive connections, a
// third client is answered at once, not after the idle timeout (2m).
func TestRunIdleClientsDoNotStarveANewOne(t *testing.T) {
	t.Parallel()
	baseURL, _, _, _ := start(t, "-max-conns", "2")
	for i := range 3 {
		// A client of its own each, so each keeps its own connection.
		c := &http.Client{Transport: &http.Transport{}, Timeout: 20 * time.Second}
		resp, err := c.Get(baseURL + "/healthz")
		if err != nil {
			t.Fatalf("client %d: %v", i+1, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t.Cleanup(c.CloseIdleConnections)
	}
}

// A delay longer than any client waits is accepted, with a warning.
func TestRunWarnsOfUselessDelays(t *testing.T) {
	t.Parallel()
	_, _, stderr, _ := start(t, "-latency", "100000h")
	if got := stderr.String(); !strings.Contains(got, "konnect-mock: warning: -latency") || !strings.Contains(got, "longer than any client waits") {
		t.Errorf("stderr = %q, want a warning about -latency", got)
	}
}

// -portal-region keeps the portals in one region, as Konnect does.
func TestRunPortalRegion(t *testing.T) {
	t.Parallel()
	baseURL, _, _, _ := start(t, "-portals", portal, "-new-portals", newPortal, "-portal-region", "eu")
	for path, want := range map[string]int{
		"/eu/v2/portals/" + portal: 200, "/us/v2/portals/" + portal: 404,
		"/eu/v3/portals/" + newPortal + "/audit-log-replay-job": 200, "/au/v3/portals/" + newPortal + "/audit-log-replay-job": 404,
	} {
		if got := get(t, baseURL+path, "kpat_any"); got != want {
			t.Errorf("GET %s = %d, want %d", path, got, want)
		}
	}
}

func TestRunServesUntilCancelled(t *testing.T) {
	t.Parallel()
	baseURL, stdout, stderr, stop := start(t, "-token", "kpat_secret_value", "-portals", portal, "-new-portals", newPortal)

	if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*$`).MatchString(baseURL) {
		t.Fatalf("URL file holds %q", baseURL)
	}
	wantLine := "konnect-mock listening on " + baseURL + " (use server_url = \"" + baseURL + "/{region}\")\n"
	if got := stdout.String(); got != wantLine {
		t.Errorf("stdout = %q, want %q", got, wantLine)
	}

	tests := []struct {
		name, path, token string
		want              int
	}{
		{name: "known portal", path: "/eu/v2/portals/" + portal + "/audit-log-replay-job", token: "kpat_secret_value", want: 200},
		{name: "unknown portal", path: "/v2/portals/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4/audit-log-replay-job", token: "kpat_secret_value", want: 404},
		{name: "wrong token", path: "/eu/v2/portals/" + portal + "/audit-log-replay-job", token: "kpat_other", want: 401},
		{name: "org job", path: "/v2/audit-log-replay-job", token: "kpat_secret_value", want: 200},
		{name: "known portal itself", path: "/eu/v2/portals/" + portal, token: "kpat_secret_value", want: 200},
		{name: "unknown portal itself", path: "/v2/portals/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4", token: "kpat_secret_value", want: 404},
		{name: "classic portal under v3", path: "/eu/v3/portals/" + portal, token: "kpat_secret_value", want: 404},
		{name: "new portal", path: "/eu/v3/portals/" + newPortal, token: "kpat_secret_value", want: 200},
		{name: "new portal's job", path: "/v3/portals/" + newPortal + "/audit-log-replay-job", token: "kpat_secret_value", want: 200},
		{name: "new portal under v2", path: "/v2/portals/" + newPortal + "/audit-log-replay-job", token: "kpat_secret_value", want: 404},
		{name: "portal webhook", path: "/au/v2/portals/" + portal + "/audit-log-webhook/status", token: "kpat_secret_value", want: 200},
		{name: "new portal webhook", path: "/au/v3/portals/" + newPortal + "/audit-log-webhook/status", token: "kpat_secret_value", want: 200},
		{name: "org webhook", path: "/v3/audit-log-webhook/status", token: "kpat_secret_value", want: 200},
		{name: "org job under v3", path: "/sg/v3/audit-log-replay-job", token: "kpat_secret_value", want: 200},
		{name: "portal list", path: "/eu/v2/portals?page[size]=5", token: "kpat_secret_value", want: 200},
	}
	for _, tc := range tests {
		if got := get(t, baseURL+tc.path, tc.token); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}

	if err := stop(); err != nil {
		t.Fatalf("run returned %v after cancel", err)
	}
	log := stderr.String()
	for _, want := range []string{
		"GET /eu/v2/portals/" + portal + "/audit-log-replay-job 200 ",
		"GET /v2/portals/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4/audit-log-replay-job 404 ",
		"GET /eu/v2/portals/" + portal + " 200 ",
		"GET /v2/portals/9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4 404 ",
		"GET /eu/v3/portals/" + portal + " 404 ",
		"GET /au/v3/portals/" + newPortal + "/audit-log-webhook/status 200 ",
		"401 ",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "kpat_") {
		t.Errorf("stderr shows a token:\n%s", log)
	}
}

// /healthz answers without a token, and even when every request is faulted.
func TestRunHealthz(t *testing.T) {
	t.Parallel()
	baseURL, _, _, stop := start(t, "-token", "kpat_secret_value", "-fault", "503")
	resp, err := http.Get(baseURL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"status":"ok"}` {
		t.Errorf("GET /healthz = %d %s, want 200 {\"status\":\"ok\"}", resp.StatusCode, body)
	}
	if got := get(t, baseURL+"/v2/audit-log-replay-job", "kpat_secret_value"); got != 503 {
		t.Errorf("API request: %d, want the fault's 503", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRunQuiet(t *testing.T) {
	t.Parallel()
	baseURL, _, stderr, stop := start(t, "-quiet")
	if got := get(t, baseURL+"/v2/audit-log-replay-job", "anything"); got != 200 {
		t.Errorf("any-token mode: status %d, want 200", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if s := stderr.String(); s != "" {
		t.Errorf("-quiet still logged: %q", s)
	}
}

func TestRunRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantErr  string
		wantCode int
	}{
		{name: "all interfaces", args: []string{"-addr", ":0"}, wantErr: "-allow-remote", wantCode: 2},
		{name: "unspecified IPv4", args: []string{"-addr", "0.0.0.0:0"}, wantErr: "-allow-remote", wantCode: 2},
		{name: "remote host", args: []string{"-addr", "192.0.2.1:0"}, wantErr: "-allow-remote", wantCode: 2},
		{name: "no port", args: []string{"-addr", "127.0.0.1"}, wantErr: "-addr", wantCode: 2},
		{name: "bad portal", args: []string{"-portals", portal + ",my-portal"}, wantErr: `"my-portal" is not a UUID`, wantCode: 2},
		{name: "bad new portal", args: []string{"-new-portals", "my-portal"}, wantErr: `-new-portals: "my-portal" is not a UUID`, wantCode: 2},
		{name: "portal of both kinds", args: []string{"-portals", portal, "-new-portals", strings.ToUpper(portal)}, wantErr: "-portals and -new-portals both list", wantCode: 2},
		{name: "a fault that never applies", args: []string{"-fault", "503,route=DELETE"}, wantErr: `route "DELETE" matches no request the mock answers`, wantCode: 2},
		{name: "unknown portal region", args: []string{"-portals", portal, "-portal-region", "mars"}, wantErr: `-portal-region "mars" is not a Konnect region`, wantCode: 2},
		{name: "bad webhook", args: []string{"-webhook", "status=broken"}, wantErr: `invalid value "status=broken" for flag -webhook: "status=broken": status wants active or inactive`, wantCode: 2},
		{name: "webhook set twice", args: []string{"-webhook", "portal=org,code=401", "-webhook", "portal=ORG,code=500"}, wantErr: "-webhook: two flags set the organization's webhook in every region", wantCode: 2},
		{name: "negative phase", args: []string{"-running", "-1s"}, wantErr: "-running must not be negative", wantCode: 2},
		{name: "bad duration", args: []string{"-pending", "soon"}, wantErr: "invalid value", wantCode: 2},
		{name: "unknown flag", args: []string{"-port", "8080"}, wantErr: "not defined", wantCode: 2},
		{name: "positional argument", args: []string{"serve"}, wantErr: `unexpected argument "serve"`, wantCode: 2},
		{name: "unknown fault", args: []string{"-fault", "504"}, wantErr: `invalid value "504" for flag -fault: unknown kind "504" (allowed: latency, 503, 429, 502, truncate, stall, drop)`, wantCode: 2},
		{name: "respond fault", args: []string{"-fault", "respond"}, wantErr: "only available from Go", wantCode: 2},
		{name: "bad fault key", args: []string{"-fault", "503,first=1", "-fault", "429,tries=2"}, wantErr: `unknown key "tries"`, wantCode: 2},
		{name: "bad fault value", args: []string{"-fault", "latency,delay=soon"}, wantErr: `"delay=soon": delay wants a duration`, wantCode: 2},
		{name: "bad fault route", args: []string{"-fault", "drop,route=put /v2/*"}, wantErr: "is not a method", wantCode: 2},
		{name: "latency fault without delay", args: []string{"-fault", "latency"}, wantErr: "needs a delay above 0", wantCode: 2},
		{name: "stall fault without delay", args: []string{"-fault", "stall,route=PUT"}, wantErr: "a stall fault needs a delay above 0", wantCode: 2},
		{name: "negative latency", args: []string{"-latency", "-5ms"}, wantErr: "-latency must not be negative", wantCode: 2},
		{name: "URL file in a missing directory", args: []string{"-url-file", "/nonexistent-konnect-mock-dir/mock.url"}, wantErr: "writing -url-file: ", wantCode: 1},
		{name: "no connections", args: []string{"-max-conns", "0"}, wantErr: "-max-conns must be at least 1, got 0", wantCode: 2},
		{name: "no jobs", args: []string{"-max-jobs", "-1"}, wantErr: "-max-jobs must be at least 1, got -1", wantCode: 2},
		{name: "negative request log", args: []string{"-request-log", "-1"}, wantErr: "-request-log must not be negative, got -1", wantCode: 2},
		{name: "control token of the API", args: []string{"-token", "kpat_ci", "-control-token", "kpat_ci"}, wantErr: "the controls need a token of their own", wantCode: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // should it start anyway, return at once
			err := run(ctx, tc.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("run(%q) = %v, want an error containing %q", tc.args, err, tc.wantErr)
			}
			if got := exitCode(err); got != tc.wantCode {
				t.Errorf("exit code = %d, want %d", got, tc.wantCode)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	cfg, err := parseFlags([]string{
		"-addr", "[::1]:0", "-token", "t", "-portals", " " + portal + " ,,", "-accepted", "0s",
		"-pending", "250ms", "-running", "1m", "-url-file", "u", "-quiet", "-allow-remote",
		"-latency", "20ms", "-fault", "503,route=PUT /v2/portals/*/audit-log-replay-job,first=2",
		"-fault", "latency, delay=1s, route=GET", "-fault", "429,share=0.5,retry-after=3",
		"-fault", "stall,delay=1m,route=PUT,first=1", "-new-portals", newPortal,
		"-webhook", "portal=org,region=eu,status=inactive", "-webhook", "enabled=false",
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := config{
		addr: "[::1]:0", token: "t", portals: []string{portal}, accepted: 0, pending: 250 * time.Millisecond,
		running: time.Minute, urlFile: "u", quiet: true, allowRemote: true,
	}
	if cfg.addr != want.addr || cfg.token != want.token || len(cfg.portals) != 1 || cfg.portals[0] != portal ||
		cfg.accepted != want.accepted || cfg.pending != want.pending || cfg.running != want.running ||
		cfg.urlFile != want.urlFile || !cfg.quiet || !cfg.allowRemote {
		t.Errorf("parseFlags = %+v\nwant %+v", cfg, want)
	}
	// In command-line order, with -latency's rule last whatever its place.
	wantFaults := []mockkonnect.Fault{
		{Kind: mockkonnect.FaultUnavailable, Route: "PUT /v2/portals/*/audit-log-replay-job", First: 2},
		{Kind: mockkonnect.FaultLatency, Delay: time.Second, Route: "GET"},
		{Kind: mockkonnect.FaultRateLimited, Share: 0.5, RetryAfter: "3"},
		{Kind: mockkonnect.FaultStall, Delay: time.Minute, Route: "PUT", First: 1},
		{Kind: mockkonnect.FaultLatency, Delay: 20 * time.Millisecond},
	}
	if !slices.Equal(cfg.faults, wantFaults) {
		t.Errorf("faults = %+v\nwant %+v", cfg.faults, wantFaults)
	}
	if !slices.Equal(cfg.newPortals, []string{newPortal}) {
		t.Errorf("newPortals = %q, want %q", cfg.newPortals, newPortal)
	}
	off := mockkonnect.Webhook{Enabled: false, Status: "active"}
	if cfg.webhook == nil || *cfg.webhook != off {
		t.Errorf("default webhook = %+v, want %+v", cfg.webhook, off)
	}
	wantHooks := []webhookSetting{{region: "eu", portalID: "", webhook: mockkonnect.Webhook{Enabled: false, Status: "inactive"}}}
	if !slices.Equal(cfg.webhooks, wantHooks) {
		t.Errorf("webhooks = %+v\nwant %+v", cfg.webhooks, wantHooks)
	}

	defaults, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if defaults.addr != "127.0.0.1:8080" || defaults.portals != nil || defaults.newPortals != nil || defaults.token != "" ||
		defaults.accepted != time.Second || defaults.pending != time.Second || defaults.running != 3*time.Second ||
		defaults.faults != nil || defaults.webhook != nil || defaults.webhooks != nil {
		t.Errorf("defaults = %+v", defaults)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, &stdout, &stderr); err != nil {
		t.Fatalf("run(-h) = %v, want nil", err)
	}
	for _, want := range []string{
		"-allow-remote", "-url-file", `provider "konnect-iac"`, `server_url            = "http://127.0.0.1:8080/{region}"`, "Kong's provider reads KONNECT_SERVER_URL",
		"-fault spec", "-latency duration", "retry-after=S", "-fault '503,route=PUT /v2/portals/*/audit-log-replay-job,first=2'",
		"  stall      handle the request, then hold the answer back for delay=D", "GET     /{region}/v2/portals/{portalId}",
		"-new-portals UUIDs", "-webhook spec", "GET     /{region}/v3/portals/{portalId}/audit-log-webhook/status",
		"GET     /{region}/v2/audit-log-webhook/status", "GET|PUT /{region}/v3/audit-log-replay-job",
		"message=TEXT     last_response_message; must come last",
		"GET     /healthz", "It runs in bounded memory", "it gets 408", "exits with status 0",
		"A window must lie within the last 7 days", "a larger one gets 413", "-max-conns n", "-max-jobs n", "-version",
		"POST   /_mock/jobs/fail", "-control-token token", "-request-log n", "curl -sS -X POST http://127.0.0.1:8080/_mock/webhook",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestCheckLoopback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr        string
		allowRemote bool
		wantOK      bool
	}{
		{addr: "127.0.0.1:8080", wantOK: true},
		{addr: "127.0.0.2:0", wantOK: true},
		{addr: "[::1]:0", wantOK: true},
		{addr: "localhost:0", wantOK: true},
		{addr: "LOCALHOST:0", wantOK: true},
		{addr: ":8080"},
		{addr: "[::]:8080"},
		{addr: "10.0.0.5:8080"},
		{addr: "example.com:80"},
		{addr: "0.0.0.0:8080", allowRemote: true, wantOK: true},
	}
	for _, tc := range tests {
		err := checkLoopback(tc.addr, tc.allowRemote)
		if (err == nil) != tc.wantOK {
			t.Errorf("checkLoopback(%q, %v) = %v, want ok=%v", tc.addr, tc.allowRemote, err, tc.wantOK)
		}
	}
}

func TestRunFaults(t *testing.T) {
	t.Parallel()
	baseURL, _, stderr, stop := start(t,
		"-fault", "503,first=1,route=GET /v2/audit-log-replay-job", "-fault", "drop,route=PUT", "-latency", "1ms")
	orgURL := baseURL + "/eu/v2/audit-log-replay-job"
	for i, want := range []int{503, 200, 200} {
		if got := get(t, orgURL, "kpat_any"); got != want {
			t.Errorf("GET %d: status %d, want %d", i+1, got, want)
		}
	}
	// A new connection, so that the client cannot retry on a fresh one.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	req, err := http.NewRequest(http.MethodPut, orgURL, strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer kpat_any")
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("dropped PUT got status %d, want an error", resp.StatusCode)
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	log := stderr.String()
	for _, want := range []string{
		"GET /eu/v2/audit-log-replay-job 503 ",
		"GET /eu/v2/audit-log-replay-job 200 ",
		"PUT /eu/v2/audit-log-replay-job dropped ",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
}

// Stopping does not wait out a long delay: the delayed request gets no answer.
func TestRunStopsDuringDelay(t *testing.T) {
	t.Parallel()
	baseURL, _, stderr, stop := start(t, "-latency", "1h")
	errs := make(chan error, 1)
	go func() {
		resp, err := http.Get(baseURL + "/v2/audit-log-replay-job")
		if err == nil {
			resp.Body.Close()
			err = errors.New("got status " + resp.Status)
		}
		errs <- err
	}()
	// Give the request time to reach its delay; one that has not yet meets
	// an ended context at once, which ends the same way.
	time.Sleep(100 * time.Millisecond)
	began := time.Now()
	if err := stop(); err != nil {
		t.Fatalf("run returned %v", err)
	}
	if took := time.Since(began); took > defaultTimeouts.shutdownGrace {
		t.Errorf("stopping took %s", took)
	}
	if err := <-errs; err == nil || strings.Contains(err.Error(), "got status") {
		t.Errorf("delayed request: %v, want a connection error", err)
	}
	if log := stderr.String(); !strings.Contains(log, "GET /v2/audit-log-replay-job dropped ") {
		t.Errorf("stderr lacks the dropped request:\n%s", log)
	}
}

// A stalled PUT changes the job even though its client never hears so, and
// the log line says nothing was sent.
func TestRunStall(t *testing.T) {
	t.Parallel()
	baseURL, _, stderr, stop := start(t, "-fault", "stall,delay=1h,route=PUT", "-accepted", "1h")
	jobURL := baseURL + "/eu/v2/portals/" + portal + "/audit-log-replay-job"
	client := &http.Client{Timeout: 200 * time.Millisecond}
	now := time.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
	req, err := http.NewRequest(http.MethodPut, jobURL, strings.NewReader(`{"start_at":"`+now+`","end_at":"`+now+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer kpat_any")
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("stalled PUT got status %d, want a timeout", resp.StatusCode)
	}

	req, err = http.NewRequest(http.MethodGet, jobURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer kpat_any")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"start_at":"` + now + `","end_at":"` + now + `","status":"accepted",`; resp.StatusCode != 200 || !strings.HasPrefix(string(body), want) {
		t.Errorf("GET after the stalled PUT: %d %s, want 200 starting %s", resp.StatusCode, body, want)
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if log := stderr.String(); !strings.Contains(log, "PUT /eu/v2/portals/"+portal+"/audit-log-replay-job dropped ") {
		t.Errorf("stderr lacks the stalled PUT as dropped:\n%s", log)
	}
}
