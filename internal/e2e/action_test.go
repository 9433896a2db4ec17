package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// actionsEngine is the Terraform that runs actions (1.14 and later), for
// `terraform apply -invoke`, which terraform-plugin-testing cannot drive.
func actionsEngine(t *testing.T) string {
	t.Helper()
	return terraformAtLeast(t, 14, "actions")
}

// terraformAtLeast is the CLI the tests run (TF_ACC_TERRAFORM_PATH if set,
// else terraform on PATH) when it is Terraform 1.minor or later, for what
// only those have; older ones, and OpenTofu, skip.
func terraformAtLeast(t *testing.T, minor int, what string) string {
	t.Helper()
	if openTofu {
		t.Skipf("%s need Terraform 1.%d or later; OpenTofu has none", what, minor)
	}
	cmd := exec.Command(cli, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull)
	out, err := cmd.Output()
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err != nil || json.Unmarshal(out, &v) != nil {
		t.Fatalf("%s version -json: %v\n%s", cli, err, out)
	}
	parts := strings.SplitN(v.Version, ".", 3)
	major, _ := strconv.Atoi(parts[0])
	got := 0
	if len(parts) > 1 {
		got, _ = strconv.Atoi(parts[1])
	}
	if major < 1 || (major == 1 && got < minor) {
		t.Skipf("%s need Terraform 1.%d or later; %s is %s (set TF_ACC_TERRAFORM_PATH to a newer one)", what, minor, cli, v.Version)
	}
	return cli
}

// invoke runs terraform apply -invoke for the action at addr with tf, and
// further flags, and returns what it printed.
func (w *workspace) invoke(tf string, wantOK bool, addr string, flags ...string) string {
	w.t.Helper()
	cmd := exec.Command(tf, append([]string{"apply", "-no-color", "-input=false", "-auto-approve", "-invoke=" + addr}, flags...)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	out, err := cmd.CombinedOutput()
	if (err == nil) != wantOK {
		w.t.Fatalf("terraform apply -invoke=%s: %v, want success %v\n%s", addr, err, wantOK, tail(out))
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

const actions = `
action "konnect_audit_log_replay" "now" {
  config {
    last = "24h"
  }
}

action "konnect_portal_audit_log_replay" "incident" {
  config {
    portal_id = "PORTAL"
    start_at  = "START_AT"
    end_at    = "END_AT"
    wait      = false
  }
}
`

// "Send the last 24 hours again, now": the window ends a minute before the
// invoke, each change of the job's status is printed as it happens, Konnect
// gets the window once, and nothing is written to the state.
func TestInvokeReplaysTheLastDayNow(t *testing.T) {
	t.Parallel()
	tf := actionsEngine(t)
	w := newWorkspace(t, mockkonnect.Options{}, actions)
	before := time.Now().UTC()
	out := w.invoke(tf, true, "action.konnect_audit_log_replay.now")
	after := time.Now().UTC()

	for _, want := range []string{
		"Action started: action.konnect_audit_log_replay.now",
		"action.konnect_audit_log_replay.now (triggered by CLI): sending the window",
		"to the replay job of the organization in region us",
		"action.konnect_audit_log_replay.now (triggered by CLI): accepted",
		"action.konnect_audit_log_replay.now (triggered by CLI): completed,",
		"Action complete: action.konnect_audit_log_replay.now",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform did not print %q:\n%s", want, out)
		}
	}
	var puts []mockkonnect.Request
	for _, r := range w.mock.Requests() {
		if r.Method == "PUT" {
			puts = append(puts, r)
		}
	}
	if len(puts) != 1 || puts[0].Path != "/us/v2/audit-log-replay-job" || puts[0].Status != 202 {
		t.Fatalf("Konnect received the PUTs %+v; want one window for the organization, accepted", puts)
	}
	var win struct{ StartAt, EndAt time.Time }
	var body struct {
		StartAt string `json:"start_at"`
		EndAt   string `json:"end_at"`
	}
	must(t, json.Unmarshal([]byte(puts[0].Body), &body))
	win.StartAt, _ = time.Parse(time.RFC3339, body.StartAt)
	win.EndAt, _ = time.Parse(time.RFC3339, body.EndAt)
	earliest, latest := before.Truncate(time.Second).Add(-time.Minute), after.Add(-time.Minute)
	if win.EndAt.Sub(win.StartAt) != 24*time.Hour || win.EndAt.Before(earliest) || win.EndAt.After(latest) {
		t.Errorf("the window sent is %s; want 24 hours, ending a minute before the invoke (%s to %s)", puts[0].Body, earliest, latest)
	}
	if state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate")); err == nil && strings.Contains(string(state), "audit_log_replay") {
		t.Errorf("an invoke wrote the action to the state:\n%s", state)
	}
}

// An invoke that cannot send the window fails with the resource's words,
// and sends nothing.
func TestInvokeFailsInTheResourcesWords(t *testing.T) {
	t.Parallel()
	tf := actionsEngine(t)
	w := newWorkspace(t, mockkonnect.Options{}, actions)
	w.mock.SetWebhook("", portal, mockkonnect.Webhook{Enabled: false, Status: "active"})
	out := w.invoke(tf, false, "action.konnect_portal_audit_log_replay.incident")
	// Terraform 1.14 and 1.15 print the summary inside their own, before
	// the detail; 1.16 prints it as the error's summary.
	if !regexp.MustCompile(`Error: (Error when invoking action )?Audit Log Webhook Disabled`).MatchString(out) {
		t.Errorf("terraform did not print the error's summary:\n%s", out)
	}
	for _, want := range []string{
		"Konnect reports that the audit log webhook of portal " + portal + " in region us is disabled",
		"then invoke the action again",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform did not print %q:\n%s", want, out)
		}
	}
	for _, r := range w.mock.Requests() {
		if r.Method == "PUT" {
			t.Errorf("Konnect received %s %s; a window into a disabled webhook must not be sent", r.Method, r.Path)
		}
	}
}

// Terraform 1.16: an action triggered by several resources can read its
// caller, and -invoke with -target replays for the one resource named. Two
// portals' stand-ins trigger one replay action, whose portal_id is its
// caller's; invoking it for one sends that portal's window only.
func TestInvokeWithTargetReplaysOneCaller(t *testing.T) {
	t.Parallel()
	tf := terraformAtLeast(t, 16, "-invoke with -target, and caller")
	const other = "0c000000-0000-4000-8000-00000000000c"
	w := newWorkspace(t, mockkonnect.Options{}, `
resource "terraform_data" "webhook" {
  for_each = toset(["PORTAL", "`+other+`"])
  input    = each.key

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.konnect_portal_audit_log_replay.last_day]
    }
  }
}

action "konnect_portal_audit_log_replay" "last_day" {
  config {
    portal_id = caller.input
    last      = "24h"
    wait      = false
  }
}
`)
	apply := exec.Command(tf, "apply", "-no-color", "-input=false", "-auto-approve")
	apply.Dir, apply.Env = w.dir, w.env
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, tail(out))
	}
	if reqs := w.mock.Requests(); len(reqs) != 0 {
		t.Fatalf("creating the stand-ins sent %s %s; their trigger is after_update", reqs[0].Method, reqs[0].Path)
	}
	w.invoke(tf, true, "action.konnect_portal_audit_log_replay.last_day", `-target=terraform_data.webhook["`+other+`"]`)
	var puts []string
	for _, r := range w.mock.Requests() {
		if r.Method == "PUT" {
			puts = append(puts, r.Path)
		}
	}
	if want := "/us/v2/portals/" + other + "/audit-log-replay-job"; len(puts) != 1 || puts[0] != want {
		t.Errorf("the invoke sent PUTs to %v; want one, to %s", puts, want)
	}
}
