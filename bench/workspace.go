package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// portalID is the n-th portal of a run; the HCL below and the curl loop
// spell it the same way.
func portalID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

const portalFormat = `format("00000000-0000-4000-8000-%012d", count.index)`

// contender is one way of doing the same N things.
type contender string

const (
	konnectProvider contender = "konnect"
	noopProvider    contender = "do-nothing"
	noopQuiet       contender = "do-nothing, quiet"
	terraformData   contender = "terraform_data"
	curlLoop        contender = "curl loop"
)

// contenders is every contender, in the order the report shows them.
var contenders = []contender{konnectProvider, noopProvider, noopQuiet, terraformData, curlLoop}

// floors are the contenders the Konnect provider's times are divided by.
var floors = []contender{noopProvider, noopQuiet}

// reachesMock reports whether the contender talks to Konnect at all, so that
// the mock's latency applies to it.
func (c contender) reachesMock() bool { return c == konnectProvider || c == curlLoop }

// quietLogs sets the plugin SDK's log levels as the Konnect provider sets
// them for itself when Terraform shows no logs: the do-nothing provider with
// the same fix, to tell the provider's own cost from the logging it saves.
var quietLogs = []string{"TF_LOG_SDK=OFF", "TF_LOG_SDK_PROTO=OFF", "TF_LOG_SDK_FRAMEWORK=OFF", "TF_LOG_PROVIDER_NOOP=OFF"}

// config returns the contender's Terraform configuration of n jobs, with
// optional import blocks for all of them.
func config(c contender, serverURL string, n int, w window, imports bool) string {
	var b strings.Builder
	switch c {
	case konnectProvider:
		fmt.Fprintf(&b, `terraform {
  required_providers {
    konnect = { source = "konnect-iac/konnect" }
  }
}

provider "konnect" {
  server_url = "%s/{region}"
}

# api_version as a configuration that knows its portals sets it; left out,
# each create finds it once, with one more GET.
resource "konnect_portal_audit_log_replay_job" "job" {
  count       = %d
  portal_id   = %s
  api_version = "v3"
  start_at    = %q
  end_at      = %q
}
`, serverURL, n, portalFormat, w.start, w.end)
		if imports {
			for i := range n {
				fmt.Fprintf(&b, "\nimport {\n  to = konnect_portal_audit_log_replay_job.job[%d]\n  id = \"us/%s\"\n}\n", i, portalID(i))
			}
		}
	case noopProvider, noopQuiet:
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
`, n, portalFormat, w.start, w.end)
	case terraformData:
		fmt.Fprintf(&b, `resource "terraform_data" "job" {
  count = %d
  input = {
    portal_id = %s
    start_at  = %q
    end_at    = %q
  }
}
`, n, portalFormat, w.start, w.end)
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
