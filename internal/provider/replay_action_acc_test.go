package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// actionsFrom are the Terraform versions that run actions; older ones skip
// these tests (terraform-plugin-testing reads the version of
// TF_ACC_TERRAFORM_PATH), and so does OpenTofu, which has no action blocks
// whatever its version number.
var actionsFrom = []tfversion.TerraformVersionCheck{
	skipOnOpenTofu("OpenTofu has no actions"), // first, so that it gives the reason
	tfversion.SkipBelow(tfversion.Version1_14_0),
}

// A resource's action_trigger replays the last day when the destination
// changes, and only then: creating it sends nothing, updating it sends the
// window once, ending a minute before the provider's now.
func TestAccReplayAction_triggeredAfterUpdate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	var at time.Time
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   actionsFrom,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: env.reset,
				Config:    env.triggeredConfig("https://logs.example.com/v1"),
				Check:     env.expectRequests(),
			},
			{
				PreConfig: func() {
					env.reset()
					at = env.clock.Now().UTC().Truncate(time.Second)
				},
				Config: env.triggeredConfig("https://logs.example.com/v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.destination", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(lines(env.hookFound(), "PUT "+env.jobPath()+" 202", "GET "+env.jobPath()+" 200")...),
					func(s *terraform.State) error {
						return env.expectPutBody(at.Add(-24*time.Hour-time.Minute).Format(time.RFC3339), at.Add(-time.Minute).Format(time.RFC3339))(s)
					},
				),
			},
		},
	})
}
