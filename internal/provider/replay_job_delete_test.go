package provider

import (
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Konnect has no way to delete a replay job: a destroy removes the record
// from the state, says the job stays in Konnect, and sends Konnect nothing,
// for either resource.
func TestDeleteSendsNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		typeName string
		config   cfg
		where    string
	}{
		{typeName: "konnect_portal_audit_log_replay_job", config: cfg{"portal_id": testPortal}, where: "portal " + testPortal},
		{typeName: "konnect_audit_log_replay_job", config: cfg{}, where: "the organization"},
	} {
		t.Run(tc.typeName, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
			start, end := h.rfc(3*time.Hour), h.rfc(2*time.Hour)
			created := h.create(tc.typeName, merged(tc.config, cfg{"start_at": start, "end_at": end}))
			if hasError(created.diags) || created.state == nil {
				t.Fatalf("create: %s", diagText(created.diags))
			}
			h.mock.ResetRequests()
			got := h.destroy(tc.typeName, created.state)
			expectDiags(t, got.diags, []string{"warning: Replay Job Left in Konnect"},
				"Konnect has no way to delete a replay job", tc.where, start, end, "only removed from the Terraform state")
			if got.state != nil {
				t.Errorf("the state after destroy is %v, want null", got.state)
			}
			if reqs := h.requests(); len(reqs) > 0 {
				t.Errorf("destroy sent Konnect %q; it must send nothing", reqs)
			}
		})
	}
}
