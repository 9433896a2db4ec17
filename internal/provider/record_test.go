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

// A replay is an event, and the resource is its record: these tests prove
// that nothing a refresh sees sends a window Konnect took again, that a
// create whose window Konnect took is never left tainted, and that one job
// has one record.

// Seen (case 5): a window applied long ago, kept in the configuration as
// the record of the replay, was sent again once Konnect showed another
// window or none, and past 7 days every plan of the workspace failed.
func TestAccRecord_supersededWindowIsNeverSentAgain(t *testing.T) {
	t.Parallel()
	cases := map[string]func(e *testEnv){
		"another window":  func(e *testEnv) { e.otherJob() },
		"no job any more": func(e *testEnv) { e.mock.ClearJob(e.region, e.portal) },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mockkonnect.Options{})
			env.needsMock()
			start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
			config := env.jobConfig(start, end)
			env.testInProcess([]resource.TestStep{
				{Config: config, ConfigStateChecks: []statecheck.StateCheck{expectAttr("superseded", knownvalue.Bool(false))}},
				// Nine days on, the window is too old to send, and Konnect
				// shows something else: the record stays, marked.
				env.recordKept(config, func() { env.clock.Advance(9 * 24 * time.Hour); change(env) },
					expectAttr("superseded", knownvalue.Bool(true)),
					expectAttr("start_at", knownvalue.StringExact(start)),
					expectAttr("status", knownvalue.StringExact("accepted"))),
				// And stays so on every later plan.
				env.recordKept(config, func() {}, expectAttr("superseded", knownvalue.Bool(true))),
			})
		})
	}
}

// Inside 7 days too, another window in Konnect sends nothing: the webhook
// already got this window once.
func TestAccReplayJob_drift(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	config := env.jobConfig(start, end)
	env.testInProcess([]resource.TestStep{
		{Config: config},
		{
			PreConfig: func() {
				env.mock.SetJob(env.region, env.portal, env.clock.Now().Add(-30*time.Hour), env.clock.Now().Add(-29*time.Hour))
				env.reset()
			},
			Config: config,
			// The plan says so: the refreshed record is superseded, and
			// nothing changes.
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("superseded"), knownvalue.Bool(true)),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("start_at"), knownvalue.StringExact(start)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("start_at", knownvalue.StringExact(start))},
			Check:             env.expectRequests("GET " + env.jobPath() + " 200"),
		},
	})
}

// A job Konnect no longer has, or a portal it no longer knows, keeps the
// record, marked: dropping it would make the next plan create it again.
// The record goes when the configuration removes it.
func TestAccReplayJob_goneOutsideTerraform(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		remove  func(*testEnv)
		deleted bool
	}{
		"job unconfigured": {remove: func(e *testEnv) { e.mock.ClearJob(e.region, e.portal) }},
		"portal deleted":   {remove: func(e *testEnv) { e.mock.RemovePortal(e.portal) }, deleted: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mockkonnect.Options{})
			env.needsMock()
			start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
			config := env.jobConfig(start, end)
			env.testInProcess([]resource.TestStep{
				{Config: config},
				{
					PreConfig: func() { tc.remove(env); env.reset() },
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("superseded"), knownvalue.Bool(true)),
						plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("portal_deleted"), knownvalue.Bool(tc.deleted)),
					}},
					Check: env.noPutSinceReset(),
				},
				{
					// Removed from the configuration, the record goes, and
					// nothing is sent.
					PreConfig: env.reset,
					Config:    env.providerBlock(),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionDestroy),
					}},
					Check: env.noPutSinceReset(),
				},
			})
		})
	}
}

// Konnect reporting the window's own job failed sends it again, whether or
// not the configuration waits, while the window can still be sent; past
// Konnect's 7 days it only warns, and the plan stays clean.
func TestAccRecord_failedJobIsSentAgain(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Running: time.Minute})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	config := env.jobConfig(start, end)
	env.testInProcess([]resource.TestStep{
		{Config: config, ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.StringExact("accepted"))}},
		{
			// The job fails; the refresh sees it, and the plan sends the
			// window again.
			PreConfig: func() { env.mock.FailJobs(env.region, env.portal); env.clock.Advance(2 * time.Minute); env.reset() },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("status")),
			}},
			Check: resource.ComposeTestCheckFunc(env.puts(1), env.expectPutBody(start, end)),
		},
		// It fails again, and nine days on the window can no longer be sent:
		// a warning, an empty plan, nothing sent.
		env.recordKept(config, func() { env.clock.Advance(9 * 24 * time.Hour) }, expectAttr("status", knownvalue.StringExact("failed"))),
	})
}

// Seen (case 7): a create that sent its window but ended in an error was
// tainted, and the next apply sent the window again, or, past 7 days,
// failed every plan. A create whose window Konnect took is never tainted:
// the record keeps its window and last known status.
func TestAccRecord_createIsNeverTaintedOnceSent(t *testing.T) {
	t.Parallel()
	// That Terraform keeps a created object untainted when the create only
	// warns is the CLI's part, shown once; the other cases are the
	// provider's choice to warn, shown in process.
	cases := map[string]struct {
		opts  mockkonnect.Options
		setup func(*testEnv)
		extra []string
		cli   bool
	}{
		"the wait timed out": {opts: mockkonnect.Options{Running: time.Hour}, extra: []string{`timeouts { create = "2m" }`}, cli: true},
		"a read failed while waiting": {opts: mockkonnect.Options{Running: time.Hour}, setup: func(e *testEnv) {
			// Reads of the job are refused once the window is sent.
			e.mock.SetOnRequest(func(r mockkonnect.Request) {
				if r.Method == "PUT" {
					e.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", First: 1,
						Status: 403, ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden"}`})
				}
			})
		}},
		"another window replaced it while waiting": {opts: mockkonnect.Options{Accepted: time.Minute, Running: time.Hour}, setup: func(e *testEnv) {
			e.mock.SetOnRequest(func(r mockkonnect.Request) {
				if r.Method == "PUT" {
					e.mock.SetOnRequest(nil)
					e.otherJob()
				}
			})
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, tc.opts)
			env.needsMock()
			start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
			config := env.jobConfig(start, end, append([]string{"wait_for_completion = true"}, tc.extra...)...)
			if tc.setup != nil {
				tc.setup(env)
			}
			run := env.testInProcess
			if tc.cli {
				run = func(steps []resource.TestStep) { env.test(steps) }
			}
			run([]resource.TestStep{
				{
					// A warning, not an error: the record is kept, untainted.
					PreConfig:         env.reset,
					Config:            config,
					ConfigStateChecks: []statecheck.StateCheck{expectAttr("start_at", knownvalue.StringExact(start))},
					Check:             env.puts(1),
				},
				// Nine days on: nothing is sent, and the plan does not fail.
				env.recordKept(config, func() { env.mock.SetOnRequest(nil); env.setFaults(); env.clock.Advance(9 * 24 * time.Hour) }),
			})
		})
	}
}

// Seen (case 1): the PUT was cut off and every read failed; Konnect showed
// a job of the same window that had completed a day before, which the next
// apply recorded as this window's. It is an earlier replay: reads that
// agree show Konnect never took the window, and the next apply sends it.
func TestAccExactlyOnce_earlierJobOfTheSameWindowIsNotTheOneSent(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Accepted: time.Minute})
	env.needsMock()
	start, end := env.clock.Now().Add(-3*time.Hour).Truncate(time.Second), env.clock.Now().Add(-2*time.Hour).Truncate(time.Second)
	env.mock.SetJob(env.region, env.portal, start, end)
	env.clock.Advance(24 * time.Hour) // it completed a day ago
	config := env.jobConfig(start.Format(time.RFC3339), end.Format(time.RFC3339))
	env.setFaults(
		mockkonnect.Fault{Kind: mockkonnect.FaultDrop, Route: "PUT", First: 1},
		mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", First: 1, Status: 500,
			ContentType: "application/problem+json", Body: `{"status":500,"title":"Internal Server Error"}`})
	env.testInProcess([]resource.TestStep{
		{
			// May not have been sent: a warning, and a record with no status.
			// The plan right after it (Konnect answers again) waits until 5
			// seconds after the send, so that a read cannot lag behind it,
			// and reads the earlier job twice: not the one sent, so the
			// plan sends the window.
			PreConfig:          env.reset,
			Config:             config,
			ConfigStateChecks:  []statecheck.StateCheck{expectAttr("status", knownvalue.Null())},
			ExpectNonEmptyPlan: true,
		},
		{
			PreConfig: env.reset,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("status")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.StringExact("accepted"))},
			Check:             resource.ComposeTestCheckFunc(env.acceptedPuts(1), env.expectPutBody(start.Format(time.RFC3339), end.Format(time.RFC3339))),
		},
		env.recordKept(config, func() {}),
	})
}

// Seen (case 2): the same start, and every read answered a job without its
// times; the next apply recorded it as this window's. Whose job it is,
// nobody can tell: the record stays "may have been sent", and nothing is
// sent.
func TestAccExactlyOnce_jobWithoutTimesSettlesNothing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.otherJob()
	config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC))
	env.setFaults(
		mockkonnect.Fault{Kind: mockkonnect.FaultDrop, Route: "PUT", First: 1},
		mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", First: 1, Status: 500,
			ContentType: "application/problem+json", Body: `{"status":500,"title":"Internal Server Error"}`})
	sparse := mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", Status: 200,
		ContentType: "application/json", Body: fmt.Sprintf(`{"status":"completed","updated_at":%q}`, env.rfc(0, time.UTC))}
	env.testInProcess([]resource.TestStep{
		{PreConfig: env.reset, Config: config, ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.Null())}},
		env.recordKept(config, func() { env.setFaults(sparse) }, expectAttr("status", knownvalue.Null())),
		env.recordKept(config, func() { env.setFaults(sparse) }, expectAttr("status", knownvalue.Null())),
	})
}

// Seen (case 4): a gateway answered 502 after Konnect stored the PUT, the
// first read still showed the older job, and the window was sent a second
// time without a word. One read proves nothing: the second shows it.
func TestAccExactlyOnce_gatewayFaultAfterKonnectTookIt(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Accepted: time.Minute})
	env.needsMock()
	start, end := env.clock.Now().Add(-3*time.Hour).Truncate(time.Second), env.clock.Now().Add(-2*time.Hour).Truncate(time.Second)
	older := env.clock.Now().Add(-48 * time.Hour)
	olderJob := fmt.Sprintf(`{"start_at":%q,"end_at":%q,"status":"completed","updated_at":%q}`,
		older.Format(time.RFC3339), older.Add(time.Hour).Format(time.RFC3339), older.Add(2*time.Hour).Format(time.RFC3339))
	env.setFaults(
		mockkonnect.Fault{Kind: mockkonnect.FaultBadGateway, Route: "PUT"},
		mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", First: 1, Status: 200,
			ContentType: "application/json", Body: olderJob})
	// Konnect stores the window behind the gateway's 502.
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
			Check:             resource.ComposeTestCheckFunc(env.puts(1), env.expectRequests(lines(env.beforePut(), "PUT "+env.jobPath()+" 502", "GET "+env.jobPath()+" 200", "GET "+env.jobPath()+" 200")...)),
		},
		env.recordKept(config, func() { env.mock.SetOnRequest(nil) }),
	})
}

// A window that may have reached Konnect, which reads show it lacks, is
// "may not have been sent" at the end of the apply (a read seconds after a
// request may lag); the next refresh, reading again, settles it, and the
// next apply sends it, once.
func TestAccExactlyOnce_maybeSettledByTheNextRefresh(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	env.settings = []string{"max_retries = 0"}
	config := env.jobConfig(start, end)
	env.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "PUT", Status: 500, ContentType: "application/problem+json",
		Body: `{"status":500,"title":"Internal Server Error","detail":"boom"}`})
	env.testInProcess([]resource.TestStep{
		{
			// The plan right after the apply reads, 5 seconds after the
			// send, that Konnect has no job, twice: it sends the window.
			PreConfig:          env.reset,
			Config:             config,
			ConfigStateChecks:  []statecheck.StateCheck{expectAttr("status", knownvalue.Null())},
			Check:              env.puts(1),
			ExpectNonEmptyPlan: true,
		},
		{
			PreConfig: func() { env.setFaults(); env.reset() },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
			}},
			Check: env.acceptedPuts(1),
		},
		env.recordKept(config, func() {}),
	})
}

// Seen (case 8): two resources of one configuration for the same portal,
// the second with its ID in upper case, both sent the same window in one
// apply; with different windows, every apply sent both again. One job has
// one record: the plan is refused, naming both resources.
func TestAccRecord_oneJobOneRecord(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	two := func(otherID, otherStart, otherRegion string) string {
		return env.providerBlock() + fmt.Sprintf(`
resource "konnect_portal_audit_log_replay_job" "a" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
}

resource "konnect_portal_audit_log_replay_job" "b" {
  portal_id = %q
  region    = %q
  start_at  = %q
  end_at    = %q
}
`, env.portal, start, end, otherID, otherRegion, otherStart, end)
	}
	refused := errorLike("Two Resources Manage One Replay Job", "konnect_portal_audit_log_replay_job.", "both manage the replay job of portal",
		"in region "+env.region, "Keep one resource per job")
	nothingSent := func() {
		if n := env.count("PUT", 202); n != 0 {
			t.Errorf("a refused plan sent %d windows", n)
		}
		env.reset()
	}
	env.testInProcess([]resource.TestStep{
		{PreConfig: env.reset, Config: two(strings.ToUpper(env.portal), start, env.region), PlanOnly: true, ExpectError: refused},
		{PreConfig: nothingSent, Config: two(env.portal, env.rfc(4*time.Hour, time.UTC), env.region), PlanOnly: true, ExpectError: refused},
		// The same portal in another region is another job.
		{PreConfig: nothingSent, Config: two(env.portal, start, "au"), Check: env.acceptedPuts(2)},
	})
}

// The same window spelled another way (+01:00 for Z), or the same portal
// ID in another case, plans nothing: the plan keeps the recorded spelling,
// so that a plan shows only what sends (issue 21).
func TestAccRecord_sameMeaningPlansNothing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	plus1 := time.FixedZone("+01:00", 3600)
	respelled := env.providerBlock() + fmt.Sprintf(`
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
}
`, strings.ToUpper(env.portal), env.rfc(3*time.Hour, plus1), env.rfc(2*time.Hour, plus1))
	env.testInProcess([]resource.TestStep{
		{Config: env.jobConfig(start, end)},
		{
			PreConfig: env.reset,
			Config:    respelled,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("start_at", knownvalue.StringExact(start)),
				expectAttr("portal_id", knownvalue.StringExact(env.portal)),
			},
			Check: env.expectRequests("GET " + env.jobPath() + " 200"),
		},
	})
}
