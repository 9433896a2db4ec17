package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A malformed import ID says which forms are expected, and sends nothing.
func TestAccImportIDRejected(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	w := env.rfc(time.Hour, time.UTC)
	for _, id := range []string{"eu/not-a-uuid", "mars/" + env.portal, "eu/" + env.portal + "/extra"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config:        env.jobConfig(w, w),
				ResourceName:  resourceAddr,
				ImportState:   true,
				ImportStateId: id,
				ExpectError:   errorLike("Invalid Import ID", "expected <region>/<portal_id>", "or a bare <portal_id>"),
			}},
		})
	}
	env.expectNoRequests()
}
