package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Thirty jobs whose every first request fails (a dropped PUT, a rate-limited
// GET) all land in the state, each from exactly one accepted PUT: the
// dropped PUT may have arrived, so it is not repeated before a read shows
// that Konnect lacks the window.
func TestAccFaults_everyFirstRequestFails(t *testing.T) {
	t.Parallel()
	const n = 30
	portals := make([]string, n)
	for i := range portals {
		portals[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
	}
	env := newTestEnv(t, mockkonnect.Options{Portals: portals})
	env.needsMock()
	faults := []mockkonnect.Fault{
		{Kind: mockkonnect.FaultDrop, Route: "PUT", First: 1},
		{Kind: mockkonnect.FaultRateLimited, Route: "GET", First: 1, RetryAfter: "0"},
	}
	env.setFaults(faults...)
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	config := env.providerBlock() + fmt.Sprintf(`
locals {
  portals = [%s]
}
resource "konnect_portal_audit_log_replay_job" "many" {
  count     = length(local.portals)
  portal_id = local.portals[count.index]
  start_at  = %q
  end_at    = %q
}
`, `"`+strings.Join(portals, `", "`)+`"`, start, end)

	var stateChecks []statecheck.StateCheck
	for i, p := range portals {
		addr := fmt.Sprintf("konnect_portal_audit_log_replay_job.many[%d]", i)
		stateChecks = append(stateChecks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("portal_id"), knownvalue.StringExact(p)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("accepted")))
	}
	onePutEach := func(*terraform.State) error {
		accepted, dropped := map[string]int{}, map[string]int{}
		for _, r := range env.mock.Requests() {
			switch {
			case r.Method == "PUT" && r.Status == 202 && r.Fault == "":
				accepted[r.PortalID]++
			case r.Method == "PUT" && r.Fault == mockkonnect.FaultDrop:
				dropped[r.PortalID]++
			}
		}
		for _, p := range portals {
			if accepted[p] != 1 || dropped[p] != 1 {
				return fmt.Errorf("portal %s: %d accepted PUTs and %d dropped ones, want 1 and 1", p, accepted[p], dropped[p])
			}
		}
		return nil
	}
	env.test([]resource.TestStep{
		{Config: config, ConfigStateChecks: stateChecks, Check: onePutEach},
		// The refresh's GETs are rate-limited first too; the plan is still empty.
		{PreConfig: func() { env.reset(); env.setFaults(faults...) }, Config: config, PlanOnly: true, Check: func(*terraform.State) error {
			limited := 0
			for _, r := range env.mock.Requests() {
				if r.Method != "GET" {
					return fmt.Errorf("a no-op plan sent %s %s", r.Method, r.Path)
				}
				if r.Status == 429 {
					limited++
				}
			}
			if limited != n {
				return fmt.Errorf("%d GETs were rate-limited, want one per job (%d)", limited, n)
			}
			return nil
		}},
	})
}

// A PUT that Konnect accepts but answers with broken JSON is recorded, its
// status read back; when Konnect cannot be read at all, the job is still
// recorded, with no status, and the next refresh reads it.
func TestAccFaults_unreadablePutAnswer(t *testing.T) {
	t.Parallel()
	t.Run("status read back", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{Accepted: time.Minute})
		env.needsMock()
		if err := env.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultTruncate, Route: "PUT"}); err != nil {
			t.Fatal(err)
		}
		config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC))
		env.testInProcess([]resource.TestStep{
			{
				PreConfig: env.reset, Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
				},
				Check: env.expectRequests(lines(env.beforePut(), "PUT "+env.jobPath()+" 202", "GET "+env.jobPath()+" 200")...),
			},
			{Config: config, PlanOnly: true},
		})
	})
	t.Run("nothing readable", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{})
		env.needsMock()
		env.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultTruncate, Route: "/v2/portals/*/audit-log-replay-job"})
		// The job is unreadable until the apply has read it once.
		env.mock.SetOnRequest(func(r mockkonnect.Request) {
			if r.Method == "GET" && r.Path == env.jobPath() {
				env.setFaults()
				env.mock.SetOnRequest(nil)
			}
		})
		config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC))
		env.testInProcess([]resource.TestStep{
			{
				// The window may have been sent: recorded, not tainted, with
				// an unknown status and a warning.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("status"), knownvalue.Null()),
				},
				Check: env.expectRequests(lines(env.beforePut(), "PUT "+env.jobPath()+" 202", "GET "+env.jobPath()+" 200")...),
			},
			{
				// Konnect has it: the refresh settles the status, and the
				// window is not sent again.
				PreConfig: env.reset,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
				},
				Check: env.expectRequests("GET " + env.jobPath() + " 200"),
			},
		})
	})
}

// A wait whose reads keep failing after Konnect accepted the window keeps
// the job in the state, untainted, with the status the PUT reported: the
// create ends with a warning, and the next plan sends nothing.
func TestAccFaults_waitFailsAfterAccept(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Running: time.Hour})
	env.needsMock()
	env.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultBadGateway, Route: "GET /v2/portals/*/audit-log-replay-job"})
	// Reads mend once the wait has timed out.
	deadline := env.clock.Now().Add(2 * time.Minute)
	env.mock.SetOnRequest(func(mockkonnect.Request) {
		if !env.clock.Now().Before(deadline) {
			env.setFaults()
		}
	})
	config := env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC), "wait_for_completion = true", `timeouts { create = "2m" }`)
	env.testInProcess([]resource.TestStep{
		// Failed reads are waited out, until the timeout.
		{PreConfig: env.reset, Config: config, ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.StringExact("accepted"))},
			Check: env.puts(1)},
		env.recordKept(config, func() { env.mock.SetOnRequest(nil) }),
	})
}

// Answers that leave out the times, or carry Kong's zero time, neither fail
// nor make a diff.
func TestAccFaults_sparseAnswers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	config := env.jobConfig(start, end)
	zero := `{"status":"unconfigured","start_at":"0001-01-01T00:00:0Z","end_at":"0001-01-01T00:00:0Z","updated_at":"0001-01-01T00:00:0Z"}`
	dsConfig := env.providerBlock() + fmt.Sprintf("data \"konnect_portal_audit_log_replay_job\" \"test\" {\n  portal_id = %q\n}\n", env.portal)
	env.testInProcess([]resource.TestStep{
		{Config: config},
		{
			PreConfig: func() {
				_ = env.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", Status: 200,
					ContentType: "application/json", Body: `{"status":"completed"}`})
			},
			Config: config, PlanOnly: true,
		},
		{
			PreConfig: func() {
				_ = env.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", Status: 200,
					ContentType: "application/json", Body: zero})
			},
			Config: dsConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.konnect_portal_audit_log_replay_job.test", tfjsonpath.New("status"), knownvalue.StringExact("unconfigured")),
				statecheck.ExpectKnownValue("data.konnect_portal_audit_log_replay_job.test", tfjsonpath.New("start_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.konnect_portal_audit_log_replay_job.test", tfjsonpath.New("updated_at"), knownvalue.Null()),
			},
		},
	})
}

// request_timeout bounds each attempt: an answer slower than it is given
// up, Konnect is asked whether it took the window (it did not: the delay
// came before it), and the window is sent again, once, with a warning.
func TestAccFaults_requestTimeoutRetries(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	if err := env.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultLatency, Route: "PUT", First: 1, Delay: time.Minute}); err != nil {
		t.Fatal(err)
	}
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	env.settings = []string{`request_timeout = "1s"`}
	config := env.jobConfig(start, end)
	env.testInProcess([]resource.TestStep{{
		PreConfig: env.reset,
		Config:    config,
		Check: func(*terraform.State) error {
			var got []string
			for _, r := range env.mock.Requests() {
				got = append(got, fmt.Sprintf("%s %d %s", r.Method, r.Status, r.Fault))
			}
			// Two reads, a poll interval apart, agree before it is sent again.
			// The mock logs the timed-out PUT once it notices the client gone,
			// which may come after the first read: compare without order.
			want := []string{"GET 404 ", "GET 200 ", "PUT 0 latency", "GET 200 ", "GET 200 ", "PUT 202 "}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				return fmt.Errorf("the mock saw %q, want %q: a timed-out attempt, two reads, then one accepted", got, want)
			}
			return nil
		},
	}})
}

// A PUT answered 409 because Konnect already runs the very window sent (an
// earlier attempt or apply was taken, its answer lost) records that job
// instead of failing or sending it again; a 409 for another window still fails.
func TestAccFaults_retriedPutFindsItsOwnJob(t *testing.T) {
	t.Parallel()
	for _, same := range []bool{true, false} {
		t.Run(fmt.Sprintf("same window %v", same), func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mockkonnect.Options{Running: time.Hour})
			env.needsMock()
			start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
			s, _ := time.Parse(time.RFC3339, start)
			e, _ := time.Parse(time.RFC3339, end)
			if !same {
				s = s.Add(-time.Minute)
			}
			env.mock.SetJob(env.region, env.portal, s, e)
			if err := env.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, Route: "PUT", First: 1}); err != nil {
				t.Fatal(err)
			}
			step := resource.TestStep{PreConfig: env.reset, Config: env.jobConfig(start, end)}
			if same {
				step.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("status"), knownvalue.StringExact("running")),
				}
				step.Check = env.expectRequests(lines(env.beforePut(), "PUT "+env.jobPath()+" 503", "PUT "+env.jobPath()+" 409", "GET "+env.jobPath()+" 200")...)
				env.testInProcess([]resource.TestStep{step})
				return
			}
			step.ExpectError = errorLike("Replay Job Already Running")
			env.testInProcess([]resource.TestStep{step})
		})
	}
}
