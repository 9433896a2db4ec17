package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

const serviceURL = "http://konnect-mock:8080/{region}"

// insecureCase is one way of setting server_url and the plain-http opt-in,
// and what Configure must say about it. The cases change the process
// environment, so they do not run in parallel.
type insecureCase struct {
	name string
	// url and allow are the provider block's; null leaves them to the
	// environment.
	url   types.String
	allow types.Bool
	env   map[string]string
	// wantErr and wantWarn are words of the one error or warning, in order;
	// neither means a client is built without a word.
	wantErr, wantWarn []string
}

func insecureCases() []insecureCase {
	null, unknown := types.BoolNull(), types.BoolUnknown()
	url := types.StringValue
	return []insecureCase{
		{name: "refused without the opt-in", url: url(serviceURL), allow: null,
			wantErr: []string{"Invalid Konnect Server URL", "must use https:// for konnect-mock", "allow_insecure_http = true", "KONNECT_ALLOW_INSECURE_HTTP=true", "clear text"}},
		{name: "refused with the opt-in set to false", url: url(serviceURL), allow: types.BoolValue(false),
			wantErr: []string{"Invalid Konnect Server URL", "allow_insecure_http = true"}},
		{name: "the attribute wins over the environment", url: url(serviceURL), allow: types.BoolValue(false),
			env:     map[string]string{envAllowInsecureHTTP: "true"},
			wantErr: []string{"Invalid Konnect Server URL", "allow_insecure_http = true"}},
		{name: "accepted with the attribute, with a warning", url: url(serviceURL), allow: types.BoolValue(true),
			wantWarn: []string{"Access Token Sent in Clear Text", "allow_insecure_http is true", "konnect-mock", "clear text", "mock Konnect in CI"}},
		{name: "accepted with the environment, with a warning", url: url(serviceURL), allow: null,
			env:      map[string]string{envAllowInsecureHTTP: "true"},
			wantWarn: []string{"Access Token Sent in Clear Text", "KONNECT_ALLOW_INSECURE_HTTP environment variable is true", "konnect-mock"}},
		{name: "accepted for KONNECT_SERVER_URL with the environment", url: types.StringNull(), allow: null,
			env:      map[string]string{envServerURL: "http://{region}.konnect-mock:8080", envAllowInsecureHTTP: "1"},
			wantWarn: []string{"Access Token Sent in Clear Text", "{region}.konnect-mock"}},
		{name: "KONNECT_SERVER_URL refused without the opt-in", url: types.StringNull(), allow: null,
			env:     map[string]string{envServerURL: serviceURL, envAllowInsecureHTTP: "false"},
			wantErr: []string{"Invalid Konnect Server URL", "KONNECT_SERVER_URL environment variable", "allow_insecure_http = true"}},
		{name: "an opt-in that is not a boolean", url: url(serviceURL), allow: null,
			env:     map[string]string{envAllowInsecureHTTP: "yes please"},
			wantErr: []string{"Invalid KONNECT_ALLOW_INSECURE_HTTP", `"yes please"`, "true or false"}},
		{name: "loopback needs no opt-in and gets no warning", url: url("http://127.0.0.1:8080/{region}"), allow: null},
		{name: "https with the opt-in gets no warning", url: url("https://konnect-mock:8443/{region}"), allow: types.BoolValue(true)},
		{name: "an opt-in known only after apply defers the decision", url: url(serviceURL), allow: unknown},
	}
}

func TestInsecureHTTPOptIn(t *testing.T) {
	for _, tc := range insecureCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{envAllowInsecureHTTP, envServerURL, envRegion, envToken, envSPAT} {
				t.Setenv(k, tc.env[k])
			}
			cfg := providerModel{
				ServerURL: tc.url, AllowInsecureHTTP: tc.allow, PersonalAccessToken: types.StringValue("kpat_x"),
				SystemAccountAccessToken: types.StringNull(), Region: types.StringNull(),
				MaxRetries: types.Int64Null(), RequestTimeout: types.StringNull(), ReadTimeout: types.StringNull(),
			}
			var diags diag.Diagnostics
			data := resolveConfig(context.Background(), cfg, New("test")().(*konnectProvider), "1.11.4", &diags)
			errs, warns := diags.Errors(), diags.Warnings()
			switch {
			case tc.wantErr != nil:
				if len(errs) != 1 || !errorLike(tc.wantErr...).MatchString(summaryAndDetail(errs[0])) {
					t.Fatalf("diagnostics %v; want one error like %q", diags, tc.wantErr)
				}
			case len(errs) > 0:
				t.Fatalf("unexpected errors: %v", errs)
			case tc.allow.IsUnknown():
				if data.client != nil || len(warns) > 0 {
					t.Fatalf("client built: %v, warnings %v; want neither before the opt-in is known", data.client != nil, warns)
				}
			case data.client == nil:
				t.Fatal("no client was built")
			}
			if tc.wantWarn == nil {
				if len(warns) > 0 {
					t.Fatalf("unexpected warnings: %v", warns)
				}
				return
			}
			if len(warns) != 1 || !errorLike(tc.wantWarn...).MatchString(summaryAndDetail(warns[0])) {
				t.Fatalf("warnings %v; want one like %q", warns, tc.wantWarn)
			}
		})
	}
}

func summaryAndDetail(d diag.Diagnostic) string { return d.Summary() + "\n" + d.Detail() }

// The server_url validator, which runs before any plan, reads the opt-in
// from the configuration beside it, or else from the environment.
func TestServerURLValidatorReadsTheOptIn(t *testing.T) {
	ctx := context.Background()
	var sresp provider.SchemaResponse
	New("test")().Schema(ctx, provider.SchemaRequest{}, &sresp)
	objType := sresp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	for _, tc := range insecureCases() {
		if tc.url.IsNull() {
			continue // the validator sees only the configuration
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envAllowInsecureHTTP, tc.env[envAllowInsecureHTTP])
			values := map[string]tftypes.Value{}
			for name, typ := range objType.AttributeTypes {
				values[name] = tftypes.NewValue(typ, nil)
			}
			values["server_url"] = tftypes.NewValue(tftypes.String, tc.url.ValueString())
			if tc.allow.IsUnknown() {
				values["allow_insecure_http"] = tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)
			} else if !tc.allow.IsNull() {
				values["allow_insecure_http"] = tftypes.NewValue(tftypes.Bool, tc.allow.ValueBool())
			}
			req := validator.StringRequest{
				Path:        path.Root("server_url"),
				ConfigValue: tc.url,
				Config:      tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(objType, values)},
			}
			var resp validator.StringResponse
			serverURLValidator{}.ValidateString(ctx, req, &resp)
			errs := resp.Diagnostics.Errors()
			if tc.wantErr == nil {
				if len(errs) > 0 {
					t.Fatalf("unexpected errors: %v", errs)
				}
				return
			}
			if len(errs) != 1 || !errorLike(tc.wantErr...).MatchString(summaryAndDetail(errs[0])) {
				t.Fatalf("diagnostics %v; want one error like %q", resp.Diagnostics, tc.wantErr)
			}
		})
	}
}

// Under Terraform, a plain-http server_url to a service name is refused before
// any request, on the attribute, with the way to opt in. Every way of
// setting it is proven by TestInsecureHTTPOptIn and
// TestServerURLValidatorReadsTheOptIn; accepting one is tested in
// internal/e2e, where a proxy on loopback keeps every request here.
func TestAccInsecureHTTPRefusedBeforeAnyRequest(t *testing.T) {
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	t.Setenv(envAllowInsecureHTTP, "")
	config := fmt.Sprintf(`provider "konnect" {
  server_url            = %q
  personal_access_token = %q
}
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
}
`, serviceURL, env.token, env.portal, env.rfc(3*time.Hour, time.UTC), env.rfc(2*time.Hour, time.UTC))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{Config: config, PlanOnly: true, ExpectError: errorLike("Invalid Konnect Server URL", "server_url",
			"must use https:// for konnect-mock", "allow_insecure_http = true", "KONNECT_ALLOW_INSECURE_HTTP=true")}},
	})
	env.expectNoRequests()
}
