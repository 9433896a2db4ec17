package konnect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
)

// maxBody bounds what is read of an answer: replay-job bodies are tiny, and a
// misbehaving proxy must not make the provider buffer without limit.
const maxBody = 1 << 20

// request is one call to Konnect.
type request struct {
	method, region, path string
	body                 any   // nil: no body at all
	ok                   []int // the statuses that mean success
	// once says the request must not be repeated after an attempt that may
	// have reached Konnect: only answers and failures that prove it was not
	// processed are retried. Sending a replay window twice replays it twice.
	once bool
}

// reply is what a successful call got back.
type reply struct {
	status int
	body   []byte
}

// do sends r, retrying as c.retry says, and decodes a JSON answer into out
// (when out is not nil and the answer has a body). Any failure is one of the
// client's error types, each with an Ending.
func (c *Client) do(ctx context.Context, r request, out any) (reply, error) {
	url := c.BaseURL(r.region) + r.path
	var payload []byte
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return reply{}, &RequestError{Method: r.method, URL: url, Err: fmt.Errorf("encoding the request: %w", err), ending: Unreachable}
		}
		payload = b // the same bytes on every attempt
	}
	for n := 1; ; n++ {
		if ctx.Err() != nil {
			return reply{}, &RequestError{Method: r.method, URL: url, Attempts: n - 1, Err: context.Cause(ctx), ending: StoppedBeforeSending}
		}
		a := c.attempt(ctx, r, url, payload, n)
		err := a.result(c, r, out)
		wait, retry, tooLong := c.nextTry(ctx, r, a, n)
		if e, ok := err.(*Error); ok && tooLong > 0 {
			e.RetryAfter = tooLong
		}
		c.observe(ctx, RequestInfo{
			Method: r.method, URL: url, Attempt: n, Status: a.status, Duration: a.took,
			Err: a.err, Retrying: retry, RetryIn: wait,
		})
		if !retry {
			return reply{status: a.status, body: a.body}, err
		}
		if serr := c.clock.Sleep(ctx, wait); serr != nil {
			// The wait ended first; the last attempt says why no further one came.
			return reply{}, &RequestError{Method: r.method, URL: url, Attempts: n, Err: fmt.Errorf("%w while waiting to retry after: %v", serr, err), ending: StoppedBeforeSending}
		}
	}
}

// attemptResult is one try of a request: an answer, or the error that stopped it.
type attemptResult struct {
	n      int
	method string
	url    string
	status int // 0 when no answer came
	header http.Header
	body   []byte
	err    error // no answer (status 0), or the answer's body could not be read
	took   time.Duration
	// stopped says the caller's context had ended when the attempt failed.
	stopped bool
	// unsent says the request was never written: it could not be built, or
	// no connection was made.
	unsent bool
	// broken says the request could not be built, which no retry mends.
	broken bool
}

func (c *Client) attempt(ctx context.Context, r request, url string, payload []byte, n int) attemptResult {
	a := attemptResult{n: n, method: r.method, url: url}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, url, body)
	if err != nil {
		a.err, a.unsent, a.broken = err, true, true
		return a
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err == nil {
		a.status, a.header = resp.StatusCode, resp.Header
		a.body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
		// A server may echo the request, Authorization header included.
		// Masked before anything reads it, so that no snippet cut from it
		// can hold part of a secret.
		a.body = c.mask.body(a.body)
	}
	a.took, a.err, a.stopped = time.Since(start), err, err != nil && ctx.Err() != nil
	a.unsent = a.status == 0 && neverLeft(err)
	switch {
	case a.stopped:
		// The caller's reason (its timeout, or Ctrl-C) says why, not the
		// transport's "context canceled".
		a.err = fmt.Errorf("%w (%v)", context.Cause(ctx), bare(err))
	case a.err != nil && errors.Is(a.err, context.DeadlineExceeded):
		// Only the caller's own context may read as its deadline.
		a.err = fmt.Errorf("no answer within the request timeout of %s (request_timeout)", durationtext.Format(c.http.Timeout, durationtext.Go))
	}
	a.err = c.mask.err(a.err) // the transport quotes a malformed answer
	return a
}

// bare is a transport error without the method and URL that url.Error
// repeats; the client's errors say them once.
func bare(err error) error {
	if m, ok := err.(maskedError); ok {
		return maskedError{err: bare(m.err), mask: m.mask}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// result turns an attempt into the call's result: nil, or an error with its Ending.
func (a attemptResult) result(c *Client, r request, out any) error {
	switch {
	case a.status == 0:
		ending := NoAnswer
		switch {
		case a.stopped && a.unsent:
			ending = StoppedBeforeSending
		case a.stopped:
			ending = StoppedInFlight
		case a.unsent:
			ending = Unreachable
		}
		return &RequestError{Method: a.method, URL: a.url, Attempts: a.n, Err: a.err, ending: ending}
	case !slices.Contains(r.ok, a.status):
		if a.err != nil { // even the error's body was cut short
			return &Error{Method: a.method, URL: a.url, StatusCode: a.status, Body: c.mask.text(snippet(a.body)), Attempts: a.n}
		}
		e := newError(a.method, a.url, &http.Response{StatusCode: a.status, Header: a.header}, a.body, c.mask)
		e.Attempts = a.n
		return e
	}
	bad := func(reason string) error {
		return &AnswerError{Method: a.method, URL: a.url, StatusCode: a.status, Reason: c.mask.text(reason), Body: c.mask.text(snippet(a.body))}
	}
	switch {
	case a.err != nil:
		reason := "the body was cut short: " + a.err.Error()
		if a.stopped {
			reason = "the body was cut short when the request was stopped: " + a.err.Error()
		}
		return bad(reason)
	case out == nil || a.status == http.StatusNoContent:
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(a.header.Get("Content-Type")); mt != "application/json" {
		return bad(fmt.Sprintf("Content-Type %q is not JSON", a.header.Get("Content-Type")))
	}
	if err := decode(a.body, out, c.mask); err != nil {
		return bad(fmt.Sprintf("it is not the expected JSON (%v)", err))
	}
	if ch, ok := out.(interface{ check() error }); ok {
		if err := ch.check(); err != nil {
			return bad(err.Error())
		}
	}
	return nil
}

// decode reads a JSON answer into out, then masks the strings it decoded.
// The body was masked as it was read; its strings are masked again because
// decoding is where an escaped spelling of a secret turns plain, and what
// the client hands out must be safe whatever the body held.
func decode(body []byte, out any, m *masker) error {
	if err := json.Unmarshal(body, out); err != nil {
		return err
	}
	if o, ok := out.(interface{ mask(*masker) }); ok {
		o.mask(m)
	}
	return nil
}
