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

const (
	orgAddr     = "konnect_audit_log_replay_job.test"
	orgDataAddr = "data.konnect_audit_log_replay_job.test"
)

func expectOrg(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New(name), v)
}

// The organization's job: create, a clean plan, import by region, update,
// a data source, and nothing sent to any portal's job.
func TestAccOrganizationJob_lifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	start, end := env.rfc(3*time.Hour, plus2), env.rfc(2*time.Hour, time.UTC)
	start2, end2 := env.rfc(30*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	job := "/" + env.region + "/v2/audit-log-replay-job"
	hook := "GET /" + env.region + "/v2/audit-log-webhook/status 200"

	env.test([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    env.orgConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
				plancheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.region)),
				plancheck.ExpectUnknownValue(orgAddr, tfjsonpath.New("status")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectOrg("id", knownvalue.StringExact(env.region)),
				expectOrg("region", knownvalue.StringExact(env.region)),
				expectOrg("start_at", knownvalue.StringExact(start)),
				expectOrg("end_at", knownvalue.StringExact(end)),
				expectOrg("status", env.status("accepted")),
				expectOrg("updated_at", knownvalue.NotNull()),
				expectOrg("wait_for_completion", knownvalue.Bool(false)),
				expectOrg("check_webhook", knownvalue.Bool(true)),
			},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests(hook, "PUT "+job+" 202"),
				env.expectPutBody(start, end),
				env.expectHeaders(),
			),
		},
		{
			PreConfig:        env.reset,
			Config:           env.orgConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            env.expectRequests("GET " + job + " 200"),
		},
		{
			PreConfig:         env.reset,
			ResourceName:      orgAddr,
			ImportState:       true,
			ImportStateId:     env.region,
			ImportStateVerify: true,
			// Imported times are Konnect's spelling of the same instants.
			ImportStateVerifyIgnore: []string{"status", "updated_at", "start_at"},
		},
		{
			PreConfig:       env.reset,
			Config:          env.orgConfig(start, end),
			ResourceName:    orgAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   env.region,
			// The +02:00 start and Konnect's UTC answer are one instant:
			// the plan keeps Konnect's spelling, and shows nothing to do.
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(orgAddr, tfjsonpath.New("status"), env.status("completed")),
			}},
		},
		{
			PreConfig: env.reset,
			Config:    env.orgConfig(start2, end2),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(orgAddr, tfjsonpath.New("status")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectOrg("start_at", knownvalue.StringExact(start2)),
				expectOrg("status", knownvalue.StringExact("accepted")),
			},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests("GET "+job+" 200", hook, "PUT "+job+" 202"),
				env.expectPutBody(start2, end2),
				env.expectNoPortalJob(),
			),
		},
		{
			PreConfig: env.reset,
			Config: env.orgConfig(start2, end2) + fmt.Sprintf(`
data "konnect_audit_log_replay_job" "test" {
  region     = %q
  depends_on = [konnect_audit_log_replay_job.test]
}
`, env.region),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs(orgAddr, tfjsonpath.New("start_at"), orgDataAddr, tfjsonpath.New("start_at"), sameInstantComparer{}),
				statecheck.CompareValuePairs(orgAddr, tfjsonpath.New("end_at"), orgDataAddr, tfjsonpath.New("end_at"), sameInstantComparer{}),
				statecheck.ExpectKnownValue(orgDataAddr, tfjsonpath.New("status"), env.status("completed")),
				statecheck.ExpectKnownValue(orgDataAddr, tfjsonpath.New("region"), knownvalue.StringExact(env.region)),
			},
			Check: env.expectRequests("GET "+job+" 200", "GET "+job+" 200"),
		},
		env.destroyStep(env.orgConfig(start2, end2)),
	})
}
