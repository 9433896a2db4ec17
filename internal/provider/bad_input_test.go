package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A malformed import ID says which forms are expected, and sends nothing:
// through the protocol, as Terraform asks. The organization's job is
// imported by its region alone.
func TestImportIDRejected(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typeName, id string
		words        []string
	}{
		{portalJob, "eu/not-a-uuid", []string{"expected <region>/<portal_id>", "or a bare <portal_id>"}},
		{portalJob, "mars/" + testPortal, []string{"expected <region>/<portal_id>", "or a bare <portal_id>"}},
		{portalJob, "eu/" + testPortal + "/extra", []string{"expected <region>/<portal_id>", "or a bare <portal_id>"}},
		{portalJob, "eu/", []string{"expected <region>/<portal_id>", "or a bare <portal_id>"}},
		{"konnect_audit_log_replay_job", "EU", []string{"is not a Konnect region", "one of us, eu"}},
		{"konnect_audit_log_replay_job", "eu/" + testPortal, []string{"is not a Konnect region", "one of us, eu"}},
		{"konnect_audit_log_replay_job", "mars", []string{"is not a Konnect region", "one of us, eu"}},
	}
	for _, tc := range cases {
		t.Run(tc.typeName+"/"+tc.id, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
			got := h.importState(tc.typeName, tc.id)
			expectDiags(t, got.diags, []string{"error: Invalid Import ID"}, tc.words...)
			if reqs := h.requests(); len(reqs) > 0 {
				t.Errorf("the mock received %q; a bad ID must be refused before any request", reqs)
			}
		})
	}
}

// Terraform prints the error of a malformed import ID.
func TestAccImportIDRejected(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	w := env.rfc(time.Hour, time.UTC)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:        env.jobConfig(w, w),
			ResourceName:  resourceAddr,
			ImportState:   true,
			ImportStateId: "eu/not-a-uuid",
			ExpectError:   errorLike("Invalid Import ID", "expected <region>/<portal_id>", "or a bare <portal_id>"),
		}},
	})
	env.expectNoRequests()
}
