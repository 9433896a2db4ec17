// Package konnect is a small client for the parts of the Kong Konnect API this
// provider manages. It knows nothing of Terraform: the provider turns its
// results into state and diagnostics.
package konnect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
)

// RegionPlaceholder in a server URL is replaced with the region of each request,
// so that one client serves every region.
const RegionPlaceholder = "{region}"

// DefaultServerURL is Konnect's public API, one host per region.
const DefaultServerURL = "https://" + RegionPlaceholder + ".api.konghq.com"

// Regions lists the Konnect regions, in the order Kong documents them. "ap" is
// named only by older documents but still accepted.
var Regions = []string{"us", "eu", "au", "me", "in", "sg", "ap"}

// ServedRegions are the regions Kong's current documents list servers for:
// Regions but "ap".
var ServedRegions = Regions[:6]

// IsRegion reports whether r is a Konnect region.
func IsRegion(r string) bool { return slices.Contains(Regions, r) }

// Config is what a Client needs. ServerURL and Token are required.
type Config struct {
	// ServerURL is the base URL, optionally containing RegionPlaceholder.
	ServerURL string
	// Token is a personal or system account access token.
	Token string
	// AllowInsecureHTTP accepts a ServerURL of plain http:// to a host that
	// is not loopback, such as a mock reached by a service name in CI.
	AllowInsecureHTTP bool
	// UserAgent is sent with every request.
	UserAgent string
	// HTTPClient defaults to NewHTTPClient(DefaultRequestTimeout). Its
	// timeout bounds each attempt, not the retries together.
	HTTPClient *http.Client
	// Retry says how failed attempts are retried; the zero value never retries.
	Retry Retry
	// Clock times the waits between attempts; nil is the real clock.
	// Client.Clock gives it to code that drives the client.
	Clock clock.Clock
	// Secrets are masked wherever a server's words reach the caller, in
	// errors and in the values returned: a server that echoes the
	// Authorization header must not print the token, however it spells it
	// (see masker). Token is always among them.
	Secrets []string
	// Observe, when set, is told about every request once it has an answer
	// (or failed); the provider logs through it.
	Observe func(context.Context, RequestInfo)
}

// DefaultRequestTimeout bounds one attempt: replay-job calls are small and
// Konnect answers them in well under a second.
const DefaultRequestTimeout = 30 * time.Second

// RequestInfo describes one finished attempt of a request. It never holds the
// token.
type RequestInfo struct {
	Method   string
	URL      string
	Attempt  int // 1 for the first
	Status   int // 0 when no response arrived
	Duration time.Duration
	Err      error
	// Retrying says the request is tried again after RetryIn.
	Retrying bool
	RetryIn  time.Duration
}

// Client talks to Konnect. It is safe for concurrent use and reuses connections.
type Client struct {
	serverURL string
	token     string
	userAgent string
	http      *http.Client
	retry     Retry
	clock     clock.Clock
	mask      *masker
	observe   func(context.Context, RequestInfo)
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if err := ValidateServerURL(cfg.ServerURL); err != nil && !(cfg.AllowInsecureHTTP && IsInsecureHTTP(err)) {
		return nil, err
	}
	if cfg.Token == "" {
		return nil, errors.New("an access token is required")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = NewHTTPClient(DefaultRequestTimeout)
	}
	if cfg.Retry.Max < 0 || cfg.Retry.WaitMin < 0 || cfg.Retry.WaitMax < cfg.Retry.WaitMin {
		return nil, fmt.Errorf("invalid retry settings %+v", cfg.Retry)
	}
	observe := cfg.Observe
	if observe == nil {
		observe = func(context.Context, RequestInfo) {}
	}
	clk := cfg.Clock
	if clk == nil {
		clk = clock.Real()
	}
	return &Client{
		serverURL: strings.TrimRight(strings.TrimSpace(cfg.ServerURL), "/"),
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		http:      hc,
		retry:     cfg.Retry,
		clock:     clk,
		mask:      newMasker(append([]string{cfg.Token}, cfg.Secrets...)),
		observe:   observe,
	}, nil
}

// WithRetry is a copy of the client that retries as r says, sharing its
// connections.
func (c *Client) WithRetry(r Retry) *Client {
	cp := *c
	cp.retry = r
	return &cp
}

// Clock is the client's clock. Code that drives the client times its own
// waits and timeouts on it, so that they and the retries keep one time.
func (c *Client) Clock() clock.Clock { return c.clock }

// BaseURL is the server URL with the region filled in.
func (c *Client) BaseURL(region string) string {
	return strings.ReplaceAll(c.serverURL, RegionPlaceholder, region)
}

// PinnedRegion is the region a server URL serves when it names one of
// Konnect's regional hosts without RegionPlaceholder, as users of Kong's own
// provider write it ("https://eu.api.konghq.com"); "" for any other URL.
func PinnedRegion(serverURL string) string {
	if strings.Contains(serverURL, RegionPlaceholder) {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(serverURL))
	if err != nil {
		return ""
	}
	region, rest, ok := strings.Cut(strings.ToLower(u.Hostname()), ".")
	if ok && rest == "api.konghq.com" && IsRegion(region) {
		return region
	}
	return ""
}
