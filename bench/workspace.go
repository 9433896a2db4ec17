package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// window is a replay window within the last 7 days, as written in HCL and in
// the curl loop's body.
type window struct{ start, end string }

// windows returns two different windows: what is created, and what an update
// changes it to. Both stay valid for the length of any run.
func windows(now time.Time) (window, window) {
	now = now.UTC().Truncate(time.Minute)
	start := now.Add(-6 * time.Hour).Format(time.RFC3339)
	return window{start, now.Add(-2 * time.Minute).Format(time.RFC3339)},
		window{start, now.Add(-3 * time.Minute).Format(time.RFC3339)}
}

// portalKind is the kind of Dev Portal a konnect contender's jobs belong
// to. Konnect knows a classic portal under /v2 only and a new one under /v3
// only; with api_version unset, the provider finds out which on each create.
type portalKind int

const (
	classicPortals portalKind = iota
	newPortals
)

// portalPrefixes start the portal IDs of each kind, so that one mock knows
// both kinds at once: the mock takes every ID it was not told is new for a
// classic portal's, and the bench tells it the new ones (startMock). New
// portals keep the IDs the curl loop sends to (under /v3).
var portalPrefixes = map[portalKind]string{
	classicPortals: "c1a55000-0000-4000-8000-",
	newPortals:     "00000000-0000-4000-8000-",
}

// portalID is the n-th portal of a kind; the HCL below and the curl loop
// spell it the same way.
func portalID(k portalKind, n int) string { return fmt.Sprintf("%s%012d", portalPrefixes[k], n) }

// portalFormat is portalID in HCL, for count.index.
func portalFormat(k portalKind) string {
	return fmt.Sprintf(`format("%s%%012d", count.index)`, portalPrefixes[k])
}

// contender is one way of doing the same N things.
type contender string

const (
	// The Konnect provider as the README configures it, api_version unset,
	// for each kind of portal: each create reads the webhook's status from
	// both APIs at once, and the one that answers 200 is the portal's.
	konnectClassic contender = "konnect (classic)"
	konnectNew     contender = "konnect (new)"
	// The Konnect provider told the API (api_version = "v3", new portals):
	// each create reads the webhook's status from that API only.
	konnectPinned contender = "konnect, api_version set"
	noopProvider  contender = "do-nothing"
	noopQuiet     contender = "do-nothing, quiet"
	terraformData contender = "terraform_data"
	curlLoop      contender = "curl loop"
)

// contenders is every contender, in the order the report shows them.
var contenders = []contender{konnectClassic, konnectNew, konnectPinned, noopProvider, noopQuiet, terraformData, curlLoop}

// konnects are the contenders that run the Konnect provider, in the order
// the report shows them; the first two are the README's configuration, which
// the speed targets hold to the floors.
var konnects = []contender{konnectClassic, konnectNew, konnectPinned}

// readmeKonnects are the contenders configured as the README shows, which
// the targets are about: what users write.
var readmeKonnects = []contender{konnectClassic, konnectNew}

// floors are the contenders the Konnect provider's times are divided by.
var floors = []contender{noopProvider, noopQuiet}

// isKonnect reports whether the contender runs the Konnect provider.
func (c contender) isKonnect() bool { return slices.Contains(konnects, c) }

// pinsAPI reports whether the contender sets api_version, so that a create
// reads the webhook's status from one API only.
func (c contender) pinsAPI() bool { return c == konnectPinned }

// portals is the kind of portal the contender's jobs belong to. The
// do-nothing contenders and terraform_data use the new portals' IDs too,
// though they never reach the mock.
func (c contender) portals() portalKind {
	if c == konnectClassic {
		return classicPortals
	}
	return newPortals
}

// short names a Konnect contender's configuration where the report lists
// them side by side.
func (c contender) short() string {
	switch c {
	case konnectClassic:
		return "classic"
	case konnectNew:
		return "new"
	case konnectPinned:
		return "api_version set"
	}
	return string(c)
}

// reachesMock reports whether the contender talks to Konnect at all, so that
// the mock's latency applies to it.
func (c contender) reachesMock() bool { return c.isKonnect() || c == curlLoop }

// quietLogs sets the plugin SDK's log levels as the Konnect provider sets
// them for itself when Terraform shows no logs: the do-nothing provider with
// the same fix, to tell the provider's own cost from the logging it saves.
var quietLogs = []string{"TF_LOG_SDK=OFF", "TF_LOG_SDK_PROTO=OFF", "TF_LOG_SDK_FRAMEWORK=OFF", "TF_LOG_PROVIDER_NOOP=OFF"}

// config returns the contender's Terraform configuration of n jobs, with
// optional import blocks for all of them.
func config(c contender, serverURL string, n int, w window, imports bool) string {
	var b strings.Builder
	ids := portalFormat(c.portals())
	switch {
	case c.isKonnect():
		// The README's job leaves api_version unset; the pinned contender
		// sets it, as a configuration that knows its portals may. Neither
		// waits for completion: the mock completes jobs at once, and what
		// is measured is sending the window.
		apiVersion := ""
		if c.pinsAPI() {
			apiVersion = "\n  api_version = \"v3\""
		}
		fmt.Fprintf(&b, `terraform {
  required_providers {
    konnect = { source = "konnect-iac/konnect" }
  }
}

provider "konnect" {
  server_url = "%s/{region}"
}

resource "konnect_portal_audit_log_replay_job" "job" {
  count       = %d
  portal_id   = %s%s
  start_at    = %q
  end_at      = %q
}
`, serverURL, n, ids, apiVersion, w.start, w.end)
		if imports {
			for i := range n {
				fmt.Fprintf(&b, "\nimport {\n  to = konnect_portal_audit_log_replay_job.job[%d]\n  id = \"us/%s\"\n}\n", i, portalID(c.portals(), i))
			}
		}
	case c == noopProvider || c == noopQuiet:
		fmt.Fprintf(&b, `terraform {
  required_providers {
    noop = { source = "bench/noop" }
  }
}

resource "noop_replay_job" "job" {
  count     = %d
  portal_id = %s
  start_at  = %q
  end_at    = %q
}
`, n, ids, w.start, w.end)
	case c == terraformData:
		fmt.Fprintf(&b, `resource "terraform_data" "job" {
  count = %d
  input = {
    portal_id = %s
    start_at  = %q
    end_at    = %q
  }
}
`, n, ids, w.start, w.end)
	default:
		panic("no configuration for " + c)
	}
	return b.String()
}

// curlScript is the recipe people use today: one curl PUT per portal, in a
// loop, as Kong's documentation shows the call. Its argument is N.
const curlScript = `set -euo pipefail
for ((i = 0; i < $1; i++)); do
  printf -v portal '00000000-0000-4000-8000-%012d' "$i"
  curl -sS --fail -o /dev/null -X PUT "$KONNECT_URL/us/v3/portals/$portal/audit-log-replay-job" \
    --header "Authorization: Bearer $KONNECT_TOKEN" \
    --header 'Content-Type: application/json' \
    --data "{\"start_at\":\"$START_AT\",\"end_at\":\"$END_AT\"}"
done
`

// workspace is a folder where one contender's configuration is applied.
type workspace struct {
	dir string
	env []string
}

func newWorkspace(root, name string, env []string) (*workspace, error) {
	dir := filepath.Join(root, "work", strings.ReplaceAll(name, " ", "-"))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &workspace{dir: dir, env: env}, nil
}

func (w *workspace) write(config string) error {
	return os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600)
}

// forget removes the state, so that the next apply creates everything.
func (w *workspace) forget() error {
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if err := os.Remove(filepath.Join(w.dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// terraform runs one command and returns how long it took. A plan must find
// nothing to change.
func (w *workspace) terraform(args ...string) (time.Duration, error) {
	args = append(args, "-input=false", "-no-color")
	if args[0] == "plan" {
		args = append(args, "-detailed-exitcode")
	}
	if args[0] == "apply" || args[0] == "destroy" {
		args = append(args, "-auto-approve")
	}
	return w.run("terraform", args...)
}

func (w *workspace) run(name string, args ...string) (time.Duration, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if err != nil {
		return took, fmt.Errorf("%s %s in %s: %w\n%s", name, strings.Join(args, " "), w.dir, err, tail(out.String(), 40))
	}
	return took, nil
}

// tail keeps the last lines of a command's output for an error message.
func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}
