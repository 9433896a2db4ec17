package e2e

import (
	"strings"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Sending a window again on purpose is terraform apply -replace: Terraform
// plans the replacement twice, once with the record and once without, and
// the check that refuses two resources for one job must take that for one
// resource. replace_triggered_by plans the same way.
func TestReplaceSendsTheWindowAgainOnPurpose(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, mockkonnect.Options{}, oneJob)
	w.terraform(true, "apply", "-auto-approve")
	w.mock.ResetRequests()

	out := w.terraform(true, "apply", "-auto-approve", "-replace=konnect_portal_audit_log_replay_job.job")
	if strings.Contains(out, "Two Resources Manage One Replay Job") {
		t.Fatalf("-replace was refused as a second resource:\n%s", out)
	}
	puts := 0
	for _, r := range w.mock.Requests() {
		if r.Method == "PUT" {
			puts++
		}
	}
	if puts != 1 {
		t.Errorf("-replace sent the window %d times, want once", puts)
	}
}
