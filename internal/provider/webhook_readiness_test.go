package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

var (
	webhookDisabled = mockkonnect.Webhook{Enabled: false, Status: "active"}
	webhookInactive = mockkonnect.Webhook{Enabled: true, Status: "inactive", LastResponseCode: 503, LastResponseMessage: "Service Unavailable"}
)

// A disabled webhook stops a create before anything is sent: Konnect would
// replay into nothing. The error names the webhook and how to enable it.
func TestAccWebhookReadiness_disabledStopsCreate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook(env.region, env.portal, webhookDisabled)
	config := env.jobConfig(env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: env.reset,
				Config:    config,
				ExpectError: errorLike("Audit Log Webhook Disabled", "the audit log webhook of portal "+env.portal+" in region "+env.region+" is disabled",
					"replay the window into nothing", "the window was not sent", "konnect_portal_audit_log_webhook", "check_webhook = false"),
			},
			{
				// Nothing was recorded: the next plan still creates.
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				Check:              env.expectRequests(lines(env.classicFound(), env.hookRead())...),
			},
		},
	})
}

// A disabled webhook stops an update too, and the job keeps its window.
func TestAccWebhookReadiness_disabledStopsUpdate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC)
	start2, end2 := env.rfc(time.Hour, time.UTC), env.rfc(time.Minute, time.UTC)
	env.test([]resource.TestStep{
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

// The organization's webhook is checked the same way, and the error points
// at Kong's resource for it.
func TestAccWebhookReadiness_organizationDisabled(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook(env.region, "", webhookDisabled)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: env.reset,
			Config:    env.orgConfig(env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)),
			ExpectError: errorLike("Audit Log Webhook Disabled", "the audit log webhook of the organization in region "+env.region,
				"konnect_audit_log", "check_webhook = false"),
		}},
	})
	if got := env.mock.Requests(); len(got) != 1 || got[0].Path != "/"+env.region+"/v2/audit-log-webhook/status" {
		t.Errorf("requests %+v, want only the read of the organization's webhook status", got)
	}
}

// An inactive webhook does not stop the window: mending the destination is
// often why one replays. (The warning it carries is checked end to end.)
func TestAccWebhookReadiness_inactiveSends(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook(env.region, env.portal, webhookInactive)
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	env.test([]resource.TestStep{{
		PreConfig:         env.reset,
		Config:            env.jobConfig(start, end),
		ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.StringExact("accepted"))},
		Check:             resource.ComposeTestCheckFunc(env.expectRequests(env.created(202)...), env.expectPutBody(start, end)),
	}})
}

// check_webhook = false sends without reading the status, even into a
// disabled webhook; turning it on later sends nothing by itself.
func TestAccWebhookReadiness_checkOff(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook(env.region, env.portal, webhookDisabled)
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	env.test([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end, "check_webhook = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("check_webhook", knownvalue.Bool(false)),
				expectAttr("status", knownvalue.StringExact("accepted")),
			},
			Check: env.expectRequests(lines(env.classicFound(), "PUT "+env.jobPath()+" 202")...),
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

// A token that may not read the webhook's status (403) sends unchecked.
func TestAccWebhookReadiness_statusForbidden(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.setFaults(mockkonnect.Fault{
		Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status", Status: 403,
		ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden","detail":"You do not have permission to perform this action"}`,
	})
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	env.test([]resource.TestStep{{
		PreConfig:         env.reset,
		Config:            env.jobConfig(start, end),
		ConfigStateChecks: []statecheck.StateCheck{expectAttr("status", knownvalue.StringExact("accepted"))},
		Check: env.expectRequests(lines(env.classicFound(),
			"GET "+env.hookPathOf("v2", env.portal)+" 403", "PUT "+env.jobPath()+" 202")...),
	}})
}

// A status read that keeps failing stops the window, and says how to go on.
func TestAccWebhookReadiness_statusUnavailable(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.setFaults(mockkonnect.Fault{Kind: mockkonnect.FaultBadGateway, Route: "GET /v2/portals/*/audit-log-webhook/status"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: env.reset,
			Config:    env.jobConfig(env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC), "api_version = \"v2\""),
			ExpectError: errorLike("Konnect Unavailable", "reads the status of the audit log webhook of portal "+env.portal,
				"the window was not sent", "check_webhook = false", "502"),
		}},
	})
	for _, r := range env.mock.Requests() {
		if r.Method != "GET" {
			t.Errorf("%s %s: nothing may be sent while the webhook cannot be checked", r.Method, r.Path)
		}
	}
}

// A 404 says what it most likely means, by where the portal's API version
// came from: found by this very apply, the 404 is not about the portal;
// recorded in the state, the portal may be gone.
func TestAccWebhookReadiness_notFoundAdvice(t *testing.T) {
	t.Parallel()
	statusNotFound := mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v*/portals/*/audit-log-webhook/status", Status: 404,
		ContentType: "application/problem+json", Body: `{"status":404,"title":"Not Found","detail":"Not found"}`}

	t.Run("found by this apply", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{})
		env.needsMock()
		env.mock.AddNewPortals(env.portal)
		env.setFaults(statusNotFound)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config: env.jobConfig(env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)),
				ExpectError: errorLike("Not Found in Konnect", "the window was not sent", "answered 404 for the audit log webhook status of portal "+env.portal,
					"had just found the portal under /v3", "not about the portal"),
			}},
		})
	})

	t.Run("recorded in the state", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{})
		env.needsMock()
		env.test([]resource.TestStep{
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
