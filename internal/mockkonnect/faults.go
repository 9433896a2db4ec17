package mockkonnect

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// FaultKind names what a fault does to a request.
type FaultKind string

// Fault kinds. Faults act before anything else, as a gateway or load balancer
// in front of Konnect would, so they hit unauthenticated and unknown requests
// too unless a Route narrows them. "Not processed" means the request leaves
// no trace but the log: no job changes.
const (
	// FaultLatency waits Delay, or until the client gives up, then answers
	// normally (or as the answering fault that also applies says).
	FaultLatency FaultKind = "latency"
	// FaultUnavailable answers 503 application/problem+json, not processed,
	// with a Retry-After header if RetryAfter is set.
	FaultUnavailable FaultKind = "503"
	// FaultRateLimited answers 429 application/problem+json with Retry-After
	// (RetryAfter, default "1"), not processed.
	FaultRateLimited FaultKind = "429"
	// FaultBadGateway answers 502 with a load balancer's text/html page, not
	// processed.
	FaultBadGateway FaultKind = "502"
	// FaultTruncate processes the request normally (state changes!), then
	// sends the real status and Content-Type with only the first half of the
	// body and a Content-Length to match: valid HTTP carrying broken JSON, so
	// the client's decoder, not its transport, meets the error.
	FaultTruncate FaultKind = "truncate"
	// FaultStall processes the request normally (state changes!), then holds
	// the answer back for Delay, on the real clock, and sends it; if the
	// client gives up first it gets nothing, as with FaultDrop. It is Konnect
	// accepting a PUT whose answer never reaches the client: a client
	// timeout, or a Ctrl-C, after the change was made. The log shows the
	// held-back answer's status as soon as the request was processed.
	FaultStall FaultKind = "stall"
	// FaultDrop closes the connection without any answer (on HTTP/2 it
	// resets the stream), not processed.
	FaultDrop FaultKind = "drop"
	// FaultRespond answers Status, ContentType and Body verbatim, not
	// processed. It is for answers the other kinds do not cover.
	FaultRespond FaultKind = "respond"
)

// Fault is one rule. Zero-valued selectors match everything.
type Fault struct {
	Kind FaultKind
	// Route limits the fault to some requests: a method ("PUT"), a path
	// pattern ("/v2/portals/*/audit-log-replay-job") or both, space-separated
	// ("GET /v2/portals/*/audit-log-replay-job"). The pattern follows
	// path.Match, so * stays within one segment, and is matched against the
	// path with any region prefix (/us, /eu …) removed. "" matches every
	// request.
	Route string
	// First > 0 faults only the first First attempts of each distinct
	// request (same method, full path including region, and body); later
	// attempts pass. It is how a test proves a client retries. A rule
	// remembers the 10,000 distinct requests it saw first most recently; one
	// first seen longer ago counts as new again, which keeps memory bounded.
	First int
	// Share in (0, 1] faults that share of matching requests, spread evenly
	// and deterministically: the nth matching request is faulted when
	// floor(n*Share) grows, so 0.5 faults the 2nd, 4th, 6th … and 0.25 the
	// 4th, 8th …. Share 0 with First 0 faults every matching request.
	Share float64
	// Delay is how long a FaultLatency waits before the request is handled,
	// or a FaultStall after, on the real clock (Options.Now only drives
	// jobs). Both kinds need it.
	Delay time.Duration
	// RetryAfter is the Retry-After header of a 429 or 503: seconds ("2") or
	// an HTTP date.
	RetryAfter string
	// Status, ContentType and Body are a FaultRespond's answer. ContentType
	// "" sends no Content-Type header at all.
	Status      int
	ContentType string
	Body        string
}

// faultRule is a Fault with its route parsed and the counters that pick
// requests. Its counters change only under the server's mutex.
type faultRule struct {
	Fault
	method   string    // "" for any
	pattern  string    // "" for any
	attempts *attempts // First: attempts so far per distinct request
	matched  int       // Share: matching requests so far
}

// SetFaults replaces the fault rules (none clears them) and resets their
// counters. It is safe to call while serving; a request in flight finishes
// under the rules it started with.
//
// Rules are evaluated in order. Every rule whose Route matches counts the
// request, whether or not it ends up faulting it, so a rule picks the same
// requests whatever rules come before it. Of the rules that pick a request,
// the first latency rule delays it and then the first other rule answers it,
// so latency followed by a stall waits before and after the processing.
func (s *Server) SetFaults(faults ...Fault) error {
	rules := make([]*faultRule, 0, len(faults))
	for i, f := range faults {
		if err := f.validate(); err != nil {
			return fmt.Errorf("fault %d: %w", i+1, err)
		}
		method, pattern, _ := splitRoute(f.Route) // validate checked it
		rules = append(rules, &faultRule{Fault: f, method: method, pattern: pattern, attempts: newAttempts(maxTracked)})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = rules
	return nil
}

// kindNames lists the kinds in error messages; respond has no command-line form.
const kindNames = "latency, 503, 429, 502, truncate, stall, drop"

func (f Fault) validate() error {
	switch f.Kind {
	case FaultLatency, FaultUnavailable, FaultRateLimited, FaultBadGateway, FaultTruncate, FaultStall, FaultDrop, FaultRespond:
	default:
		return fmt.Errorf("unknown kind %q (allowed: %s, respond)", f.Kind, kindNames)
	}
	if _, _, err := splitRoute(f.Route); err != nil {
		return err
	}
	if f.First < 0 {
		return fmt.Errorf("first must not be negative, got %d", f.First)
	}
	if math.IsNaN(f.Share) || f.Share < 0 || f.Share > 1 {
		return fmt.Errorf("share must be between 0 and 1, got %v", f.Share)
	}
	if f.First > 0 && f.Share > 0 {
		return errors.New("first and share cannot both be set: first picks attempts of each request, share a part of all requests")
	}
	if f.Kind == FaultLatency || f.Kind == FaultStall {
		if f.Delay <= 0 {
			return fmt.Errorf("a %s fault needs a delay above 0, got %s", f.Kind, f.Delay)
		}
	} else if f.Delay != 0 {
		return fmt.Errorf("delay is only for latency and stall faults, not %s", f.Kind)
	}
	if f.RetryAfter != "" {
		if f.Kind != FaultUnavailable && f.Kind != FaultRateLimited {
			return fmt.Errorf("retry-after is only for 429 and 503 faults, not %s", f.Kind)
		}
		if !validRetryAfter(f.RetryAfter) {
			return fmt.Errorf("retry-after %q is neither a whole number of seconds nor an HTTP date", f.RetryAfter)
		}
	}
	if f.Kind == FaultRespond {
		// 1xx would be sent as an informational answer followed by a 200.
		if f.Status < 200 || f.Status > 599 {
			return fmt.Errorf("a respond fault needs a status from 200 to 599, got %d", f.Status)
		}
	} else if f.Status != 0 || f.ContentType != "" || f.Body != "" {
		return fmt.Errorf("status, content type and body are only for respond faults, not %s", f.Kind)
	}
	return nil
}

func validRetryAfter(v string) bool {
	if strings.Trim(v, "0123456789") == "" {
		return true
	}
	_, err := http.ParseTime(v)
	return err == nil
}

// splitRoute reads a Fault's Route into a method and a path pattern, either
// of which may be "".
func splitRoute(route string) (method, pattern string, err error) {
	route = strings.TrimSpace(route)
	if route == "" {
		return "", "", nil
	}
	pattern = route
	if !strings.HasPrefix(route, "/") {
		method, pattern, _ = strings.Cut(route, " ")
		pattern = strings.TrimSpace(pattern)
		if !isMethod(method) {
			return "", "", fmt.Errorf("route %q: %q is not a method (want an upper-case method such as GET or PUT, a path pattern starting with /, or both)", route, method)
		}
		if pattern == "" {
			return method, "", nil
		}
		if !strings.HasPrefix(pattern, "/") {
			return "", "", fmt.Errorf("route %q: the path pattern %q must start with /", route, pattern)
		}
	}
	if _, err := path.Match(pattern, "/"); err != nil {
		return "", "", fmt.Errorf("route %q: pattern %q is not valid for path.Match: %w", route, pattern, err)
	}
	// Such a pattern would never match, since the region is removed first.
	if first, _, _ := strings.Cut(pattern[1:], "/"); regions[first] {
		return "", "", fmt.Errorf("route %q: patterns match the path without its region prefix; leave out /%s", route, first)
	}
	return method, pattern, nil
}

func isMethod(s string) bool {
	return s != "" && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// stripRegion removes a region prefix the way parseRoute recognises one.
func stripRegion(p string) string {
	rest, ok := strings.CutPrefix(p, "/")
	if !ok {
		return p
	}
	first, tail, _ := strings.Cut(rest, "/")
	if regions[first] {
		return "/" + tail
	}
	return p
}

// picks reports whether the rule faults a request, counting it if its route
// matches. Call with s.mu held.
func (fr *faultRule) picks(method, urlPath string, body []byte) bool {
	if fr.method != "" && fr.method != method {
		return false
	}
	if fr.pattern != "" {
		if ok, _ := path.Match(fr.pattern, stripRegion(urlPath)); !ok {
			return false
		}
	}
	switch {
	case fr.First > 0:
		return fr.attempts.add(newAttemptKey(method, urlPath, body), fr.First+1) <= fr.First
	case fr.Share > 0:
		fr.matched++
		// The epsilon keeps products like 10*0.3 from landing just below a
		// whole number and moving a fault by one.
		const eps = 1e-9
		n := float64(fr.matched)
		return math.Floor(n*fr.Share+eps) > math.Floor((n-1)*fr.Share+eps)
	}
	return true
}

// faultRules returns the current rules, for pickFault.
func (s *Server) faultRules() []*faultRule {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// pickFault returns the first latency rule (latency true) or the first
// answering rule (latency false) that picks the request. Every rule of that
// class whose route matches counts the request.
func (s *Server) pickFault(rules []*faultRule, latency bool, r *http.Request, body []byte) (Fault, bool) {
	if len(rules) == 0 {
		return Fault{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var picked Fault
	found := false
	for _, fr := range rules {
		if (fr.Kind == FaultLatency) != latency {
			continue
		}
		if fr.picks(r.Method, r.URL.Path, body) && !found {
			picked, found = fr.Fault, true
		}
	}
	return picked, found
}

// sleepCtx waits d and reports whether it did, or returns false as soon as
// ctx ends: a client that gave up must not hold the handler.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// abort ends the exchange without any answer, as a crashing proxy would: it
// closes the connection, or where it cannot (HTTP/2, a ResponseRecorder)
// panics with http.ErrAbortHandler, which the server turns into a reset.
// Returning without writing instead would send an empty 200.
func abort(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// badGatewayPage is what a load balancer shows when Konnect is not behind
// it: HTML where a client expects JSON.
const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<h1>502 Bad Gateway</h1>
</body>
</html>
`

// answer is the response of a fault that answers instead of the API.
func (f Fault) answer() response {
	switch f.Kind {
	case FaultUnavailable:
		resp := problemResponse(problem{
			Status: http.StatusServiceUnavailable, Title: "Service Unavailable", Instance: traceID(kongTrace),
			Detail: "The service is temporarily unavailable; try again later",
		})
		if f.RetryAfter != "" {
			resp.header = http.Header{"Retry-After": {f.RetryAfter}}
		}
		return resp
	case FaultRateLimited:
		resp := problemResponse(problem{
			Status: http.StatusTooManyRequests, Title: "Too Many Requests", Instance: traceID(kongTrace),
			Detail: "API rate limit exceeded",
		})
		retryAfter := f.RetryAfter
		if retryAfter == "" {
			retryAfter = "1"
		}
		resp.header = http.Header{"Retry-After": {retryAfter}}
		return resp
	case FaultBadGateway:
		return response{status: http.StatusBadGateway, contentType: "text/html", body: []byte(badGatewayPage)}
	default: // FaultRespond; validate allows no other kind here
		return response{status: f.Status, contentType: f.ContentType, body: []byte(f.Body)}
	}
}

// truncate keeps resp's status and headers but only the first half of its
// body, with a Content-Length to match.
func truncate(resp response) response {
	resp.body = resp.body[:len(resp.body)/2]
	h := resp.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	resp.header = h
	return resp
}

// faultKeys lists ParseFault's settings in error messages.
const faultKeys = "route, first, share, delay, retry-after"

// ParseFault reads the command-line form of a fault: the kind (latency, 503,
// 429, 502, truncate, stall or drop), then comma-separated key=value settings:
//
//	route=PUT /v2/portals/*/audit-log-replay-job   (Route; no commas)
//	first=2                                        (First)
//	share=0.25                                     (Share)
//	delay=50ms                                     (Delay, for latency and stall)
//	retry-after=2                                  (RetryAfter in seconds, for 429 and 503)
//
// For example "503,first=2,route=PUT" or "stall,delay=1m,route=PUT". Respond
// faults have no command-line form. The result is valid for SetFaults.
func ParseFault(spec string) (Fault, error) {
	items := strings.Split(spec, ",")
	var f Fault
	switch kind := FaultKind(strings.TrimSpace(items[0])); kind {
	case FaultLatency, FaultUnavailable, FaultRateLimited, FaultBadGateway, FaultTruncate, FaultStall, FaultDrop:
		f.Kind = kind
	case "":
		return Fault{}, fmt.Errorf("missing the kind before the first comma (allowed: %s)", kindNames)
	case FaultRespond:
		return Fault{}, fmt.Errorf("kind %q is only available from Go, through Fault (allowed here: %s)", kind, kindNames)
	default:
		return Fault{}, fmt.Errorf("unknown kind %q (allowed: %s)", kind, kindNames)
	}
	seen := map[string]bool{}
	for _, item := range items[1:] {
		item = strings.TrimSpace(item)
		if item == "" {
			continue // a stray comma says nothing
		}
		key, value, ok := strings.Cut(item, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok {
			return Fault{}, fmt.Errorf("%q is not key=value (keys: %s)", item, faultKeys)
		}
		if seen[key] {
			return Fault{}, fmt.Errorf("%q: %s is given twice", item, key)
		}
		seen[key] = true
		switch key {
		case "route":
			f.Route = value
		case "first":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return Fault{}, fmt.Errorf("%q: first wants a whole number of attempts, 1 or more", item)
			}
			f.First = n
		case "share":
			x, err := strconv.ParseFloat(value, 64)
			if err != nil || !(x > 0 && x <= 1) {
				return Fault{}, fmt.Errorf("%q: share wants a fraction above 0 and at most 1, such as 0.25", item)
			}
			f.Share = x
		case "delay":
			d, err := time.ParseDuration(value)
			if err != nil {
				return Fault{}, fmt.Errorf("%q: delay wants a duration such as 50ms or 2s", item)
			}
			f.Delay = d
		case "retry-after":
			// An HTTP date has a comma, and a fixed date in a script goes
			// stale anyway, so the command line takes seconds only.
			if value == "" || strings.Trim(value, "0123456789") != "" {
				return Fault{}, fmt.Errorf("%q: retry-after wants whole seconds, such as 2", item)
			}
			f.RetryAfter = value
		default:
			return Fault{}, fmt.Errorf("%q: unknown key %q (keys: %s)", item, key, faultKeys)
		}
	}
	if err := f.validate(); err != nil {
		return Fault{}, err
	}
	return f, nil
}
