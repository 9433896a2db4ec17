package konnect

import (
	"strings"
	"testing"
)

// Plain http:// to a host that is not loopback is refused unless the caller
// opted in; with the opt-in, the client accepts it and the host is named as
// written, for the warning that the token travels in clear text.
func TestInsecureHTTPIsOptIn(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, url string
		// insecureHost is the host reached over plain http, "" for none.
		insecureHost string
		// wantErr is the error without the opt-in, "" for none; with the
		// opt-in only an insecure URL becomes acceptable.
		wantErr string
	}{
		{name: "service name", url: "http://konnect-mock:8080/{region}", insecureHost: "konnect-mock",
			wantErr: "must use https:// for konnect-mock; http:// is accepted only for loopback hosts"},
		{name: "region in the host", url: "http://{region}.mock.internal:8080", insecureHost: "{region}.mock.internal",
			wantErr: "must use https:// for {region}.mock.internal"},
		{name: "private address", url: "http://10.0.0.5:8080", insecureHost: "10.0.0.5", wantErr: "for 10.0.0.5;"},
		{name: "ipv6 address", url: "http://[fd00::5]:8080/{region}", insecureHost: "fd00::5", wantErr: "for fd00::5;"},
		{name: "upper-case scheme", url: "HTTP://konnect-mock:8080", insecureHost: "konnect-mock", wantErr: "for konnect-mock;"},
		{name: "white space around it", url: " http://konnect-mock:8080/{region}\n", insecureHost: "konnect-mock", wantErr: "for konnect-mock;"},
		{name: "loopback over http needs no opt-in", url: "http://127.0.0.1:8080/{region}"},
		{name: "localhost over http needs no opt-in", url: "http://localhost:8080"},
		{name: "https needs no opt-in", url: "https://konnect-mock:8443/{region}"},
		{name: "the default", url: DefaultServerURL},
		{name: "the opt-in does not excuse credentials", url: "http://me:pw@konnect-mock:8080", wantErr: "must not contain credentials"},
		{name: "the opt-in does not excuse a query", url: "http://konnect-mock:8080/?debug=1", wantErr: "must not contain a query string"},
		{name: "the opt-in does not excuse another scheme", url: "ftp://konnect-mock", wantErr: `must start with https:// (got scheme "ftp")`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateServerURL(tc.url)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("ValidateServerURL(%q) = %v, want nil", tc.url, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("ValidateServerURL(%q) = %v, want an error containing %q", tc.url, err, tc.wantErr)
			}
			if got := IsInsecureHTTP(err); got != (tc.insecureHost != "") {
				t.Errorf("IsInsecureHTTP(%v) = %v, want %v", err, got, !got)
			}
			if got := InsecureHTTPHost(tc.url); got != tc.insecureHost {
				t.Errorf("InsecureHTTPHost(%q) = %q, want %q", tc.url, got, tc.insecureHost)
			}

			for _, allow := range []bool{false, true} {
				_, err := New(Config{ServerURL: tc.url, Token: "kpat_x", AllowInsecureHTTP: allow})
				wantOK := tc.wantErr == "" || (allow && tc.insecureHost != "")
				if (err == nil) != wantOK {
					t.Errorf("New with AllowInsecureHTTP=%v: %v; want it to succeed: %v", allow, err, wantOK)
				}
			}
		})
	}
}
