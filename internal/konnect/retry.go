package konnect

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Retry says how a request that failed for a passing reason is tried again.
type Retry struct {
	// Max is how many times a request is retried after its first attempt; 0
	// never retries.
	Max int
	// WaitMin and WaitMax bound the exponential backoff between attempts
	// when Konnect does not say how long to wait.
	WaitMin, WaitMax time.Duration
}

// DefaultRetry rides out a short outage or a rate limit (about 15 s of
// waiting in all) without hiding a longer one.
var DefaultRetry = Retry{Max: 4, WaitMin: time.Second, WaitMax: 30 * time.Second}

// MaxRetryAfter caps how long a Retry-After header can make one wait last;
// the context (the resource's timeout, Ctrl-C) still ends any wait sooner.
const MaxRetryAfter = 5 * time.Minute

// retryStatuses are the answers that say "try again later". 500 is not one:
// Konnect answers it for faults that repeating does not fix.
var retryStatuses = map[int]bool{
	http.StatusTooManyRequests:    true,
	http.StatusBadGateway:         true,
	http.StatusServiceUnavailable: true,
	http.StatusGatewayTimeout:     true,
}

// call is one request's retries: the hooks of the retry library share it.
type call struct {
	client *Client
	ctx    context.Context
	info   RequestInfo
	start  time.Time
	wait   time.Duration
}

func (c *Client) retrying(ctx context.Context, method, url string) (*retryablehttp.Client, *call) {
	cl := &call{client: c, ctx: ctx, info: RequestInfo{Method: method, URL: url}}
	return &retryablehttp.Client{
		HTTPClient:   c.attempts,
		RetryMax:     c.retry.Max,
		RetryWaitMin: c.retry.WaitMin,
		RetryWaitMax: c.retry.WaitMax,
		RequestLogHook: func(_ retryablehttp.Logger, _ *http.Request, i int) {
			cl.info.Attempt = i + 1
			cl.start = time.Now()
		},
		CheckRetry: cl.check,
		Backoff: func(time.Duration, time.Duration, int, *http.Response) time.Duration {
			return cl.wait
		},
		// The last answer reaches the caller as it is, so a persistent 503
		// reads as Konnect's 503 rather than as "giving up".
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}, cl
}

// check decides whether an attempt is repeated and reports it to Observe.
func (cl *call) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	info := cl.info
	info.Duration, info.Err = time.Since(cl.start), err
	if resp != nil {
		info.Status = resp.StatusCode
	}
	retry, stop := shouldRetry(ctx, resp, err)
	if retry && info.Attempt <= cl.client.retry.Max {
		cl.wait = cl.client.retry.backoff(info.Attempt, resp)
		info.RetryIn = cl.wait
		info.Retrying = true
	}
	cl.info.Status, cl.info.Err = info.Status, info.Err
	cl.client.observe(cl.ctx, info)
	return retry, stop
}

// shouldRetry retries connection failures and the "try again later" statuses,
// and nothing once the context has ended. A failure that repeating cannot fix
// (a bad certificate, an old TLS version, a refused redirect) stops at once.
func shouldRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, context.Cause(ctx)
	}
	if err != nil {
		var remote *net.OpError // a TLS alert from the server: "protocol version not supported"
		var header tls.RecordHeaderError
		if (errors.As(err, &remote) && remote.Op == "remote error") || errors.As(err, &header) {
			return false, err
		}
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	return retryStatuses[resp.StatusCode], nil
}

// backoff is the wait before attempt n+1: what Retry-After says (capped),
// otherwise WaitMin doubling each time up to WaitMax, with the upper half
// jittered so that many resources retrying together spread out.
func (r Retry) backoff(n int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, MaxRetryAfter)
		}
	}
	d := r.WaitMin
	for i := 1; i < n && d < r.WaitMax; i++ {
		d *= 2
	}
	d = min(d, r.WaitMax)
	if half := d / 2; half > 0 {
		d = half + rand.N(half+1)
	}
	return d
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date. A
// date in the past means "now".
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(s) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
