package konnect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry says how a request that failed for a passing reason is tried again.
type Retry struct {
	// Max is how many times a request is retried after its first attempt; 0
	// never retries.
	Max int
	// WaitMin and WaitMax bound the exponential backoff between attempts
	// when Konnect does not say how long to wait. WaitMin also bounds the
	// jitter added to a wait Konnect asked for.
	WaitMin, WaitMax time.Duration
}

// DefaultRetry rides out a short outage or a rate limit (about 15 s of
// waiting in all) without hiding a longer one.
var DefaultRetry = Retry{Max: 4, WaitMin: time.Second, WaitMax: 30 * time.Second}

// MaxRetryAfter caps how long a Retry-After header can make one wait last;
// the caller's deadline (a timeout, Ctrl-C) still ends any wait sooner.
const MaxRetryAfter = 5 * time.Minute

// The statuses that say "try again later". 429 and 503 also say the request
// was not processed; a 502 or 504 from a gateway may come after Konnect
// processed it. 500 is never retried: Konnect answers it for faults that
// repeating does not fix.
var (
	retryStatuses = map[int]bool{
		http.StatusTooManyRequests:    true,
		http.StatusBadGateway:         true,
		http.StatusServiceUnavailable: true,
		http.StatusGatewayTimeout:     true,
	}
	notProcessedStatuses = map[int]bool{
		http.StatusTooManyRequests:    true,
		http.StatusServiceUnavailable: true,
	}
)

// nextTry decides whether attempt n is followed by another, and after how
// long. A request sent once (a replay window) is retried only when Konnect
// cannot have processed it. No retry is planned past the caller's deadline:
// when Konnect asks for a longer wait than the time left, tooLong says so.
func (c *Client) nextTry(ctx context.Context, r request, a attemptResult, n int) (wait time.Duration, retry bool, tooLong time.Duration) {
	if n > c.retry.Max || a.stopped || ctx.Err() != nil {
		return 0, false, 0
	}
	switch {
	case a.status != 0:
		if !retryStatuses[a.status] || (r.once && !notProcessedStatuses[a.status]) {
			return 0, false, 0
		}
	case a.broken || !retryableFailure(a.err):
		return 0, false, 0
	case r.once && !a.unsent:
		return 0, false, 0
	}
	wait, asked := c.retry.backoff(n, a.header, c.clock.Now())
	if deadline, ok := c.clock.Deadline(ctx); ok && c.clock.Now().Add(wait).After(deadline) {
		if asked {
			return 0, false, wait
		}
		return 0, false, 0
	}
	return wait, true, 0
}

// retryableFailure says whether a failure without an answer may pass: not a
// TLS failure (a bad certificate or an old protocol stays so), nor a request
// that could not even be built.
func retryableFailure(err error) bool {
	var (
		remote  *net.OpError
		header  tls.RecordHeaderError
		verify  *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		invalid x509.CertificateInvalidError
		host    x509.HostnameError
	)
	switch {
	case errors.As(err, &remote) && remote.Op == "remote error",
		errors.As(err, &header), errors.As(err, &verify),
		errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &host):
		return false
	}
	return true
}

// neverLeft says a failure came before the request was written: no
// connection (refused, DNS, proxy) or no TLS session. Konnect cannot have
// seen it.
func neverLeft(err error) bool {
	var (
		op     *net.OpError
		dns    *net.DNSError
		header tls.RecordHeaderError
		verify *tls.CertificateVerificationError
	)
	switch {
	case errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect" || op.Op == "remote error"):
		return true
	case errors.As(err, &dns), errors.As(err, &header), errors.As(err, &verify):
		return true
	}
	return false
}

// backoff is the wait before attempt n+1: what Retry-After asks (capped),
// plus a little jitter so that many resources rate-limited together do not
// all come back in the same instant; otherwise WaitMin doubling each time up
// to WaitMax, with the upper half jittered. asked says Konnect set the wait.
func (r Retry) backoff(n int, header http.Header, now time.Time) (wait time.Duration, asked bool) {
	if d, ok := retryAfter(header.Get("Retry-After"), now); ok {
		return max(d, r.WaitMin) + jitter(r.WaitMin+d/10), true
	}
	d := r.WaitMin
	for i := 1; i < n && d < r.WaitMax; i++ {
		d *= 2
	}
	d = min(d, r.WaitMax)
	half := d / 2
	return max(half, r.WaitMin) + jitter(half+1), false
}

// jitter is a random wait in [0, upTo).
func jitter(upTo time.Duration) time.Duration {
	if upTo <= 0 {
		return 0
	}
	return rand.N(upTo)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date,
// capped at MaxRetryAfter. A date in the past means "now". Delay-seconds
// may have any number of digits: too many to parse still asks for a long
// wait, so it waits the cap rather than being taken as unreadable.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if strings.Trim(v, "0123456789") == "" {
		s, err := strconv.ParseUint(v, 10, 64)
		if err != nil || s > uint64(MaxRetryAfter/time.Second) { // only digits, so err says out of range
			return MaxRetryAfter, true
		}
		return time.Duration(s) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), MaxRetryAfter), true // Sub saturates, so a far date cannot overflow
}
