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

func (f Fault) validate() error {
	k, ok := kindsByName[f.Kind]
	if !ok {
		return fmt.Errorf("unknown kind %q (allowed: %s)", f.Kind, kindNames(anyKind, ""))
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
	if k.delay {
		if f.Delay <= 0 {
			return fmt.Errorf("a %s fault needs a delay above 0, got %s", f.Kind, f.Delay)
		}
	} else if f.Delay != 0 {
		return fmt.Errorf("delay is only for %s faults, not %s", kindNames(takesDelay, "and"), f.Kind)
	}
	if f.RetryAfter != "" {
		if !k.retryAfter {
			return fmt.Errorf("retry-after is only for %s faults, not %s", kindNames(takesRetryAfter, "and"), f.Kind)
		}
		if !validRetryAfter(f.RetryAfter) {
			return fmt.Errorf("retry-after %q is neither a whole number of seconds nor an HTTP date", f.RetryAfter)
		}
	}
	if k.verbatim {
		// 1xx would be sent as an informational answer followed by a 200.
		if f.Status < 200 || f.Status > 599 {
			return fmt.Errorf("a %s fault needs a status from 200 to 599, got %d", f.Kind, f.Status)
		}
	} else if f.Status != 0 || f.ContentType != "" || f.Body != "" {
		return fmt.Errorf("status, content type and body are only for %s faults, not %s", kindNames(takesVerbatim, "and"), f.Kind)
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
			if !servesAny(method, "") {
				return "", "", fmt.Errorf("route %q matches no request the mock answers, so the fault would never apply; the mock answers %s", route, servedRoutes())
			}
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
	if pattern != "" {
		if first, _, _ := strings.Cut(pattern[1:], "/"); regions[first] {
			return "", "", fmt.Errorf("route %q: patterns match the path without its region prefix; leave out /%s", route, first)
		}
	}
	if !servesAny(method, pattern) {
		return "", "", fmt.Errorf("route %q matches no request the mock answers, so the fault would never apply; the mock answers %s", route, servedRoutes())
	}
	return method, pattern, nil
}

// servesAny reports whether some route of routeTable, under /v2 or /v3,
// answers method (any, when "") on a path pattern matches (any, when "").
// Where a route names a portal, the pattern's own segment stands for the
// ID, or a UUID when the segment has wildcards.
func servesAny(method, pattern string) bool {
	segs := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	for _, row := range routeTable {
		if method != "" && !row.family.allows(method) {
			continue
		}
		if pattern == "" {
			return true
		}
		for _, version := range []string{"v2", "v3"} {
			full := append([]string{version}, row.segments...)
			if len(full) != len(segs) {
				continue
			}
			candidate := make([]string, len(full))
			for i, seg := range full {
				candidate[i] = seg
				if seg == idSegment {
					candidate[i] = "00000000-0000-4000-8000-000000000000"
					if !strings.ContainsAny(segs[i], "*?[\\") {
						candidate[i] = segs[i]
					}
				}
			}
			if ok, _ := path.Match(pattern, "/"+strings.Join(candidate, "/")); ok {
				return true
			}
		}
	}
	return false
}

// servedRoutes lists what the mock answers, for errors.
func servedRoutes() string {
	var routes []string
	for _, row := range routeTable {
		routes = append(routes, strings.Join(row.family.methods, "|")+" /v2|v3/"+strings.Join(row.segments, "/"))
	}
	return strings.Join(routes, ", ")
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

// pickFault returns the first delaying rule (delaying true) or the first
// other rule (delaying false) that picks the request. Every rule of that
// class whose route matches counts the request.
func (s *Server) pickFault(rules []*faultRule, delaying bool, r *http.Request, body []byte) (Fault, bool) {
	if len(rules) == 0 {
		return Fault{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var picked Fault
	found := false
	for _, fr := range rules {
		if (fr.spec().effect == effectDelay) != delaying {
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
