package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A window sent long ago keeps planning cleanly; only a change sends it, or
// checks it, again.
func TestAccReplayJob_oldWindowPlansCleanly(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(2*24*time.Hour, time.UTC), env.rfc(24*time.Hour, time.UTC)
	env.testInProcess([]resource.TestStep{
		{Config: env.jobConfig(start, end)},
		{
			// Nine days on: the window starts 11 days ago and nothing changed.
			PreConfig: func() { env.clock.Advance(9 * 24 * time.Hour); env.reset() },
			Config:    env.jobConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			Check: env.expectRequests("GET " + env.jobPath() + " 200"),
		},
		{
			// Waiting is not the window: changing it records, sends nothing.
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end, "wait_for_completion = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("wait_for_completion", knownvalue.Bool(true))},
			Check:             env.expectRequests("GET " + env.jobPath() + " 200"),
		},
		{
			// A changed window is sent, so it must be within reach again.
			PreConfig:   env.reset,
			Config:      env.jobConfig(start, env.rfc(24*time.Hour+time.Minute, time.UTC), "wait_for_completion = true"),
			ExpectError: errorLike("Replay Window Starts Too Long Ago", "more than 7 days ago"),
		},
	})
	if reqs := env.mock.Requests(); len(reqs) != 0 && reqs[len(reqs)-1].Method == "PUT" {
		t.Errorf("the rejected window was sent")
	}
}

// Values known only after apply, in the resource and in the provider
// configuration, do not stop a plan; the window is checked once known.
func TestAccReplayJob_unknownAtPlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	config := fmt.Sprintf(`
resource "terraform_data" "later" {
  input = { token = %q, start = %q, end = %q }
}

provider "konnect" {
  server_url            = %q
  personal_access_token = terraform_data.later.output.token
  region                = %q
}

resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = terraform_data.later.output.start
  end_at    = terraform_data.later.output.end
}
`, env.token, start, end, env.url, env.region, env.portal)
	env.test([]resource.TestStep{{
		PreConfig: env.reset,
		Config:    config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
			plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("start_at")),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.region+"/"+env.portal)),
		}},
		ConfigStateChecks: []statecheck.StateCheck{
			expectAttr("start_at", knownvalue.StringExact(start)),
			expectAttr("status", knownvalue.StringExact("accepted")),
		},
		Check: resource.ComposeTestCheckFunc(
			env.expectRequests(env.created(202)...),
			env.expectPutBody(start, end),
		),
	}})
}

// A region set on the resource overrides the provider's; changing the
// region, directly or through the provider's default, replaces the job.
func TestAccReplayJob_region(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	withRegion := func(region string) string { return env.jobConfig(start, end, fmt.Sprintf("region = %q", region)) }
	env.testInProcess([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    withRegion("au"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("region", knownvalue.StringExact("au")),
				expectAttr("id", knownvalue.StringExact("au/"+env.portal)),
			},
			Check: env.expectRequests(env.createdIn("au")...),
		},
		{
			PreConfig: env.reset,
			Config:    withRegion("sg"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionReplace),
			}},
			// The replacement finds the portal in its new region.
			Check: env.expectRequests(lines("GET /au/v2/portals/"+env.portal+"/audit-log-replay-job 200", env.createdIn("sg"))...),
		},
		{
			// Back to the provider's region (eu) by removing the attribute.
			Config: env.jobConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionReplace),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("region"), knownvalue.StringExact(env.region)),
			}},
		},
	})
}
