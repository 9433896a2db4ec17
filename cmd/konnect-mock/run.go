package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// maxHeaderBytes bounds a request's headers.
const maxHeaderBytes = 64 << 10

// timeouts bound how long a connection may hold the mock. There is no
// write timeout: latency and stall faults hold an answer back on purpose,
// for as long as they were asked to, and the client's own timeout (or its
// going away) ends them. ReadTimeout does not cut them short either: it
// covers reading the request, and net/http lifts it once the body is in.
type timeouts struct {
	readHeader time.Duration // the request line and headers
	read       time.Duration // the whole request, body included
	// idle is how long a kept-alive connection may wait for its next
	// request: longer than Go's own 90s, so that a Go client drops it
	// first instead of sending into a connection being closed.
	idle time.Duration
	// shutdownGrace is how long requests in flight get to finish on exit;
	// connections still busy then are closed.
	shutdownGrace time.Duration
}

var defaultTimeouts = timeouts{readHeader: 10 * time.Second, read: 30 * time.Second, idle: 2 * time.Minute, shutdownGrace: 5 * time.Second}

// run serves the mock until ctx ends. It is main without the process: tests
// call it with their own context and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if cfg.version {
		fmt.Fprintln(stdout, "konnect-mock", versionString())
		return nil
	}
	for _, w := range delayWarnings(cfg.faults) {
		fmt.Fprintln(stderr, "konnect-mock: warning:", w)
	}
	return serve(ctx, cfg, stdout, stderr)
}

// longestUsefulDelay is the longest delay that can do what a latency or a
// stall is for: no client waits longer for an answer.
const longestUsefulDelay = time.Hour

// delayWarnings are warnings about delays so long that every request they
// hold times out in its client first: accepted, they would only look like
// an outage.
func delayWarnings(faults []mockkonnect.Fault) []string {
	var out []string
	for _, f := range faults {
		if f.Delay > longestUsefulDelay {
			what := "-fault " + string(f.Kind)
			if f.Kind == mockkonnect.FaultLatency && f.Route == "" && f.First == 0 && f.Share == 0 {
				what = "-latency (or a latency fault on every route)"
			}
			out = append(out, fmt.Sprintf("%s delays answers by %s, longer than any client waits (%s at most makes sense): "+
				"every request it delays times out in its client first", what, f.Delay, longestUsefulDelay))
		}
	}
	return out
}

// requestLogLimit is Options.LogLimit for -request-log n: 0 keeps none.
func requestLogLimit(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// serve is run once the command line is read; tests call it with a config
// of their own, such as short timeouts.
func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	if err := checkLoopback(cfg.addr, cfg.allowRemote); err != nil {
		return err
	}
	if cfg.urlFile != "" {
		if err := checkURLFile(cfg.urlFile); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	// A name like "localhost" may resolve to something else; check what we got.
	if err := checkLoopback(ln.Addr().String(), cfg.allowRemote); err != nil {
		ln.Close()
		return err
	}
	baseURL := "http://" + ln.Addr().String()

	mock := mockkonnect.New(mockkonnect.Options{
		Token:        cfg.token,
		Portals:      cfg.portals,
		NewPortals:   cfg.newPortals,
		PortalRegion: cfg.region,
		Accepted:     cfg.accepted,
		Pending:      cfg.pending,
		Running:      cfg.running,
		Faults:       cfg.faults,
		Webhook:      cfg.webhook,
		// A ring, so that a mock serving a CI run for hours does not grow
		// with every request.
		LogLimit:     requestLogLimit(cfg.logSize),
		LogNoHeaders: true, // GET /_mock/requests shows none, and they hold tokens
		MaxJobs:      cfg.maxJobs,
		ControlToken: cfg.controlTok,
	})
	for _, w := range cfg.webhooks {
		mock.SetWebhook(w.region, w.portalID, w.webhook)
	}
	var handler http.Handler = mock
	errLog := log.New(stderr, "konnect-mock: ", log.LstdFlags)
	if !cfg.quiet {
		handler = logRequests(handler, errLog)
	}
	// Shutdown forgets a connection a drop fault has taken over, so serve
	// waits for its handler itself, lest the request's log line be lost.
	var handlers sync.WaitGroup
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			handlers.Add(1)
			defer handlers.Done()
			handler.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: cfg.timeouts.readHeader,
		ReadTimeout:       cfg.timeouts.read,
		IdleTimeout:       cfg.timeouts.idle,
		// Konnect's requests carry a token and a few headers; the default
		// 1 MiB per connection would be room to spare for an attacker.
		MaxHeaderBytes: maxHeaderBytes,
		ErrorLog:       errLog,
		// Requests end with ctx, so a long latency fault cannot hold up the
		// shutdown; other requests do not wait on their context and finish.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}

	if cfg.urlFile != "" {
		written, err := writeURLFile(cfg.urlFile, baseURL+"\n")
		if err != nil {
			ln.Close()
			return err
		}
		defer removeURLFile(cfg.urlFile, baseURL+"\n", written, errLog)
	}
	fmt.Fprintf(stdout, "konnect-mock listening on %s (use server_url = \"%s/{region}\")\n", baseURL, baseURL)

	serveErr := make(chan error, 1)
	limited := newLimitListener(ln, cfg.maxConns)
	srv.ConnState = limited.ConnState
	go func() { serveErr <- srv.Serve(limited) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.timeouts.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Stopping is what was asked: a request still arriving (or a client
		// still reading) after the grace period is cut off, not waited for.
		errLog.Printf("closing the connections still busy after %s", cfg.timeouts.shutdownGrace)
		_ = srv.Close() // what it would report, Shutdown just did
	}
	handlers.Wait()
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
