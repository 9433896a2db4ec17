package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
			expectDiags(t, got.diags, []string{"warning: Replay Jobs Left in Konnect"},
				"Konnect has no way to delete a replay job", "only removes its record from the Terraform state", tc.where, start, end,
				"said once for all the replay jobs this apply destroys")
			if got.state != nil {
				t.Errorf("the state after destroy is %v, want null", got.state)
			}
			if reqs := h.requests(); len(reqs) > 0 {
				t.Errorf("destroy sent Konnect %q; it must send nothing", reqs)
			}
		})
	}
}

// A destroy of many jobs says its piece once per apply, not once per job:
// the provider's one instance of the run warns at the first delete only.
func TestDeleteSaysItOncePerApply(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
	start, end := h.rfc(3*time.Hour), h.rfc(2*time.Hour)
	var states []map[string]tftypes.Value
	for _, id := range []string{testPortal, "0a000000-0000-4000-8000-00000000000a", "0b000000-0000-4000-8000-00000000000b"} {
		created := h.create(portalJob, cfg{"portal_id": id, "start_at": start, "end_at": end})
		if hasError(created.diags) {
			t.Fatalf("create: %s", diagText(created.diags))
		}
		states = append(states, created.state)
	}
	var warnings int
	for _, s := range states {
		warnings += len(h.destroy(portalJob, s).diags)
	}
	if warnings != 1 {
		t.Errorf("destroying 3 jobs gave %d diagnostics, want 1", warnings)
	}
}

// A record whose create ended in an error after Konnect took the window (its
// job failed) is tainted, and destroyed to be replaced, whose create sends
// the window again: that destroy does not say the job is left in Konnect.
func TestTaintedRecordIsNotLeftInKonnect(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{Running: time.Minute}, nil)
	h.mock.FailJobs("eu", testPortal)
	c := cfg{"portal_id": testPortal, "start_at": h.rfc(3 * time.Hour), "end_at": h.rfc(2 * time.Hour), "wait_for_completion": true}
	p := h.plan(portalJob, c)
	typ := h.resourceType(portalJob)
	ctx := context.Background()
	created, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: portalJob, PriorState: h.value(typ, nil), PlannedState: p.state, Config: h.value(typ, c), PlannedPrivate: p.private,
	})
	if err != nil {
		t.Fatal(err)
	}
	expectDiags(t, created.Diagnostics, []string{"error: Replay Job Failed"})
	deleted, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: portalJob, PriorState: created.NewState, PlannedState: h.value(typ, nil), Config: h.value(typ, nil), PlannedPrivate: created.Private,
	})
	if err != nil {
		t.Fatal(err)
	}
	expectDiags(t, deleted.Diagnostics, nil)
}
