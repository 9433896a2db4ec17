package provider

import (
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

// The webhook's status decides whether a create sends, through the protocol:
// a disabled webhook, or a status that cannot be read, stops the window
// before anything is sent and leaves nothing in the state; an inactive one,
// or a token that may not read the status, sends. Each error names the
// webhook and how to go on.
func TestWebhookReadiness(t *testing.T) {
	t.Parallel()
	statusNotFound := mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v*/portals/*/audit-log-webhook/status", Status: 404,
		ContentType: "application/problem+json", Body: `{"status":404,"title":"Not Found","detail":"Not found"}`}
	org := "konnect_audit_log_replay_job"
	cases := []struct {
		name     string
		setup    func(h *harness)
		typeName string // the portal's job when empty
		config   cfg
		// want are the diagnostics, as expectDiags has them, and words of
		// their text, in order.
		want  []string
		words []string
		// sent is whether the window went: then the state records it.
		sent bool
		// putRefused: the webhook was ready, and Konnect refused the PUT.
		putRefused bool
		// anyOrder: the reads of the portals, which fall back from the
		// webhook's status, and the one that asks again after, may be
		// logged in any order.
		anyOrder bool
		requests func(h *harness) []string
	}{
		{name: "disabled stops a create", setup: func(h *harness) { h.mock.SetWebhook(h.region, h.portal, webhookDisabled) },
			want: []string{"error: Audit Log Webhook Disabled"},
			words: []string{"the audit log webhook of portal " + testPortal + " in region eu is disabled", "replay the window into nothing",
				"the window was not sent", "konnect_portal_audit_log_webhook", "check_webhook = false"},
			requests: func(h *harness) []string { return h.hookFound() }},
		{name: "the organization's, disabled, stops its create", typeName: org,
			setup: func(h *harness) { h.mock.SetWebhook(h.region, "", webhookDisabled) },
			want:  []string{"error: Audit Log Webhook Disabled"},
			words: []string{"the audit log webhook of the organization in region eu", "konnect_audit_log", "check_webhook = false"},
			requests: func(h *harness) []string {
				return []string{"GET /" + h.region + "/v2/audit-log-webhook/status 200"}
			}},
		{name: "inactive sends, with a warning", setup: func(h *harness) { h.mock.SetWebhook(h.region, h.portal, webhookInactive) },
			want: []string{"warning: Audit Log Webhook Inactive"}, words: []string{"is inactive", "The window was sent anyway"}, sent: true,
			requests: func(h *harness) []string { return lines(h.beforePut(), "PUT "+h.jobPath()+" 202") }},
		{name: "a status the token may not read sends unchecked",
			setup: func(h *harness) {
				must(t, h.mock.SetFaults(mockkonnect.Fault{
					Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status", Status: 403,
					ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden","detail":"You do not have permission to perform this action"}`,
				}))
			},
			want: []string{"warning: Audit Log Webhook Not Checked"}, sent: true,
			requests: func(h *harness) []string {
				// The status does not say which API knows the portal; the
				// portals do, and the 403 already read stands for the check.
				return lines("GET "+h.hookPathOf("v3", h.portal)+" 404", "GET "+h.hookPathOf("v2", h.portal)+" 403", h.classicFound(), "PUT "+h.jobPath()+" 202")
			}},
		{name: "a 403 that is not Konnect's sends unchecked, and says so",
			setup: func(h *harness) {
				must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status", Status: 403,
					ContentType: "text/html", Body: `<html><body>Request blocked by the firewall</body></html>`}))
			},
			want: []string{"warning: Audit Log Webhook Not Checked"}, sent: true,
			words: []string{"refused with 403, and not by Konnect", "a proxy or firewall", "check_webhook = false", "Request blocked by the firewall"}},
		{name: "a status that says nothing (null) sends unchecked, and says so", config: cfg{"api_version": "v2"},
			setup: func(h *harness) {
				must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status", Status: 200,
					ContentType: "application/json", Body: `null`}))
			},
			want: []string{"warning: Audit Log Webhook Not Checked"}, sent: true,
			words: []string{"says nothing of it", "neither webhook_enabled nor webhook_status", "check_webhook = false"}},
		{name: "a status that says nothing ({}) finds the portal's API, and warns",
			setup: func(h *harness) {
				must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status", Status: 200,
					ContentType: "application/json", Body: `{}`}))
			},
			want: []string{"warning: Audit Log Webhook Not Checked"}, sent: true, words: []string{"says nothing of it"},
			requests: func(h *harness) []string { return lines(h.beforePut(), "PUT "+h.jobPath()+" 202") }},
		{name: "a status that cannot be read stops the window", config: cfg{"api_version": "v2"},
			setup: func(h *harness) {
				must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultBadGateway, Route: "GET /v2/portals/*/audit-log-webhook/status"}))
			},
			want:  []string{"error: Konnect Unavailable"},
			words: []string{"reads the status of the audit log webhook of portal " + testPortal, "the window was not sent", "check_webhook = false", "502"}},
		{name: "a portal whose webhook status answers 404 most likely has no webhook",
			setup: func(h *harness) { h.mock.AddNewPortals(h.portal); must(t, h.mock.SetFaults(statusNotFound)) },
			want:  []string{"error: Not Found in Konnect"}, anyOrder: true,
			words: []string{"the window was not sent", "answered 404 for the audit log webhook status of portal " + testPortal,
				"knows the portal under /v3 (asked again just after)", "no audit log webhook", "konnect_portal_audit_log_webhook", "check_webhook = false"},
			requests: func(h *harness) []string {
				v3 := "GET /" + h.region + "/v3/portals/" + h.portal
				return []string{"GET " + h.hookPathOf("v3", h.portal) + " 404", "GET " + h.hookPathOf("v2", h.portal) + " 404",
					v3 + " 200", "GET /" + h.region + "/v2/portals/" + h.portal + " 404", v3 + " 200"}
			}},
		{name: "a PUT's 404 just after the portal was found is not about the portal",
			setup: func(h *harness) {
				h.mock.AddNewPortals(h.portal)
				must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "PUT /v3/portals/*/audit-log-replay-job", Status: 404,
					ContentType: "application/problem+json", Body: `{"status":404,"title":"Not Found","detail":"Not found"}`}))
			},
			want: []string{"error: Not Found in Konnect"}, putRefused: true,
			words: []string{"answered 404 for the replay job of portal " + testPortal, "knows the portal under /v3 (asked again just after)",
				"not about the portal"},
			requests: func(h *harness) []string {
				return []string{"GET " + h.hookPathOf("v3", h.portal) + " 200", "GET " + h.hookPathOf("v2", h.portal) + " 404",
					"PUT " + h.jobPathOf("v3", h.portal) + " 404", "GET /" + h.region + "/v3/portals/" + h.portal + " 200"}
			}},
		{name: "a portal deleted between the lookup and the PUT is not found",
			setup: func(h *harness) {
				h.mock.AddNewPortals(h.portal)
				h.mock.SetOnRequest(func(r mockkonnect.Request) {
					if r.Method == "GET" && strings.HasSuffix(r.Path, "/v3/portals/"+h.portal+"/audit-log-webhook/status") {
						h.mock.RemovePortal(h.portal)
					}
				})
			},
			want: []string{"error: Portal Not Found at portal_id"}, putRefused: true,
			words: []string{"answered 404 for the replay job of portal " + testPortal, "and then 404 for the portal itself", "deleted after the provider found it", "Nothing was sent"},
			requests: func(h *harness) []string {
				return []string{"GET " + h.hookPathOf("v3", h.portal) + " 200", "GET " + h.hookPathOf("v2", h.portal) + " 404",
					"PUT " + h.jobPathOf("v3", h.portal) + " 404", "GET /" + h.region + "/v3/portals/" + h.portal + " 404"}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
			tc.setup(h)
			typeName, config := tc.typeName, merged(cfg{"start_at": h.rfc(2 * time.Hour), "end_at": h.rfc(time.Hour)}, tc.config)
			if typeName == "" {
				typeName, config["portal_id"] = "konnect_portal_audit_log_replay_job", h.portal
			}
			got := h.create(typeName, config)
			expectDiags(t, got.diags, tc.want, tc.words...)
			switch status := stringAttr(got.state, "status"); {
			case tc.sent && status != "accepted":
				t.Errorf("status = %s, want the window recorded as accepted", status)
			case !tc.sent && got.state != nil:
				t.Errorf("the state records %v; nothing was sent, so nothing may be recorded", got.state)
			}
			if tc.requests != nil {
				reqs, want := h.requests(), tc.requests(h)
				if tc.anyOrder {
					reqs, want = slices.Sorted(slices.Values(reqs)), slices.Sorted(slices.Values(want))
				}
				if !slices.Equal(reqs, want) {
					t.Errorf("the mock received:\n  %s\nwant:\n  %s", strings.Join(reqs, "\n  "), strings.Join(tc.requests(h), "\n  "))
				}
			}
			for _, r := range h.mock.Requests() {
				if r.Method != "GET" && !tc.sent && !tc.putRefused {
					t.Errorf("%s %s: nothing may be sent while the webhook is not ready", r.Method, r.Path)
				}
			}
		})
	}
}

var (
	webhookDisabled = mockkonnect.Webhook{Enabled: false, Status: "active"}
	webhookInactive = mockkonnect.Webhook{Enabled: true, Status: "inactive", LastResponseCode: 503, LastResponseMessage: "Service Unavailable"}
)

// A disabled webhook stops an update too, and the job keeps its window.
func TestAccWebhookReadiness_disabledStopsUpdate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	start2, end2 := env.rfc(time.Hour, time.UTC), env.rfc(time.Minute, time.UTC)
	env.testInProcess([]resource.TestStep{
		{Config: env.jobConfig(start, end)},
		{
			PreConfig: func() {
				env.mock.SetWebhook(env.region, env.portal, webhookDisabled)
				env.reset()
			},
			Config:      env.jobConfig(start2, end2),
			ExpectError: errorLike("Audit Log Webhook Disabled", "the window was not sent"),
		},
		{
			Config: env.jobConfig(start2, end2),
			Check:  env.expectRequests("GET "+env.jobPath()+" 200", env.hookRead()),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("start_at"), knownvalue.StringExact(start2)),
			}},
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
	})
}

// check_webhook = false sends without reading the status, even into a
// disabled webhook; turning it on later sends nothing by itself.
func TestAccWebhookReadiness_checkOff(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook(env.region, env.portal, webhookDisabled)
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	env.testInProcess([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end, "check_webhook = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("check_webhook", knownvalue.Bool(false)),
				expectAttr("status", knownvalue.StringExact("accepted")),
			},
			Check: env.expectRequests(lines(env.jobFound(), "PUT "+env.jobPath()+" 202")...),
		},
		{
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("status"), knownvalue.StringExact("completed")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("check_webhook", knownvalue.Bool(true))},
			Check:             env.expectRequests("GET " + env.jobPath() + " 200"),
		},
	})
}

// A 404 says what it most likely means, by where the portal's API version
// came from: recorded in the state, the portal may be gone. (Found by this
// very apply, the 404 is not about the portal: TestWebhookReadiness.)
func TestAccWebhookReadiness_notFoundAdvice(t *testing.T) {
	t.Parallel()
	statusNotFound := mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v*/portals/*/audit-log-webhook/status", Status: 404,
		ContentType: "application/problem+json", Body: `{"status":404,"title":"Not Found","detail":"Not found"}`}

	t.Run("recorded in the state", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{})
		env.needsMock()
		env.testInProcess([]resource.TestStep{
			{Config: env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC))},
			{
				PreConfig: func() { env.setFaults(statusNotFound) },
				Config:    env.jobConfig(env.rfc(time.Hour, time.UTC), env.rfc(time.Minute, time.UTC)),
				ExpectError: errorLike("Not Found in Konnect", "found no portal "+env.portal, "may have been deleted",
					`records that Konnect's /v2 API knew it (api_version = "v2")`, `set api_version = "v3"`),
			},
			{PreConfig: func() { env.setFaults() }, Config: env.jobConfig(env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC))},
		})
	})
}
