package konnect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"time"
)

// maxBody bounds what is read of an answer: replay-job bodies are tiny, and a
// misbehaving proxy must not make the provider buffer without limit.
const maxBody = 1 << 20

// do sends one request and decodes a JSON answer into out when the status is
// one of ok; any other status becomes an *Error.
func (c *Client) do(ctx context.Context, method, region, path string, in, out any, ok ...int) error {
	url := c.BaseURL(region) + path
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encoding the request to %s %s: %w", method, url, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
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

	start := time.Now()
	resp, err := c.http.Do(req)
	info := RequestInfo{Method: method, URL: url, Duration: time.Since(start), Err: err}
	if err != nil {
		c.observe(ctx, info)
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	info.Status, info.Duration, info.Err = resp.StatusCode, time.Since(start), err
	c.observe(ctx, info)
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, url, err)
	}

	if !slices.Contains(ok, resp.StatusCode) {
		return newError(method, url, resp, data)
	}
	if out == nil {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return fmt.Errorf("%s %s answered %d with Content-Type %q, not JSON: %s", method, url, resp.StatusCode, resp.Header.Get("Content-Type"), snippet(data))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s answered %d with a body that is not the expected JSON (%v): %s", method, url, resp.StatusCode, err, snippet(data))
	}
	return nil
}
