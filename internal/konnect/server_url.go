package konnect

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ValidateServerURL checks a server URL as a user would write it: absolute,
// https (or http to a loopback address, for a local mock), with no query,
// fragment or credentials. RegionPlaceholder may appear in the host or path.
// A URL that breaks only the https rule gets an *InsecureHTTPError, which a
// caller may accept when the user opted in to plain http.
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
		return &InsecureHTTPError{Host: writtenHost(raw)}
	}
	return nil
}

// InsecureHTTPError is the error of a server URL that is valid but for plain
// http:// to a host that is not loopback: the token would cross a network in
// clear text.
type InsecureHTTPError struct {
	// Host is the URL's host as written, {region} included.
	Host string
}

func (e *InsecureHTTPError) Error() string {
	return fmt.Sprintf("must use https:// for %s; http:// is accepted only for loopback hosts (localhost, 127.0.0.1, ::1)", e.Host)
}

// IsInsecureHTTP reports whether err is a server URL's only fault being plain
// http:// to a host that is not loopback.
func IsInsecureHTTP(err error) bool {
	var e *InsecureHTTPError
	return errors.As(err, &e)
}

// InsecureHTTPHost is the host a valid server URL reaches over plain http://
// although it is not loopback; "" for any other URL.
func InsecureHTTPHost(raw string) string {
	var e *InsecureHTTPError
	if errors.As(ValidateServerURL(raw), &e) {
		return e.Host
	}
	return ""
}

// writtenHost is the host of a URL that parses once {region} is filled in,
// with {region} kept where the user wrote it.
func writtenHost(raw string) string {
	const marker = "konnect-region-placeholder"
	u, err := url.Parse(strings.ReplaceAll(raw, RegionPlaceholder, marker))
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(u.Hostname(), marker, RegionPlaceholder)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
