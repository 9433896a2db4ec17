package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
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
	faults      []mockkonnect.Fault // -fault rules in order, then -latency's
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
	var latency time.Duration
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
	fs.Func("fault", "inject a fault described by `spec`, KIND[,key=value]...; repeatable (see Faults below)", func(spec string) error {
		f, err := mockkonnect.ParseFault(spec)
		if err != nil {
			return err
		}
		c.faults = append(c.faults, f)
		return nil
	})
	fs.DurationVar(&latency, "latency", 0, "delay every request by this `duration`; the same as a last -fault latency,delay=D")
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
	for name, d := range map[string]time.Duration{"accepted": c.accepted, "pending": c.pending, "running": c.running, "latency": latency} {
		if d < 0 {
			return c, usageErrorf("-%s must not be negative, got %s", name, d)
		}
	}
	// Last, so that a -fault latency rule overrides it where its route matches.
	if latency > 0 {
		c.faults = append(c.faults, mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: latency})
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
  GET     /{region}/v2/portals/{portalId}     (the portal itself; also /v3)

A path without a region prefix is the us region. Jobs move from accepted to
pending, running and completed on a timer; state is lost when it exits.
Times are kept to the microsecond, as Konnect keeps them.

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

Faults make the mock misbehave, to test a client's retries and error
handling. Each -fault is KIND[,key=value]..., where KIND is one of

  latency    wait delay=D, then answer as usual
  503, 429   a problem+json error; 429 sends Retry-After: 1 unless retry-after=S
  502        a load balancer's HTML error page
  truncate   handle the request, then send only the first half of the body
  stall      handle the request, then hold the answer back for delay=D, or
             until the client gives up (an accepted PUT whose answer is lost)
  drop       close the connection without an answer

and the keys are

  route=R          only requests matching R: a method (PUT), a path pattern
                   without the region (/v2/portals/*/audit-log-replay-job; *
                   matches one segment), or both, space-separated
  first=N          only the first N attempts of each distinct request (same
                   method, path and body); later attempts go through
  share=F          only that share of the matching requests, evenly spread
                   (0.5 faults every second one, 0.25 every fourth)
  delay=D          how long a latency or stall fault waits
  retry-after=S    Retry-After seconds, for 503 and 429

Rules apply in order: the first latency rule that picks a request delays it,
then the first other rule that picks it answers instead of the mock. 503, 429,
502 and drop leave jobs untouched; truncate and stall change them as usual.
For example

  konnect-mock -latency 50ms \
    -fault '503,route=PUT /v2/portals/*/audit-log-replay-job,first=2' \
    -fault '429,route=GET,share=0.25,retry-after=2'

fails the first two attempts of every distinct portal job PUT with 503,
answers every fourth GET with 429, and delays every request by 50ms.

It stops cleanly on SIGINT or SIGTERM; a request still in a delay or a stall
then gets no answer.
`)
}
