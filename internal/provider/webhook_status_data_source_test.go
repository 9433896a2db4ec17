package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
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

// echoingWebhook is a fault that answers a webhook status whose last
// response echoes token twice: every character a JSON \u escape, and as an
// Authorization header in base64. The mock's own answer cannot carry the
// escapes (encoding/json writes letters as they are), so the fault sends
// the body raw.
func echoingWebhook(token string) mockkonnect.Fault {
	var esc strings.Builder
	for _, r := range token {
		fmt.Fprintf(&esc, `\u%04x`, r)
	}
	basic := base64.StdEncoding.EncodeToString([]byte("Bearer " + token))
	return mockkonnect.Fault{
		Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status", Status: 200, ContentType: "application/json",
		Body: `{"webhook_enabled":true,"webhook_status":"inactive","last_response_code":401,` +
			`"last_response_message":"rejected ` + esc.String() + ` (Authorization: ` + basic + `)"}`,
	}
}

// echoedMasked is echoingWebhook's last response as the provider shows it.
const echoedMasked = "rejected *** (Authorization: ***)"

// A webhook whose destination echoed the token, escaped or encoded, shows
// it masked in the data source's state and in an output of it, and the
// token is nowhere in the state.
func TestAccWebhookStatusDataSource_tokenMasked(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.setFaults(echoingWebhook(env.token))
	env.test([]resource.TestStep{{
		PreConfig: env.reset,
		Config: env.portalHookConfig() + `
output "message" {
  value = data.konnect_portal_audit_log_webhook_status.test.last_response_message
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			expectHook(portalHookAddr, "webhook_status", knownvalue.StringExact("inactive")),
			expectHook(portalHookAddr, "last_response_message", knownvalue.StringExact(echoedMasked)),
			statecheck.ExpectKnownOutputValue("message", knownvalue.StringExact(echoedMasked)),
			noTokenInState{env.token},
		},
		Check: env.expectRequests(lines(env.classicFound(), env.hookRead())...),
	}})
}

// noTokenInState fails when the state holds the token, plain or as the
// base64 of its Authorization header.
type noTokenInState struct{ token string }

func (c noTokenInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	for _, form := range []string{c.token, base64.StdEncoding.EncodeToString([]byte("Bearer " + c.token))} {
		if strings.Contains(string(b), form) {
			resp.Error = fmt.Errorf("the state holds the token as %q", form)
			return
		}
	}
}

// The warning that a webhook is inactive quotes its last response with the
// token masked. It is a diagnostic, so the protocol shows it without the CLI.
func TestInactiveWebhookWarningMasksToken(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, mockkonnect.Options{}, 0)
	must(t, h.mock.SetFaults(echoingWebhook(testToken)))
	got := h.invoke(portalAction, cfg{"portal_id": testPortal, "last": "24h"})
	expectDiags(t, got.diags, []string{"warning: Audit Log Webhook Inactive"},
		"is inactive", `its last attempt: answered 401 "`+echoedMasked+`"`, "The window was sent anyway")
	if text := diagText(got.diags); strings.Contains(text, testToken) || strings.Contains(text, "kpat_") {
		t.Fatalf("the warning carries the token:\n%s", text)
	}
}
