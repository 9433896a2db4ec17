package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// These tests each reproduce a way a window was once recorded without being
// sent, sent twice, or sent in a loop, and prove it no longer is.

// Seen: waiting behind another job, a read that came back unreadable was
// taken for "Konnect accepted the window", and the window was recorded
// although it was never sent.
func TestAccExactlyOnce_unreadableReadWhileWaitingIsNotSent(t *testing.T) {
	t.Parallel()
	unreadableEverySecondGet := mockkonnect.Fault{Kind: mockkonnect.FaultTruncate, Route: "GET", Share: 0.5}

	t.Run("create", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{Running: time.Hour})
		env.needsMock()
		env.otherJob()
		env.setFaults(unreadableEverySecondGet)
		config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC), "wait_for_completion = true")
		env.testInProcess([]resource.TestStep{
			{
				// Unreadable reads are waited out like the job, which runs
				// longer than the 30 minutes allowed.
				PreConfig:   env.reset,
				Config:      config,
				ExpectError: errorLike("Timed Out Before Sending the Replay Window", "timeouts.create ran out after 30m", "so the window was not sent"),
			},
			{
				// Nothing was recorded, and nothing was taken.
				PreConfig: func() { env.setFaults() },
				Config:    config, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
				}},
				Check: env.acceptedPuts(0),
			},
		})
	})

	t.Run("update", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{})
		env.needsMock()
		first := env.jobConfig(env.rfc(5*time.Hour, time.UTC), env.rfc(4*time.Hour, time.UTC), "wait_for_completion = true")
		second := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC), "wait_for_completion = true")
		env.testInProcess([]resource.TestStep{
			{Config: first},
			{
				PreConfig: func() {
					// Konnect keeps refusing the window (another job runs),
					// and once the apply has read that job, reads of it
					// come back cut short.
					refuse := mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "PUT", Status: 409, ContentType: "application/problem+json",
						Body: `{"status":409,"title":"Conflict","detail":"A replay job is currently running"}`}
					env.setFaults(refuse)
					refused := false
					env.mock.SetOnRequest(func(r mockkonnect.Request) {
						switch {
						case r.Status == 409:
							refused = true
						case refused && r.Method == "GET":
							env.setFaults(refuse, mockkonnect.Fault{Kind: mockkonnect.FaultTruncate, Route: "GET"})
							env.mock.SetOnRequest(nil)
						}
					})
					env.reset()
				},
				Config: second,
				ExpectError: errorLike("Timed Out Before Sending the Replay Window", "timeouts.update ran out after 30m", "so the window was not sent",
					"The last read of the job had failed", "not the expected JSON"),
			},
			{
				// The state still holds the first window: the refresh finds
				// Konnect has it, and the plan sends the second one.
				PreConfig: func() { env.setFaults(); env.reset() },
				Config:    second, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("status")),
				}},
				Check: env.acceptedPuts(0),
			},
		})
	})
}

// Seen: a provider region known only after apply forced the replacement of
// every job in the provider's region, sending its window again, and for a
// window sent long ago failed the plan.
func TestAccExactlyOnce_unknownProviderRegionKeepsTheJob(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(2*24*time.Hour, time.UTC), env.rfc(24*time.Hour, time.UTC)
	job := fmt.Sprintf(`
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
}
`, env.portal, start, end)
	later := fmt.Sprintf(`
resource "terraform_data" "region" {
  input = %q
}
provider "konnect" {
  server_url            = %q
  personal_access_token = %q
  region                = terraform_data.region.output
}
`, env.region, env.url, env.token) + job
	env.test([]resource.TestStep{
		{Config: env.providerBlock() + job},
		{
			// Nine days on, the window is too old to send again.
			PreConfig: func() { env.clock.Advance(9 * 24 * time.Hour); env.reset() },
			Config:    later,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("region"), knownvalue.StringExact(env.region)),
			}},
			Check: env.onlyReadsSinceReset(),
		},
	})
}

// Seen: a time with more fractional digits than Konnect keeps made a diff,
// and a PUT, on every apply.
func TestAccExactlyOnce_subSecondTimes(t *testing.T) {
	t.Parallel()
	for name, precision := range map[string]time.Duration{"microseconds": time.Microsecond, "whole seconds": time.Second} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mockkonnect.Options{Precision: precision})
			env.needsMock()
			base := env.clock.Now().Add(-3 * time.Hour).Truncate(time.Second)
			start := base.Add(123456789 * time.Nanosecond).Format(time.RFC3339Nano)
			end := base.Add(time.Hour + 987654321*time.Nanosecond).In(plus2).Format(time.RFC3339Nano)
			config := env.jobConfig(start, end)
			env.testInProcess([]resource.TestStep{
				{
					PreConfig:         env.reset,
					Config:            config,
					ConfigStateChecks: []statecheck.StateCheck{expectAttr("start_at", knownvalue.StringExact(start))},
					Check:             env.acceptedPuts(1),
				},
				env.nothingSentAgain(config, func() {}),
			})
		})
	}
}

// Seen: any 404 on refresh (a proxy, a server_url with a wrong path) removed
// the job from the state, and the next apply sent its window again. Only a
// portal Konnect confirms gone removes it.
func TestAccExactlyOnce_strayNotFoundKeepsTheJob(t *testing.T) {
	t.Parallel()
	problem404 := `{"status":404,"title":"Not Found","detail":"Not found","instance":"kong:trace:1"}`
	cases := []struct {
		name   string
		faults []mockkonnect.Fault
		want   []string
	}{
		{"a proxy's 404 page", []mockkonnect.Fault{{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job",
			Status: 404, ContentType: "text/html", Body: "<h1>no route</h1>"}},
			[]string{"answered 404", "not with one of Konnect's own errors", "kept in the state"}},
		{"Konnect's 404 while the portal exists", []mockkonnect.Fault{{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job",
			Status: 404, ContentType: "application/problem+json", Body: problem404}},
			[]string{"answered 404", "but the owner exists", "answered 200", "kept in the state"}},
		{"a gateway that answers 404 to everything", []mockkonnect.Fault{{Kind: mockkonnect.FaultRespond, Route: "GET",
			Status: 404, ContentType: "application/json", Body: `{"message":"no Route matched with those values"}`}},
			[]string{"answered 404", "not with one of Konnect's own errors", "kept in the state"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mockkonnect.Options{})
			env.needsMock()
			config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC))
			env.testInProcess([]resource.TestStep{
				{Config: config},
				{
					PreConfig: func() { env.setFaults(tc.faults...); env.reset() },
					Config:    config, PlanOnly: true,
					ExpectError: errorLike(append([]string{"Replay Job Not Found", "GET " + env.url[:strings.Index(env.url, "{")] + env.jobPath()[1:]}, tc.want...)...),
				},
				// Konnect answers again: the job was kept, nothing is sent.
				env.nothingSentAgain(config, func() { env.setFaults() }),
			})
		})
	}
}

// Seen: a request timeout after Konnect took the PUT forgot the job, and
// the next apply sent the window again.
func TestAccExactlyOnce_answerLostAfterKonnectTookIt(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Accepted: time.Minute})
	env.needsMock()
	env.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultStall, Route: "PUT", Delay: time.Hour})
	env.settings = []string{`request_timeout = "1s"`}
	config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC))
	env.testInProcess([]resource.TestStep{
		{
			PreConfig:         env.reset,
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.StringExact("accepted"))},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests(lines(env.beforePut(), "PUT "+env.jobPath()+" 202", "GET "+env.jobPath()+" 200")...),
				env.acceptedPuts(1),
			),
		},
		env.nothingSentAgain(config, func() { env.setFaults() }),
	})
}

// Seen: a PUT answered 204 (success, no body) was an error, and the next
// apply sent the window again; a 202 whose body said "unconfigured" was
// recorded, then dropped by every refresh, and sent again by every apply.
// Any 2xx means Konnect took the window.
func TestAccExactlyOnce_unusualSuccesses(t *testing.T) {
	t.Parallel()

	t.Run("204", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{Accepted: time.Minute})
		env.needsMock()
		start, end := env.clock.Now().Add(-3*time.Hour).Truncate(time.Second), env.clock.Now().Add(-time.Hour).Truncate(time.Second)
		env.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "PUT", Status: 204})
		// Konnect takes the window, and answers 204.
		env.mock.SetOnRequest(func(r mockkonnect.Request) {
			if r.Method == "PUT" {
				env.mock.SetJob(env.region, env.portal, start, end)
			}
		})
		config := env.jobConfig(start.Format(time.RFC3339), end.Format(time.RFC3339))
		env.testInProcess([]resource.TestStep{
			{
				PreConfig:         env.reset,
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.StringExact("accepted"))},
				Check:             env.expectRequests(lines(env.beforePut(), "PUT "+env.jobPath()+" 204", "GET "+env.jobPath()+" 200")...),
			},
			env.nothingSentAgain(config, func() {}),
		})
	})

	// Seen (case 3): a 202 whose body showed "unconfigured", and the one
	// read after it lagging the same way, ended "not taken", and the next
	// apply sent the window again, which Konnect accepted a second time.
	t.Run("202 unconfigured, and a lagging read", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{Accepted: time.Minute})
		env.needsMock()
		start, end := env.clock.Now().Add(-3*time.Hour).Truncate(time.Second), env.clock.Now().Add(-time.Hour).Truncate(time.Second)
		unconfigured := `{"status":"unconfigured","start_at":"0001-01-01T00:00:00Z","end_at":"0001-01-01T00:00:00Z","updated_at":"0001-01-01T00:00:00Z"}`
		env.setFaults(
			mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "PUT", Status: 202, ContentType: "application/json", Body: unconfigured},
			mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", First: 1, Status: 200,
				ContentType: "application/json", Body: unconfigured})
		// Konnect takes the window behind the odd answer.
		env.mock.SetOnRequest(func(r mockkonnect.Request) {
			if r.Method == "PUT" {
				env.mock.SetJob(env.region, env.portal, start, end)
			}
		})
		config := env.jobConfig(start.Format(time.RFC3339), end.Format(time.RFC3339))
		env.testInProcess([]resource.TestStep{
			{
				// Sent, its status unknown for now: a warning, no error.
				PreConfig:         env.reset,
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.Null())},
				Check:             env.expectRequests(lines(env.beforePut(), "PUT "+env.jobPath()+" 202", "GET "+env.jobPath()+" 200")...),
			},
			// The next refresh reads its status; nothing is sent again.
			env.recordKept(config, func() { env.mock.SetOnRequest(nil) }, expectAttr("status", knownvalue.StringExact("accepted"))),
		})
	})
}

// Seen: importing eu/<UPPER-CASE-UUID> planned to replace the job (and send
// its window again) against a lower-case configuration.
func TestAccExactlyOnce_importUpperCaseID(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC))
	env.test([]resource.TestStep{
		{Config: config},
		{
			PreConfig:       env.reset,
			Config:          config,
			ResourceName:    resourceAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   env.region + "/" + strings.ToUpper(env.portal),
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.region+"/"+env.portal)),
			}},
		},
	})
}

// RFC 3339 lets T and Z be lower case; the window is sent as Konnect
// documents it, and later plans are clean.
func TestAccExactlyOnce_lowerCaseTimes(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	lower := func(s string) string { return strings.ToLower(s) }
	config := env.jobConfig(lower(start), lower(end))
	env.testInProcess([]resource.TestStep{
		{PreConfig: env.reset, Config: config, Check: env.expectPutBody(start, end)},
		{PreConfig: env.reset, Config: config, PlanOnly: true},
	})
}
