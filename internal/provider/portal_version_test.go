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
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A new Dev Portal needs no api_version: the create finds it once, records
// it, and from then on a plan costs one GET, and saying so in the
// configuration changes nothing. (That an import finds it again, with the
// CLI, TestAccAnswersInTurn shows.)
func TestAccPortalVersion_newDevPortalFound(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.AddNewPortals(env.portal)
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	job := env.jobPathOf("v3", env.portal)
	// The new Dev Portal's API answers 200, the classic one 404.
	foundByHook := []string{"GET " + env.hookPathOf("v3", env.portal) + " 200", "GET " + env.hookPathOf("v2", env.portal) + " 404"}
	foundByJob := []string{"GET " + job + " 200", "GET " + env.jobPathOf("v2", env.portal) + " 404"}
	config := env.jobConfig(start, end)

	env.testInProcess([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("api_version")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("api_version", knownvalue.StringExact("v3")),
				expectAttr("status", knownvalue.StringExact("accepted")),
				expectAttr("id", knownvalue.StringExact(env.region+"/"+env.portal)),
			},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests(lines(foundByHook, "PUT "+job+" 202")...),
				env.expectPutBody(start, end),
			),
		},
		{
			// One GET per plan: the version is never asked again.
			PreConfig:        env.reset,
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            env.expectRequests("GET " + job + " 200"),
		},
		{
			PreConfig:        env.reset,
			Config:           env.jobConfig(start, end, `api_version = "v3"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            env.expectRequests("GET " + job + " 200"),
		},
		{
			// Saying it is another API, which does not know the portal, is
			// a slip: replacing would only lose the job from the state.
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end, `api_version = "v2"`),
			PlanOnly:  true,
			ExpectError: errorLike("Portal Not Known to That API", `api_version changes from "v3" to "v2"`,
				"/v2 API does not know portal "+env.portal, "not a classic Dev Portal", "a new Dev Portal", `api_version = "v3"`, "or leave it unset"),
		},
		{
			// The job is still in the state, and the configuration without
			// the slip plans nothing.
			PreConfig:        env.reset,
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            env.expectRequests("GET " + job + " 200"),
		},
		{
			// Should the other API know the portal too, saying so replaces
			// the job there.
			PreConfig: func() {
				env.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*", Status: 200,
					ContentType: "application/json", Body: `{"id":"` + env.portal + `"}`})
				env.reset()
			},
			Config:   env.jobConfig(start, end, `api_version = "v2"`),
			PlanOnly: true, ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionReplace),
			}},
		},
		{
			PreConfig: func() { env.setFaults(); env.reset() },
			Config: config + fmt.Sprintf(`
data "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
}
`, env.portal),
			ConfigStateChecks: []statecheck.StateCheck{
				expectData("api_version", knownvalue.StringExact("v3")),
				expectData("status", knownvalue.StringExact("completed")),
				statecheck.CompareValuePairs(resourceAddr, tfjsonpath.New("start_at"), dataAddr, tfjsonpath.New("start_at"), sameInstantComparer{}),
			},
			// The data source may read while the resource is refreshed.
			Check: env.expectRequestsAnyOrder(lines("GET "+job+" 200", foundByJob)...),
		},
	})
}

// A portal ID known only at apply, as konnect_portal.main.id from Kong's
// provider is on the first apply, is found then.
func TestAccPortalVersion_portalIDKnownAfterApply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.AddNewPortals(env.portal)
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	config := env.providerBlock() + fmt.Sprintf(`
resource "terraform_data" "portal" {
  input = %q
}

resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = terraform_data.portal.output
  start_at  = %q
  end_at    = %q
}
`, env.portal, start, end)
	env.test([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("portal_id")),
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("api_version")),
				plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("id")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("api_version", knownvalue.StringExact("v3")),
				expectAttr("portal_id", knownvalue.StringExact(env.portal)),
			},
			Check: env.expectRequests(
				"GET "+env.hookPathOf("v3", env.portal)+" 200",
				"GET "+env.hookPathOf("v2", env.portal)+" 404",
				"PUT "+env.jobPathOf("v3", env.portal)+" 202"),
		},
		{
			PreConfig:        env.reset,
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            env.expectRequests("GET " + env.jobPathOf("v3", env.portal) + " 200"),
		},
	})
}

// A token that may manage a portal's audit logs but read neither the portal
// nor its webhook's status still finds its API, by the portal's replay job,
// on create (which sends, warning that the webhook was not checked) and on
// import.
func TestAccPortalVersion_portalsForbidden(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.AddNewPortals(env.portal)
	forbidden := func(route string) mockkonnect.Fault {
		return mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: route, Status: 403,
			ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden","detail":"no portal access"}`}
	}
	env.setFaults(forbidden("GET /v*/portals/*"), forbidden("GET /v*/portals/*/audit-log-webhook/status"))
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	job := env.jobPathOf("v3", env.portal)
	env.test([]resource.TestStep{
		{
			PreConfig:         env.reset,
			Config:            env.jobConfig(start, end),
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("api_version", knownvalue.StringExact("v3"))},
			Check: env.expectRequests(lines(env.hookPathOfBoth(403),
				"GET /"+env.region+"/v3/portals/"+env.portal+" 403", "GET /"+env.region+"/v2/portals/"+env.portal+" 403",
				"GET "+job+" 200", "GET "+env.jobPathOf("v2", env.portal)+" 404", "PUT "+job+" 202")...),
		},
		{
			PreConfig:               env.reset,
			ResourceName:            resourceAddr,
			ImportState:             true,
			ImportStateId:           env.region + "/" + env.portal,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"status", "updated_at"},
		},
	})
}

// A create finds the portal's API when api_version is unset, and trusts it
// when set, through the protocol: a classic portal is found after the new
// API's 404 and its job lives under /v2; the wrong version set meets
// Konnect's 404, and the error names the other API; a portal neither API
// knows stops the create before anything else. Nothing that fails is
// recorded.
func TestPortalVersion(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		opts      mockkonnect.Options
		newPortal bool
		config    cfg
		// err are words of the one error, its summary (and attribute) first;
		// none means the window is sent and recorded with version.
		err      []string
		version  string
		requests func(h *harness) []string
	}{
		{name: "a classic portal is found after the new API's 404", version: "v2",
			requests: func(h *harness) []string { return lines(h.beforePut(), "PUT "+h.jobPath()+" 202") }},
		{name: "a new Dev Portal forced to v2", newPortal: true, config: cfg{"api_version": "v2"},
			err: []string{"Not Found in Konnect", "the window was not sent", "no portal", "not a classic Dev Portal; if it is a new Dev Portal, set",
				`api_version = "v3"`, "or leave it unset"},
			requests: func(h *harness) []string { return []string{"GET " + h.hookPathOf("v2", h.portal) + " 404"} }},
		{name: "a classic portal forced to v3", config: cfg{"api_version": "v3"},
			err:      []string{"Not Found in Konnect", "not a new Dev Portal; if it is a classic Dev Portal, set", `api_version = "v2"`, "or leave it unset"},
			requests: func(h *harness) []string { return []string{"GET " + h.hookPathOf("v3", h.portal) + " 404"} }},
		{name: "a new Dev Portal forced to v2, unchecked", newPortal: true, config: cfg{"api_version": "v2", "check_webhook": false},
			err:      []string{"Not Found in Konnect", "not a classic Dev Portal; if it is a new Dev Portal, set", `api_version = "v3"`},
			requests: func(h *harness) []string { return []string{"PUT " + h.jobPathOf("v2", h.portal) + " 404"} }},
		{name: "a portal neither API knows", opts: mockkonnect.Options{Portals: []string{}},
			err: []string{"Portal Not Found at portal_id", "no portal " + testPortal + " in region eu",
				"neither the new Dev Portal API", "/v3/portals/" + testPortal, "nor the classic one", "/v2/portals/" + testPortal},
			requests: func(h *harness) []string {
				// Neither webhook status answers 200, so the portals are read.
				return lines(h.hookPathOfBoth(404), "GET /eu/v3/portals/"+h.portal+" 404", "GET /eu/v2/portals/"+h.portal+" 404")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, tc.opts, nil)
			if tc.newPortal {
				h.mock.AddNewPortals(h.portal)
			}
			got := h.create("konnect_portal_audit_log_replay_job",
				merged(cfg{"portal_id": h.portal, "start_at": h.rfc(2 * time.Hour), "end_at": h.rfc(time.Hour)}, tc.config))
			if tc.err != nil {
				expectDiags(t, got.diags, []string{"error: " + tc.err[0]}, tc.err[1:]...)
				if got.state != nil {
					t.Errorf("the state records %v; nothing was sent, so nothing may be recorded", got.state)
				}
			} else {
				expectDiags(t, got.diags, nil)
				if v := stringAttr(got.state, "api_version"); v != tc.version {
					t.Errorf("api_version = %s, want %s", v, tc.version)
				}
			}
			if want := tc.requests(h); !slices.Equal(h.requests(), want) {
				t.Errorf("the mock received:\n  %s\nwant:\n  %s", strings.Join(h.requests(), "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}
