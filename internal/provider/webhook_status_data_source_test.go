package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
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

func expectHook(addr, name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), v)
}

// A webhook that was never tried reads as enabled and active with nothing
// about a last attempt, for a classic portal found without api_version.
func TestAccWebhookStatusDataSource_portalDefault(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.testInProcess([]resource.TestStep{{
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
			expectHook(portalHookAddr, "audit_log_destination_id", knownvalue.StringExact("5e1f0c2d-7a3b-4c9d-8e6f-a1b2c3d4e5f6")),
		},
		Check: env.expectRequests(lines(env.hookFound(), env.hookDocument())...),
	}})
}

// The organization's webhook, in a region of its own.
func TestAccWebhookStatusDataSource_organization(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.SetWebhook("au", "", mockkonnect.Webhook{Enabled: true, Status: "active", LastResponseCode: 200, LastResponseMessage: "OK",
		Endpoint: "https://siem.example.com/konnect?token=" + env.token})
	env.testInProcess([]resource.TestStep{{
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
			expectHook(orgHookAddr, "endpoint", knownvalue.StringExact("https://siem.example.com/konnect?token=***")),
		},
		// Where the webhook sends is read beside its status.
		Check: env.expectRequestsAnyOrder("GET /au/v2/audit-log-webhook/status 200", "GET /au/v2/audit-log-webhook 200"),
	}})
}

// What Konnect reports of a webhook reaches the data sources as it is, with
// the reads each needs, and errors name the webhook and what Konnect said:
// through the protocol. The CLI tests above show Terraform storing a portal's
// and the organization's.
func TestWebhookStatusDataSources(t *testing.T) {
	t.Parallel()
	attempt := time.Date(2026, 11, 24, 10, 30, 0, 123000000, time.UTC)
	cases := []struct {
		name     string
		opts     mockkonnect.Options
		setup    func(h *harness)
		typeName string // the portal's when empty
		config   cfg
		want     map[string]string // attributes, as stringAttr has them
		requests func(h *harness) []string
		// err are words of the one error, its summary (and attribute) first.
		err []string
		// warning is the summary of the one warning, if any.
		warning string
	}{
		{name: "a failing new Dev Portal's, found once per read",
			setup: func(h *harness) {
				h.mock.AddNewPortals(h.portal)
				h.mock.SetWebhook(h.region, h.portal, mockkonnect.Webhook{
					Enabled: true, Status: "inactive", LastAttemptAt: attempt, LastResponseCode: 401, LastResponseMessage: "Unauthorized: bad signature",
					DestinationID: "11111111-2222-4333-8444-555555555555",
				})
			},
			want: map[string]string{"api_version": "v3", "webhook_enabled": "true", "webhook_status": "inactive",
				"last_attempt_at": attempt.Format(time.RFC3339Nano), "last_response_code": "401", "last_response_message": "Unauthorized: bad signature",
				"audit_log_destination_id": "11111111-2222-4333-8444-555555555555"},
			requests: func(h *harness) []string {
				// Where it sends is read once its API is known.
				return []string{"GET " + h.hookPathOf("v3", h.portal) + " 200", "GET " + h.hookPathOf("v2", h.portal) + " 404",
					"GET /eu/v3/portals/" + h.portal + "/audit-log-webhook 200"}
			}},
		{name: "a configured api_version saves the reads that find it", config: cfg{"api_version": "v2"},
			setup: func(h *harness) { h.mock.SetWebhook("", h.portal, webhookDisabled) },
			want:  map[string]string{"webhook_enabled": "false", "api_version": "v2", "audit_log_destination_id": "<null>"},
			requests: func(h *harness) []string {
				return []string{h.hookRead(), "GET /eu/v2/portals/" + h.portal + "/audit-log-webhook 200"}
			}},
		{name: "the organization's, in a region of its own", typeName: "konnect_audit_log_webhook_status", config: cfg{"region": "au"},
			setup: func(h *harness) {
				h.mock.SetWebhook("au", "", mockkonnect.Webhook{Enabled: true, Status: "active", LastResponseCode: 200, LastResponseMessage: "OK",
					Endpoint: "https://konnect:pa55@siem.example.com/in?tenant=7&sig=abc"})
			},
			want: map[string]string{"region": "au", "webhook_enabled": "true", "webhook_status": "active",
				"last_response_code": "200", "last_response_message": "OK", "last_attempt_at": "<null>",
				"endpoint": "https://***@siem.example.com/in?tenant=***&sig=***"},
			requests: func(*harness) []string {
				return []string{"GET /au/v2/audit-log-webhook/status 200", "GET /au/v2/audit-log-webhook 200"}
			}},
		{name: "where it sends, forbidden", typeName: "konnect_audit_log_webhook_status",
			setup: func(h *harness) {
				must(t, h.mock.SetFaults(mockkonnect.Fault{
					Kind: mockkonnect.FaultRespond, Route: "GET /v2/audit-log-webhook", Status: 403,
					ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden","detail":"no webhook access"}`,
				}))
			},
			want:    map[string]string{"webhook_enabled": "true", "webhook_status": "active", "endpoint": "<null>"},
			warning: "Webhook Destination Not Read",
			requests: func(*harness) []string {
				return []string{"GET /eu/v2/audit-log-webhook/status 200", "GET /eu/v2/audit-log-webhook 403"}
			}},
		{name: "an unknown portal", opts: mockkonnect.Options{Portals: []string{}},
			err: []string{"Portal Not Found at portal_id", "no portal " + testPortal + " in region eu"}},
		{name: "the organization's, forbidden", typeName: "konnect_audit_log_webhook_status",
			setup: func(h *harness) {
				must(t, h.mock.SetFaults(mockkonnect.Fault{
					Kind: mockkonnect.FaultRespond, Route: "GET /v2/audit-log-webhook/status", Status: 403,
					ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden","detail":"no audit log access"}`,
				}))
			},
			err: []string{"Not Allowed by Konnect", "audit log webhook status of the organization in region eu", "Konnect said: no audit log access"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, tc.opts, nil)
			if tc.setup != nil {
				tc.setup(h)
			}
			typeName, config := tc.typeName, merged(cfg{}, tc.config)
			if typeName == "" {
				typeName, config["portal_id"] = "konnect_portal_audit_log_webhook_status", h.portal
			}
			got := h.read(typeName, config)
			if tc.err != nil {
				expectDiags(t, got.diags, []string{"error: " + tc.err[0]}, tc.err[1:]...)
				return
			}
			var warnings []string
			if tc.warning != "" {
				warnings = []string{"warning: " + tc.warning}
			}
			expectDiags(t, got.diags, warnings)
			for name, want := range tc.want {
				if v := stringAttr(got.state, name); v != want {
					t.Errorf("%s = %s, want %s", name, v, want)
				}
			}
			// The status and where the webhook sends, once the API is known,
			// are read at once, in either order.
			if want := tc.requests(h); !slices.Equal(slices.Sorted(slices.Values(h.requests())), slices.Sorted(slices.Values(want))) {
				t.Errorf("the mock received:\n  %s\nwant, in any order:\n  %s", strings.Join(h.requests(), "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
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
		Check: env.expectRequests(lines(env.hookFound(), env.hookDocument())...),
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
