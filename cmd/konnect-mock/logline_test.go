package main

import (
	"io"
	"regexp"
	"strings"
	"testing"
)

func TestLogField(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{in: "GET", want: "GET"},
		{in: "/eu/v2/portals/0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4/audit-log-replay-job", want: "/eu/v2/portals/0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4/audit-log-replay-job"},
		{in: "/v2/a%0Ab%1B%5B31m", want: "/v2/a%0Ab%1B%5B31m"},
		{in: "", want: `""`},
		{in: "/a b", want: `"/a b"`},
		{in: "/a\nPUT /b 202", want: `"/a\nPUT /b 202"`},
		{in: "/\x1b[31mred", want: `"/\x1b[31mred"`},
		{in: "/\x7f", want: `"/\x7f"`},
		{in: `/"quoted"`, want: `"/\"quoted\""`},
		{in: `/back\slash`, want: `"/back\\slash"`},
		{in: "/café", want: `"/café"`},
	}
	for _, tc := range tests {
		if got := logField(tc.in); got != tc.want {
			t.Errorf("logField(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// However a path is written, each request is one log line of four fields,
// with no control character or escape sequence in it.
func TestRunLogLinesCannotBeForged(t *testing.T) {
	t.Parallel()
	baseURL, _, stderr, stop := start(t)
	targets := []string{
		"/v2/x%0aPUT%20/eu/v2/portals/" + portal + "/audit-log-replay-job%20202%200s%0a",
		"/v2/x%0d%0akonnect-mock:%202026/01/01%2000:00:00%20PUT%20/v2/audit-log-replay-job%20202%201ms",
		"/v2/%1b[31mred%1b[0m%1b]0;title%07",
		"/v2/%1B%5B2J",
		"/v2/a%00b%7f%22%5c",
		"/v2/caf\xc3\xa9/\xff",
		"/v2/portals/" + portal + "%2Faudit-log-replay-job",
	}
	for _, target := range targets {
		_, r := rawRequest(t, baseURL, "GET "+target+" HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n\r\n")
		if _, err := io.ReadAll(r); err != nil {
			t.Fatalf("GET %q: %v", target, err)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	log := stderr.String()
	// Nothing but printable ASCII, once the durations' own µ is set aside.
	ascii := strings.ReplaceAll(log, "µs", "us")
	for i := 0; i < len(ascii); i++ {
		if c := ascii[i]; (c < ' ' && c != '\n') || c >= 0x7f {
			t.Fatalf("stderr holds byte %#x at %d:\n%q", c, i, log)
		}
	}
	line := regexp.MustCompile(`^konnect-mock: \d{4}/\d\d/\d\d \d\d:\d\d:\d\d GET /v2/\S+ \d{3} \S+$`)
	lines := strings.Split(strings.TrimSuffix(log, "\n"), "\n")
	if len(lines) != len(targets) {
		t.Errorf("%d log lines for %d requests:\n%s", len(lines), len(targets), log)
	}
	for _, l := range lines {
		if !line.MatchString(l) {
			t.Errorf("log line %q is not one request's", l)
		}
		if strings.Contains(l, " PUT ") || strings.Contains(l, " 202 ") {
			t.Errorf("log line %q carries a forged request", l)
		}
	}
}
