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

var plus2 = time.FixedZone("+02:00", 2*3600)

func expectAttr(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New(name), v)
}

// Create, a clean plan, import two ways, update, and a data source reading
// the result: the path every user takes.
func TestAccReplayJob_lifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	start, end := env.rfc(3*time.Hour, plus2), env.rfc(2*time.Hour, time.UTC)
	start2, end2 := env.rfc(26*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	id := env.region + "/" + env.portal
	put := "PUT " + env.jobPath() + " 202"
	get := "GET " + env.jobPath() + " 200"

	env.test([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("status")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("id", knownvalue.StringExact(id)),
				expectAttr("region", knownvalue.StringExact(env.region)),
				expectAttr("api_version", knownvalue.StringExact("v2")),
				expectAttr("check_webhook", knownvalue.Bool(true)),
				expectAttr("start_at", knownvalue.StringExact(start)),
				expectAttr("end_at", knownvalue.StringExact(end)),
				expectAttr("status", env.status("accepted")),
				expectAttr("updated_at", knownvalue.NotNull()),
				expectAttr("wait_for_completion", knownvalue.Bool(false)),
			},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests(env.created(202)...),
				env.expectPutBody(start, end),
				env.expectHeaders(),
			),
		},
		{
			// The +02:00 start in the configuration and Konnect's UTC answer are one instant.
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			Check: env.expectRequests(get),
		},
		{
			PreConfig:         env.reset,
			ResourceName:      resourceAddr,
			ImportState:       true,
			ImportStateId:     id,
			ImportStateVerify: true,
			// Imported times are Konnect's spelling; importedWindow compares instants.
			ImportStateVerifyIgnore: []string{"status", "updated_at", "start_at"},
			ImportStateCheck:        env.importedWindow(start, end),
		},
		{
			// A bare portal ID imports in the provider's region.
			ResourceName:            resourceAddr,
			ImportState:             true,
			ImportStateId:           env.portal,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"status", "updated_at", "start_at"},
			ImportStateCheck:        env.importedWindow(start, end),
		},
		{
			PreConfig:       env.reset,
			Config:          env.jobConfig(start, end),
			ResourceName:    resourceAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   id,
			// The +02:00 start_at and Konnect's UTC answer are one instant:
			// the plan keeps the imported spelling, and shows nothing to do.
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("status"), env.status("completed")),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("start_at"), knownvalue.StringExact(env.rfc(3*time.Hour, time.UTC))),
			}},
		},
		{
			PreConfig: env.reset,
			Config:    env.jobConfig(start2, end2),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("status")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("start_at", knownvalue.StringExact(start2)),
				expectAttr("end_at", knownvalue.StringExact(end2)),
				expectAttr("status", knownvalue.StringExact("accepted")),
			},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests(get, env.hookRead(), put),
				env.expectPutBody(start2, end2),
			),
		},
		{
			PreConfig: env.reset,
			Config: env.jobConfig(start2, end2) + fmt.Sprintf(`
data "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  region    = %q
  depends_on = [konnect_portal_audit_log_replay_job.test]
}
`, env.portal, env.region),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs(resourceAddr, tfjsonpath.New("start_at"), "data.konnect_portal_audit_log_replay_job.test", tfjsonpath.New("start_at"), sameInstantComparer{}),
				statecheck.CompareValuePairs(resourceAddr, tfjsonpath.New("end_at"), "data.konnect_portal_audit_log_replay_job.test", tfjsonpath.New("end_at"), sameInstantComparer{}),
				statecheck.ExpectKnownValue("data.konnect_portal_audit_log_replay_job.test", tfjsonpath.New("status"), env.status("completed")),
			},
			// The data source finds the portal's API, as it has no api_version;
			// it may read while the resource is refreshed.
			Check: env.expectRequestsAnyOrder(lines(get, env.jobFound())...),
		},
		env.destroyStep(env.jobConfig(start2, end2)),
	})
}

// sameInstantComparer compares two RFC 3339 strings as instants.
type sameInstantComparer struct{}

func (sameInstantComparer) CompareValues(values ...any) error {
	var times []time.Time
	for _, v := range values {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%v is not a string", v)
		}
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return err
		}
		times = append(times, tm)
	}
	for _, tm := range times[1:] {
		if !tm.Equal(times[0]) {
			return fmt.Errorf("%v are not the same instant", values)
		}
	}
	return nil
}

// A job that fails while waited for is an error, and stays in the state
// marked for replacement, so the next apply replays it.
func TestAccReplayJob_failed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Running: time.Minute})
	env.needsMock()
	env.mock.FailJobs(env.region, env.portal)
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	config := env.jobConfig(start, end, "wait_for_completion = true")
	env.test([]resource.TestStep{
		{
			Config: config,
			ExpectError: errorLike("Replay Job Failed", "portal "+env.portal+" in region "+env.region, "failed", "next apply sends the window again",
				"the audit log webhook of portal "+env.portal, "konnect_portal_audit_log_webhook_status"),
		},
		nextPlanWants(config, plancheck.ResourceActionReplace),
	})
}
