// Package konnect is a small client for the parts of the Kong Konnect API this
// provider manages. It knows nothing of Terraform: the provider turns its
// results into state and diagnostics.
package konnect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// RegionPlaceholder in a server URL is replaced with the region of each request,
// so that one client serves every region.
const RegionPlaceholder = "{region}"

// DefaultServerURL is Konnect's public API, one host per region.
const DefaultServerURL = "https://" + RegionPlaceholder + ".api.konghq.com"

// Regions lists the Konnect regions, in the order Kong documents them. "ap" is
// named only by older documents but still accepted.
var Regions = []string{"us", "eu", "au", "me", "in", "sg", "ap"}

// IsRegion reports whether r is a Konnect region.
func IsRegion(r string) bool { return slices.Contains(Regions, r) }

// Config is what a Client needs. ServerURL and Token are required.
type Config struct {
	// ServerURL is the base URL, optionally containing RegionPlaceholder.
	ServerURL string
	// Token is a personal or system account access token.
	Token string
	// UserAgent is sent with every request.
	UserAgent string
	// HTTPClient defaults to a client of its own with a 60 s timeout.
	HTTPClient *http.Client
	// Observe, when set, is told about every request once it has an answer
	// (or failed); the provider logs through it.
	Observe func(context.Context, RequestInfo)
}

// RequestInfo describes one finished request. It never holds the token.
type RequestInfo struct {
	Method   string
	URL      string
	Status   int // 0 when no response arrived
	Duration time.Duration
	Err      error
}

// Client talks to Konnect. It is safe for concurrent use and reuses connections.
type Client struct {
	serverURL string
	token     string
	userAgent string
	http      *http.Client
	observe   func(context.Context, RequestInfo)
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if err := ValidateServerURL(cfg.ServerURL); err != nil {
		return nil, err
	}
	if cfg.Token == "" {
		return nil, errors.New("an access token is required")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	observe := cfg.Observe
	if observe == nil {
		observe = func(context.Context, RequestInfo) {}
	}
	return &Client{
		serverURL: strings.TrimRight(strings.TrimSpace(cfg.ServerURL), "/"),
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		http:      hc,
		observe:   observe,
	}, nil
}

// BaseURL is the server URL with the region filled in.
func (c *Client) BaseURL(region string) string {
	return strings.ReplaceAll(c.serverURL, RegionPlaceholder, region)
}

// ValidateServerURL checks a server URL as a user would write it: absolute,
// https (or http to a loopback address, for a local mock), with no query,
// fragment or credentials. RegionPlaceholder may appear in the host or path.
func ValidateServerURL(raw string) error {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return errors.New("must not be empty")
	}
	u, err := url.Parse(strings.ReplaceAll(raw, RegionPlaceholder, Regions[0]))
	if err != nil {
		return fmt.Errorf("is not a valid URL: %v", errors.Unwrap(err))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("must start with https:// (got scheme %q)", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return errors.New("must name a host, as in https://{region}.api.konghq.com")
	case u.User != nil:
		return errors.New("must not contain credentials; use the token attributes")
	case u.RawQuery != "" || u.ForceQuery:
		return errors.New("must not contain a query string")
	case u.Fragment != "":
		return errors.New("must not contain a fragment")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return fmt.Errorf("must use https:// for %s; http:// is accepted only for loopback hosts (localhost, 127.0.0.1, ::1)", u.Hostname())
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
