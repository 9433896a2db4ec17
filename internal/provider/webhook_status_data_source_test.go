package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

const (
	portalHookAddr = "data.konnect_portal_audit_log_webhook_status.test"
	orgHookAddr    = "data.konnect_audit_log_webhook_status.test"
)

func (e *testEnv) portalHookConfig(extra ...string) string {
	return e.providerBlock() + fmt.Sprintf(`
data "konnect_portal_audit_log_webhook_status" "test" {
  portal_id = %q
  %s
}
`, e.portal, strings.Join(extra, "\n  "))
}

func expectHook(addr, name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), v)
}

// A webhook that was never tried reads as enabled and active with nothing
// about a last attempt, for a classic portal found without api_version.
func TestAccWebhookStatusDataSource_portalDefault(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.test([]resource.TestStep{{
		PreConfig: env.reset,
		Config:    env.portalHookConfig(),
		ConfigStateChecks: []statecheck.StateCheck{
			expectHook(portalHookAddr, "portal_id", knownvalue.StringExact(env.portal)),
			expectHook(portalHookAddr, "region", knownvalue.StringExact(env.region)),
			expectHook(portalHookAddr, "api_version", knownvalue.StringExact("v2")),
			expectHook(portalHookAddr, "webhook_enabled", knownvalue.Bool(true)),
			expectHook(portalHookAddr, "webhook_status", knownvalue.StringExact("active")),
			expectHook(portalHookAddr, "last_attempt_at", knownvalue.Null()),
			expectHook(portalHookAddr, "last_response_code", knownvalue.Null()),
			expectHook(portalHookAddr, "last_response_message", knownvalue.Null()),
		},
		Check: env.expectRequests(lines(env.classicFound(), env.hookRead())...),
	}})
}

// Everything Konnect reports of a failing webhook reaches the data source
// as it is: a new Dev Portal's, found once per read.
func TestAccWebhookStatusDataSource_newPortalInactive(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.AddNewPortals(env.portal)
	attempt := env.clock.Now().Add(-90 * time.Minute).Truncate(time.Millisecond)
	env.mock.SetWebhook(env.region, env.portal, mockkonnect.Webhook{
		Enabled: true, Status: "inactive", LastAttemptAt: attempt, LastResponseCode: 401, LastResponseMessage: "Unauthorized: bad signature",
	})
	env.test([]resource.TestStep{{
		PreConfig: env.reset,
		Config:    env.portalHookConfig(),
		ConfigStateChecks: []statecheck.StateCheck{
			expectHook(portalHookAddr, "api_version", knownvalue.StringExact("v3")),
			expectHook(portalHookAddr, "webhook_enabled", knownvalue.Bool(true)),
			expectHook(portalHookAddr, "webhook_status", knownvalue.StringExact("inactive")),
			expectHook(portalHookAddr, "last_attempt_at", knownvalue.StringExact(attempt.UTC().Format(time.RFC3339Nano))),
			expectHook(portalHookAddr, "last_response_code", knownvalue.Int64Exact(401)),
			expectHook(portalHookAddr, "last_response_message", knownvalue.StringExact("Unauthorized: bad signature")),
		},
		Check: env.expectRequests(
			"GET /"+env.region+"/v3/portals/"+env.portal+" 200",
			"GET "+env.hookPathOf("v3", env.portal)+" 200"),
	}})
}

// A configured api_version saves the reads that find it.
func TestAccWebhookStatusDataSource_versionConfigured(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook("", env.portal, webhookDisabled)
	env.test([]resource.TestStep{{
		PreConfig: env.reset,
		Config:    env.portalHookConfig(`api_version = "v2"`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectHook(portalHookAddr, "webhook_enabled", knownvalue.Bool(false)),
			expectHook(portalHookAddr, "api_version", knownvalue.StringExact("v2")),
		},
		Check: env.expectRequests(env.hookRead()),
	}})
}

// The organization's webhook, in a region of its own.
func TestAccWebhookStatusDataSource_organization(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook("au", "", mockkonnect.Webhook{Enabled: true, Status: "active", LastResponseCode: 200, LastResponseMessage: "OK"})
	env.test([]resource.TestStep{{
		PreConfig: env.reset,
		Config: env.providerBlock() + `
data "konnect_audit_log_webhook_status" "test" {
  region = "au"
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			expectHook(orgHookAddr, "region", knownvalue.StringExact("au")),
			expectHook(orgHookAddr, "webhook_enabled", knownvalue.Bool(true)),
			expectHook(orgHookAddr, "webhook_status", knownvalue.StringExact("active")),
			expectHook(orgHookAddr, "last_response_code", knownvalue.Int64Exact(200)),
			expectHook(orgHookAddr, "last_response_message", knownvalue.StringExact("OK")),
			expectHook(orgHookAddr, "last_attempt_at", knownvalue.Null()),
		},
		Check: env.expectRequests("GET /au/v2/audit-log-webhook/status 200"),
	}})
}

// Errors name the webhook and what Konnect said.
func TestAccWebhookStatusDataSource_errors(t *testing.T) {
	t.Parallel()
	t.Run("unknown portal", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{Portals: []string{}})
		env.needsMock()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config:      env.portalHookConfig(),
				ExpectError: errorLike("Portal Not Found", "no portal "+env.portal+" in region "+env.region),
			}},
		})
	})
	t.Run("forbidden", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, mockkonnect.Options{})
		env.needsMock()
		env.setFaults(mockkonnect.Fault{
			Kind: mockkonnect.FaultRespond, Route: "GET /v2/audit-log-webhook/status", Status: 403,
			ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden","detail":"no audit log access"}`,
		})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config: env.providerBlock() + "data \"konnect_audit_log_webhook_status\" \"test\" {}\n",
				ExpectError: errorLike("Not Allowed by Konnect", "audit log webhook status of the organization in region "+env.region,
					"Konnect said: no audit log access"),
			}},
		})
	})
}
