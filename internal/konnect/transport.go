package konnect

import (
	"crypto/tls"
	"net/http"
	"time"
)

// NewHTTPClient returns the client one provider shares across all its
// requests: keep-alive connections (enough idle ones per host for Terraform's
// default parallelism of 10, each job with up to two requests at once while
// its portal's API is found, and room to spare: a new connection costs a TLS
// handshake, more round trips than the request itself), proxies from HTTPS_PROXY, HTTP_PROXY and
// NO_PROXY, TLS 1.2 or newer, and timeout as the bound of each attempt.
// Redirects are not followed: Konnect's API does not send them, and following
// one could carry the token to another place.
func NewHTTPClient(timeout time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.MaxIdleConnsPerHost = 32
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	t.TLSClientConfig.MinVersion = tls.VersionTLS12
	return &http.Client{
		Timeout:       timeout,
		Transport:     t,
		CheckRedirect: refuseRedirect,
	}
}

func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
