package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A malformed import ID says which forms are expected, and sends nothing:
// through the protocol, as Terraform asks.
func TestImportIDRejected(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"eu/not-a-uuid", "mars/" + testPortal, "eu/" + testPortal + "/extra", "eu/"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
			got := h.importState("konnect_portal_audit_log_replay_job", id)
			expectDiags(t, got.diags, []string{"error: Invalid Import ID"}, "expected <region>/<portal_id>", "or a bare <portal_id>")
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
