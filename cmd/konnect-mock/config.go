package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// config is what the command line asks for.
type config struct {
	addr        string
	token       string
	portals     []string // classic portals; nil: every portal not in newPortals
	newPortals  []string // new Dev Portals, known under /v3 only
	region      string   // the one region of portals and newPortals; "": every region
	accepted    time.Duration
	pending     time.Duration
	running     time.Duration
	urlFile     string
	quiet       bool
	allowRemote bool
	faults      []mockkonnect.Fault  // -fault rules in order, then -latency's
	webhook     *mockkonnect.Webhook // the default webhook status; nil: the mock's
	webhooks    []webhookSetting     // -webhook settings of one portal or the org
	maxConns    int                  // connections served at once
	maxJobs     int                  // jobs kept
	logSize     int                  // requests the log keeps for GET /_mock/requests
	controlTok  string               // the controls' own token; "": loopback only
	version     bool                 // -version: print it and exit
	timeouts    timeouts             // not flags: tests shorten them
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
	c := config{timeouts: defaultTimeouts}
	var portals, newPortals string
	var latency time.Duration
	var webhooks []webhookSpec
	fs := flag.NewFlagSet("konnect-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; port 0 picks a free port")
	fs.StringVar(&c.token, "token", "", "the only bearer `token` accepted; empty accepts any non-empty token")
	fs.StringVar(&portals, "portals", "", "comma-separated `UUIDs` of the classic portals (known under /v2 only); empty means every portal not in -new-portals")
	fs.StringVar(&newPortals, "new-portals", "", "comma-separated `UUIDs` of the new Dev Portals (known under /v3 only)")
	fs.StringVar(&c.region, "portal-region", "", "the one `region` the -portals and -new-portals are in (404 in every other), as in Konnect; empty means every region")
	fs.DurationVar(&c.accepted, "accepted", time.Second, "how long a new job stays \"accepted\"")
	fs.DurationVar(&c.pending, "pending", time.Second, "how long it then stays \"pending\"")
	fs.DurationVar(&c.running, "running", 3*time.Second, "how long it then stays \"running\" (a PUT answers 409 meanwhile)")
	fs.StringVar(&c.urlFile, "url-file", "", "once listening, write the base URL to this `path`, a regular file or none yet (atomically, mode 0644; removed on exit unless changed)")
	fs.BoolVar(&c.quiet, "quiet", false, "do not log each request to stderr")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow listening on a non-loopback address")
	fs.IntVar(&c.maxConns, "max-conns", 100, "serve at most `n` connections at a time; a new one closes the connection idle the longest, or, with all busy, waits its turn")
	fs.IntVar(&c.maxJobs, "max-jobs", 100_000, "keep at most `n` replay jobs; one more takes the place of the job that finished first, or, with none finished, gets 507")
	fs.IntVar(&c.logSize, "request-log", 1000, "keep the newest `n` requests for GET /_mock/requests (their first 64 KiB each); 0 keeps none")
	fs.StringVar(&c.controlTok, "control-token", "", "the bearer `token` the controls (/_mock) require, from any client; empty lets them answer loopback clients only")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.Func("fault", "inject a fault described by `spec`, KIND[,key=value]...; repeatable (see Faults below)", func(spec string) error {
		f, err := mockkonnect.ParseFault(spec)
		if err != nil {
			return err
		}
		c.faults = append(c.faults, f)
		return nil
	})
	fs.Func("webhook", "set a webhook's status by `spec`, key=value,...; repeatable (see Webhooks below)", func(spec string) error {
		w, err := parseWebhookSpec(spec)
		if err != nil {
			return err
		}
		webhooks = append(webhooks, w)
		return nil
	})
	fs.DurationVar(&latency, "latency", 0, "delay every request by this `duration`; the same as a last -fault latency,delay=D")
	fs.Usage = func() { printUsage(fs) }

	err := fs.Parse(args)
	if err != nil {
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
	for name, n := range map[string]int{"max-conns": c.maxConns, "max-jobs": c.maxJobs} {
		if n < 1 {
			return c, usageErrorf("-%s must be at least 1, got %d", name, n)
		}
	}
	if c.logSize < 0 {
		return c, usageErrorf("-request-log must not be negative, got %d", c.logSize)
	}
	if c.controlTok != "" && c.controlTok == c.token {
		return c, usageErrorf("-control-token is the same as -token: the controls need a token of their own, which Konnect's clients do not hold")
	}
	// Last, so that a -fault latency rule overrides it where its route matches.
	if latency > 0 {
		c.faults = append(c.faults, mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Delay: latency})
	}
	if c.region != "" && !slices.Contains(mockkonnect.Regions, c.region) {
		return c, usageErrorf("-portal-region %q is not a Konnect region (%s)", c.region, strings.Join(mockkonnect.Regions, ", "))
	}
	if c.portals, err = parseUUIDs("portals", portals); err != nil {
		return c, err
	}
	if c.newPortals, err = parseUUIDs("new-portals", newPortals); err != nil {
		return c, err
	}
	for _, id := range c.newPortals {
		if slices.ContainsFunc(c.portals, func(p string) bool { return strings.EqualFold(p, id) }) {
			return c, usageErrorf("-portals and -new-portals both list %s; a portal is either classic (/v2) or new (/v3)", id)
		}
	}
	if c.webhook, c.webhooks, err = resolveWebhooks(webhooks); err != nil {
		return c, err
	}
	return c, nil
}

// parseUUIDs reads a comma-separated list of portal IDs; "" is nil.
func parseUUIDs(flagName, list string) ([]string, error) {
	if list == "" {
		return nil, nil
	}
	ids := []string{}
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if !isUUID(id) {
			return nil, usageErrorf("-%s: %q is not a UUID (Konnect portal IDs look like 0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4)", flagName, id)
		}
		ids = append(ids, id)
	}
	return ids, nil
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
