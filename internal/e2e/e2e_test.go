// Package e2e runs the built provider binary under the real Terraform CLI,
// as a user does, for what in-process acceptance tests cannot show: what
// Terraform prints at TF_LOG=TRACE, and what Ctrl-C does to a running apply.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/testcli"
)

const (
	token  = "kpat_e2eSecretToken0123456789abcdefghijklmnopq"
	portal = "5b1e9c3a-7d2f-4a8e-b6c4-0f9d8e7a6b52"
)

var (
	providerDir string // holds the built terraform-provider-konnect
	// standInDir holds internal/kongstandin, built under the name of Kong's
	// kong/konnect's binary, which is also this provider's.
	standInDir string
	// cli is the CLI the tests run, Terraform or OpenTofu, and openTofu
	// says which.
	cli      string
	openTofu bool
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		fmt.Println("skipping end-to-end tests: TF_ACC is not set (make test sets it)")
		return 0
	}
	var err error
	if cli, openTofu, err = findCLI(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	dir, err := os.MkdirTemp("", "konnect-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	providerDir, standInDir = filepath.Join(dir, "provider"), filepath.Join(dir, "kong")
	for _, b := range []struct{ what, dir, pkg string }{
		{"the provider", providerDir, "../.."},
		{"the stand-in for kong/konnect", standInDir, "../kongstandin"},
	} {
		build := exec.Command("go", "build", "-o", filepath.Join(b.dir, "terraform-provider-konnect"), b.pkg)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "building %s: %v\n", b.what, err)
			return 1
		}
	}
	return m.Run()
}

// findCLI finds the CLI as the acceptance tests do, and says whether it is
// OpenTofu.
func findCLI() (path string, openTofu bool, err error) {
	if path, err = testcli.Path(); err != nil {
		return "", false, err
	}
	name, err := testcli.Name(path)
	if err != nil {
		return "", false, err
	}
	return path, name == "OpenTofu", nil
}

// oneJob is a configuration of one classic portal's replay job, for the
// tests that need a job and nothing else.
const oneJob = `
resource "konnect_portal_audit_log_replay_job" "job" {
  portal_id = "PORTAL"
  start_at  = "START_AT"
  end_at    = "END_AT"
}
`

// workspace is one Terraform working directory using the built provider
// against an in-process mock.
type workspace struct {
	t    *testing.T
	dir  string
	mock *mockkonnect.Server
	url  string
	env  []string
	rc   string // the CLI configuration, with the provider's dev override
}

// preamble is every test's provider, pointed at the mock; the token comes
// from the environment.
const preamble = `terraform {
  required_providers {
    konnect = { source = "konnect-iac/konnect" }
  }
}
provider "konnect" {
  server_url = "SERVER_URL"
}
`

// newWorkspace writes preamble plus resources as main.tf.
func newWorkspace(t *testing.T, opts mockkonnect.Options, resources string) *workspace {
	t.Helper()
	return newConfigWorkspace(t, opts, preamble+resources)
}

// newConfigWorkspace writes config as main.tf, its placeholders filled in.
// The mock takes token unless opts names another.
// Terraform takes konnect-iac/konnect from the built provider, and kong/konnect
// from the stand-in, never from a registry.
func newConfigWorkspace(t *testing.T, opts mockkonnect.Options, config string) *workspace {
	t.Helper()
	if opts.Token == "" {
		opts.Token = token
	}
	mock := mockkonnect.New(opts)
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	must(t, os.WriteFile(rc, []byte(fmt.Sprintf(
		"provider_installation {\n  dev_overrides {\n    \"konnect-iac/konnect\" = %q\n    \"kong/konnect\" = %q\n  }\n  direct {}\n}\n",
		providerDir, standInDir)), 0o600))
	work := filepath.Join(dir, "work")
	must(t, os.Mkdir(work, 0o700))
	now := time.Now().UTC().Truncate(time.Minute)
	config = strings.NewReplacer(
		"SERVER_URL", srv.URL+"/{region}",
		"PORTAL", portal,
		"START_AT", now.Add(-6*time.Hour).Format(time.RFC3339),
		"END_AT", now.Add(-time.Minute).Format(time.RFC3339),
	).Replace(config)
	must(t, os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600))

	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"TMPDIR=" + os.TempDir(),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_CLI_CONFIG_FILE=" + rc,
		// Quiet unless a test asks for a log: TRACE costs every command
		// time, and most tests read what a user sees.
		"TF_LOG=",
		// The token reaches the provider only through its environment,
		// so anything that echoes the configuration cannot show it.
		"KONNECT_TOKEN=" + token,
	}
	return &workspace{t: t, dir: work, mock: mock, url: srv.URL, env: env, rc: rc}
}

// terraform runs one command and returns all it printed (stdout, stderr, and
// a log a test asked for, which Terraform writes to stderr).
func (w *workspace) terraform(wantOK bool, args ...string) string {
	w.t.Helper()
	out, err := w.command(args...).CombinedOutput()
	if wantOK && err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(out))
	}
	if !wantOK && err == nil {
		w.t.Fatalf("terraform %s succeeded; want it to fail\n%s", strings.Join(args, " "), tail(out))
	}
	return string(out)
}

func (w *workspace) command(args ...string) *exec.Cmd {
	flags := []string{"-no-color"}
	if args[0] == "plan" || args[0] == "apply" {
		flags = append(flags, "-input=false")
	}
	cmd := exec.Command(cli, append(args[:1:1], append(flags, args[1:]...)...)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	return cmd
}

// files is everything Terraform left in the working directory: state,
// backups, plans, lock files.
func (w *workspace) files() string {
	w.t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(w.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, ".terraform"+string(filepath.Separator)+"providers") {
			return err
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "== %s\n%s\n", p, data)
		return err
	})
	must(w.t, err)
	return b.String()
}

func TestTokenNeverShownAtTrace(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, mockkonnect.Options{}, `
resource "konnect_portal_audit_log_replay_job" "job" {
  portal_id = "PORTAL"
  start_at  = "START_AT"
  end_at    = "END_AT"
}
data "konnect_portal_audit_log_replay_job" "read" {
  portal_id  = "PORTAL"
  depends_on = [konnect_portal_audit_log_replay_job.job]
}
`)
	w.env = append(w.env, "TF_LOG=TRACE")
	// Every request's first attempt fails, so retries are logged too.
	must(t, w.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, First: 1, RetryAfter: "0"}))

	printed := map[string]string{
		"apply":   w.terraform(true, "apply", "-auto-approve"),
		"plan":    w.terraform(true, "plan", "-detailed-exitcode"),
		"show":    w.terraform(true, "show", "-json"),
		"refresh": w.terraform(true, "apply", "-refresh-only", "-auto-approve"),
	}
	// A rejected token prints its error too.
	must(t, w.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Status: 401, ContentType: "application/problem+json",
		Body: `{"status":401,"title":"Unauthorized","detail":"Invalid credentials"}`}))
	printed["rejected"] = w.terraform(false, "plan")
	printed["files"] = w.files()

	for name, text := range printed {
		if strings.Contains(text, token) || strings.Contains(text, token[5:20]) {
			t.Errorf("the token appears in what %s printed:\n%s", name, around(text, token[5:20]))
		}
	}
	// The test proves something only if the run did what it should: logged
	// at TRACE, retried, and used the token.
	for _, want := range []string{"provider.terraform-provider-konnect", "Konnect request failed; retrying", "Konnect request"} {
		if !strings.Contains(printed["apply"], want) {
			t.Errorf("the apply's TRACE output lacks %q; the test would not see a leak there", want)
		}
	}
	if !strings.Contains(printed["rejected"], "Konnect Rejected the Access Token") {
		t.Errorf("the rejected plan did not report the 401:\n%s", tail([]byte(printed["rejected"])))
	}
	var sawToken, retried bool
	for _, r := range w.mock.Requests() {
		sawToken = sawToken || r.Header.Get("Authorization") == "Bearer "+token
		retried = retried || r.Fault == mockkonnect.FaultUnavailable
	}
	if !sawToken || !retried {
		t.Fatalf("the mock saw the token: %v, answered a fault: %v; want both", sawToken, retried)
	}
}

// Seen (case 7): a create interrupted while waiting was left tainted, and
// the next apply sent its window again.
func TestInterruptStopsAWaitAndKeepsTheJob(t *testing.T) {
	t.Parallel()
	// A job that runs for an hour: only Ctrl-C ends the wait.
	w := newWorkspace(t, mockkonnect.Options{Running: time.Hour}, `
resource "konnect_portal_audit_log_replay_job" "job" {
  portal_id           = "PORTAL"
  start_at            = "START_AT"
  end_at              = "END_AT"
  wait_for_completion = true
}
`)
	cmd := w.command("apply", "-auto-approve")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	must(t, cmd.Start())
	waitFor(t, "the provider to poll the running job", func() bool {
		put, polls := false, 0
		for _, r := range w.mock.Requests() {
			put = put || r.Method == "PUT"
			if put && r.Method == "GET" {
				polls++
			}
		}
		return polls >= 2
	})
	must(t, cmd.Process.Signal(syscall.SIGINT))

	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err == nil {
			t.Fatalf("the interrupted apply succeeded:\n%s", out.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform apply did not stop within 60 s of Ctrl-C:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Stopped Waiting for the Replay Job") {
		t.Errorf("the apply did not say why it stopped:\n%s", out.String())
	}

	// The job Konnect accepted is in the state with its last status, and not
	// tainted: replacing it would send the window again.
	inst := w.instance()
	if st := inst.Attributes.Status; inst.Status == "tainted" || st == nil || (*st != "running" && *st != "pending" && *st != "accepted") {
		t.Fatalf("job in state: %+v; want it untainted, with the status last seen", inst)
	}
	if !strings.Contains(out.String(), "the record is kept, not tainted") {
		t.Errorf("the apply did not say the record is kept:\n%s", out.String())
	}

	// Konnect shows another window later: the next plan sends nothing, and
	// is empty (-detailed-exitcode fails on a change).
	w.mock.SetJob("eu", portal, time.Now().Add(-30*time.Hour), time.Now().Add(-29*time.Hour))
	w.mock.ResetRequests()
	w.terraform(true, "plan", "-detailed-exitcode")
	for _, r := range w.mock.Requests() {
		if r.Method != "GET" {
			t.Errorf("the plan sent %s %s", r.Method, r.Path)
		}
	}
}

// instance is the one replay job in the workspace's state.
type instance struct {
	Status     string `json:"status"` // "tainted", or none
	Attributes struct {
		Status *string `json:"status"`
	} `json:"attributes"`
}

func (w *workspace) instance() instance {
	w.t.Helper()
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	must(w.t, err)
	var s struct {
		Resources []struct {
			Instances []instance `json:"instances"`
		} `json:"resources"`
	}
	must(w.t, json.Unmarshal(state, &s))
	if len(s.Resources) != 1 || len(s.Resources[0].Instances) != 1 {
		w.t.Fatalf("the state holds %s; want the one job", state)
	}
	return s.Resources[0].Instances[0]
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for !ok() {
		select {
		case <-ctx.Done():
			t.Fatalf("gave up waiting for %s", what)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func tail(b []byte) string {
	const n = 4000
	if len(b) > n {
		return "…" + string(b[len(b)-n:])
	}
	return string(b)
}

func around(text, needle string) string {
	i := strings.Index(text, needle)
	return text[max(0, i-300):min(len(text), i+300)]
}
