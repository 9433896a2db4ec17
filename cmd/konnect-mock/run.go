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
	"strconv"
	"sync"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// shutdownGrace is how long requests in flight get to finish on exit.
const shutdownGrace = 5 * time.Second

// maxHeaderBytes bounds a request's headers.
const maxHeaderBytes = 64 << 10

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
	if err := checkLoopback(cfg.addr, cfg.allowRemote); err != nil {
		return err
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
		Token:      cfg.token,
		Portals:    cfg.portals,
		NewPortals: cfg.newPortals,
		Accepted:   cfg.accepted,
		Pending:    cfg.pending,
		Running:    cfg.running,
		Faults:     cfg.faults,
		Webhook:    cfg.webhook,
		// Nothing here reads the request log, and a mock serving a CI run
		// for hours must not grow with every request.
		LogLimit: -1,
		MaxJobs:  cfg.maxJobs,
	})
	for _, w := range cfg.webhooks {
		mock.SetWebhook(w.region, w.portalID, w.webhook)
	}
	var handler http.Handler = mock
	errLog := log.New(stderr, "konnect-mock: ", log.LstdFlags)
	if !cfg.quiet {
		handler = logRequests(handler, errLog)
	}
	// Shutdown forgets a connection a drop fault has taken over, so run
	// waits for its handler itself, lest the request's log line be lost.
	var handlers sync.WaitGroup
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			handlers.Add(1)
			defer handlers.Done()
			handler.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		// Konnect's requests carry a token and a few headers; the default
		// 1 MiB per connection would be room to spare for an attacker.
		MaxHeaderBytes: maxHeaderBytes,
		ErrorLog:       errLog,
		// Requests end with ctx, so a long latency fault cannot hold up the
		// shutdown; other requests do not wait on their context and finish.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}

	if cfg.urlFile != "" {
		if err := writeFileAtomic(cfg.urlFile, baseURL+"\n"); err != nil {
			ln.Close()
			return fmt.Errorf("writing -url-file: %w", err)
		}
		defer removeURLFile(cfg.urlFile, baseURL+"\n", errLog)
	}
	fmt.Fprintf(stdout, "konnect-mock listening on %s (use server_url = \"%s/{region}\")\n", baseURL, baseURL)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(newLimitListener(ln, cfg.maxConns)) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	handlers.Wait()
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// logRequests writes one line per request. It never logs headers, so the
// bearer token stays out of CI logs.
func logRequests(next http.Handler, l *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		// Deferred, so that a request aborted by a panic is logged too.
		defer func() {
			status := "dropped" // nothing was sent: a drop fault, or the end of a delay nobody waited for
			if sw.status != 0 {
				status = strconv.Itoa(sw.status)
			}
			l.Printf("%s %s %s %s", r.Method, r.URL.Path, status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(sw, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int // 0 until something is sent
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK // what Write sends without WriteHeader
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection, which a drop
// fault takes over to close.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
