package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A state written before api_version and check_webhook existed plans
// cleanly: the job is a classic portal's, read with one GET and nothing
// else, and the refresh records what the state lacked.
func TestStateFromBeforeAPIVersionPlansClean(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, mockkonnect.Options{}, oneJob)
	config, err := os.ReadFile(filepath.Join(w.dir, "main.tf"))
	must(t, err)
	start, end := field(t, string(config), "start_at"), field(t, string(config), "end_at")
	startAt, err := time.Parse(time.RFC3339, start)
	must(t, err)
	endAt, err := time.Parse(time.RFC3339, end)
	must(t, err)
	w.mock.SetJob("us", portal, startAt, endAt)
	job, _ := w.mock.Job("us", portal)
	state := fmt.Sprintf(`{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 1,
  "lineage": "0a3c1c2e-6a3b-4f59-9a57-2f3c0c4d5e6f",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "konnect_portal_audit_log_replay_job",
      "name": "job",
      "provider": "provider[\"registry.terraform.io/konnect-iac/konnect\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "id": "us/%[1]s",
            "portal_id": "%[1]s",
            "region": "us",
            "start_at": %[2]q,
            "end_at": %[3]q,
            "status": "accepted",
            "updated_at": %[4]q,
            "wait_for_completion": false,
            "timeouts": null
          },
          "sensitive_attributes": []
        }
      ]
    }
  ],
  "check_results": null
}
`, portal, start, end, job.UpdatedAt.Format(time.RFC3339Nano))
	must(t, os.WriteFile(filepath.Join(w.dir, "terraform.tfstate"), []byte(state), 0o600))

	cmd := w.command("plan", "-detailed-exitcode")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("plan: %v (exit 2 means changes); want no changes:\n%s", err, tail(out))
	}
	for _, r := range w.mock.Requests() {
		if r.Method != "GET" || !strings.HasSuffix(r.Path, "/audit-log-replay-job") {
			t.Errorf("%s %s: a plan of a job from an older state reads the job and nothing else", r.Method, r.Path)
		}
	}
	w.terraform(true, "apply", "-refresh-only", "-auto-approve")
	saved, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	must(t, err)
	for _, want := range []string{`"api_version": "v2"`, `"check_webhook": true`} {
		if !strings.Contains(string(saved), want) {
			t.Errorf("the refreshed state lacks %s:\n%s", want, saved)
		}
	}
}

// field reads a quoted attribute's value from HCL.
func field(t *testing.T, hcl, name string) string {
	t.Helper()
	for _, line := range strings.Split(hcl, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == name {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	t.Fatalf("no %s in\n%s", name, hcl)
	return ""
}
