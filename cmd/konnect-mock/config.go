package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// config is what the command line asks for.
type config struct {
	addr        string
	token       string
	portals     []string // nil: every portal exists
	accepted    time.Duration
	pending     time.Duration
	running     time.Duration
	urlFile     string
	quiet       bool
	allowRemote bool
}

// usageError marks mistakes on the command line, which exit with status 2
// like the flag package's own.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func exitCode(err error) int {
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}

// parseFlags reads args into a config. It returns flag.ErrHelp after printing
// the usage text when asked for help.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	var portals string
	fs := flag.NewFlagSet("konnect-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; port 0 picks a free port")
	fs.StringVar(&c.token, "token", "", "the only bearer `token` accepted; empty accepts any non-empty token")
	fs.StringVar(&portals, "portals", "", "comma-separated portal `UUIDs` that exist; empty means every portal exists")
	fs.DurationVar(&c.accepted, "accepted", time.Second, "how long a new job stays \"accepted\"")
	fs.DurationVar(&c.pending, "pending", time.Second, "how long it then stays \"pending\"")
	fs.DurationVar(&c.running, "running", 3*time.Second, "how long it then stays \"running\" (a PUT answers 409 meanwhile)")
	fs.StringVar(&c.urlFile, "url-file", "", "once listening, write the base URL to this `path` (atomically; removed on exit)")
	fs.BoolVar(&c.quiet, "quiet", false, "do not log each request to stderr")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow listening on a non-loopback address")
	fs.Usage = func() { printUsage(fs) }

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, usageError{err}
	}
	if fs.NArg() > 0 {
		return c, usageErrorf("unexpected argument %q (all settings are flags; see -h)", fs.Arg(0))
	}
	for name, d := range map[string]time.Duration{"accepted": c.accepted, "pending": c.pending, "running": c.running} {
		if d < 0 {
			return c, usageErrorf("-%s must not be negative, got %s", name, d)
		}
	}
	if portals != "" {
		c.portals = []string{}
		for _, id := range strings.Split(portals, ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			if !isUUID(id) {
				return c, usageErrorf("-portals: %q is not a UUID (Konnect portal IDs look like 0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4)", id)
			}
			c.portals = append(c.portals, id)
		}
	}
	return c, nil
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

func printUsage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `Usage: konnect-mock [flags]

konnect-mock imitates Kong Konnect's audit log replay job API in memory, for
trying the provider and for CI without a Konnect organization. It serves, in
every region (us eu au me in sg ap):

  GET|PUT /{region}/v2/portals/{portalId}/audit-log-replay-job
  GET|PUT /{region}/v3/portals/{portalId}/audit-log-replay-job
  GET|PUT /{region}/v2/audit-log-replay-job   (organization job; also /v3)

A path without a region prefix is the us region. Jobs move from accepted to
pending, running and completed on a timer; state is lost when it exits.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprint(w, `
Point the provider at it (the provider fills in {region}):

  provider "konnect" {
    server_url            = "http://127.0.0.1:8080/{region}"
    personal_access_token = "kpat_mock" # any token, unless -token is set
  }

In a CI script:

  konnect-mock -addr 127.0.0.1:0 -url-file mock.url &
  until [ -s mock.url ]; do sleep 0.1; done
  export KONNECT_SERVER_URL="$(cat mock.url)/{region}" KONNECT_TOKEN=kpat_mock

It stops cleanly on SIGINT or SIGTERM.
`)
}
