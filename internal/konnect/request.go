package konnect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"slices"

	"github.com/hashicorp/go-retryablehttp"
)

// maxBody bounds what is read of an answer: replay-job bodies are tiny, and a
// misbehaving proxy must not make the provider buffer without limit.
const maxBody = 1 << 20

// do sends one request, retrying as c.retry says, and decodes a JSON answer
// into out when the status is one of ok; any other status becomes an *Error.
func (c *Client) do(ctx context.Context, method, region, path string, in, out any, ok ...int) error {
	url := c.BaseURL(region) + path
	var body any // untyped nil: no body at all
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encoding the request to %s %s: %w", method, url, err)
		}
		body = b // replayable: the same bytes are sent on every attempt
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return fmt.Errorf("building the request to %s %s: %w", method, url, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	rc, call := c.retrying(ctx, method, url)
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		// An attempt that ran out of request_timeout also reads as
		// DeadlineExceeded; only the caller's own context may say that.
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within the request timeout of %s", c.attempts.Timeout)
		}
		return &RequestError{Method: method, URL: url, Attempts: call.info.Attempt, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no complete answer within the request timeout of %s", c.attempts.Timeout)
		}
		if slices.Contains(ok, resp.StatusCode) {
			// Konnect took the request; only its answer was lost.
			return &AnswerError{Method: method, URL: url, StatusCode: resp.StatusCode, Reason: "the body was cut short: " + err.Error(), Body: snippet(data)}
		}
		return &Error{Method: method, URL: url, StatusCode: resp.StatusCode, Body: snippet(data), Attempts: call.info.Attempt}
	}

	if !slices.Contains(ok, resp.StatusCode) {
		e := newError(method, url, resp, data)
		e.Attempts = call.info.Attempt
		return e
	}
	if out == nil {
		return nil
	}
	bad := func(reason string) error {
		return &AnswerError{Method: method, URL: url, StatusCode: resp.StatusCode, Reason: reason, Body: snippet(data)}
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return bad(fmt.Sprintf("Content-Type %q is not JSON", resp.Header.Get("Content-Type")))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return bad(fmt.Sprintf("it is not the expected JSON (%v)", err))
	}
	if c, ok := out.(interface{ check() error }); ok {
		if err := c.check(); err != nil {
			return bad(err.Error())
		}
	}
	return nil
}
