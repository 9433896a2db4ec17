package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func TestTokensAreSensitive(t *testing.T) {
	t.Parallel()
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for _, name := range []string{"personal_access_token", "system_account_access_token"} {
		if a, ok := resp.Schema.Attributes[name].(schema.StringAttribute); !ok || !a.Sensitive {
			t.Errorf("%s is not a sensitive string attribute", name)
		}
	}
}

// Tokens and settings come from the environment when the configuration
// does not set them, and the configuration wins when it does. These tests
// change the process environment, so they do not run in parallel.
func TestAccProviderEnvironment(t *testing.T) {
	cases := []struct {
		name      string
		env       map[string]string
		provider  func(e *testEnv) string
		wantToken string
		wantErr   []string
		data      string // more lines of the data source
	}{
		{
			name:      "personal token from KONNECT_TOKEN",
			env:       map[string]string{"KONNECT_TOKEN": testToken, "KONNECT_SPAT": ""},
			provider:  func(e *testEnv) string { return fmt.Sprintf("server_url = %q\nregion = %q", e.url, e.region) },
			wantToken: testToken,
		},
		{
			name:      "system account token from KONNECT_SPAT",
			env:       map[string]string{"KONNECT_TOKEN": "", "KONNECT_SPAT": testToken},
			provider:  func(e *testEnv) string { return fmt.Sprintf("server_url = %q\nregion = %q", e.url, e.region) },
			wantToken: testToken,
		},
		{
			name: "configuration wins over the environment",
			env:  map[string]string{"KONNECT_TOKEN": "kpat_wrong", "KONNECT_SPAT": "spat_wrong", "KONNECT_REGION": "au", "KONNECT_SERVER_URL": "https://wrong.example.com"},
			provider: func(e *testEnv) string {
				return fmt.Sprintf("server_url = %q\nregion = %q\npersonal_access_token = %q", e.url, e.region, testToken)
			},
			wantToken: testToken,
		},
		{
			name:      "server URL and region from the environment",
			env:       map[string]string{"KONNECT_TOKEN": testToken, "KONNECT_SPAT": "", "KONNECT_REGION": "eu", "KONNECT_SERVER_URL": "{url}"},
			provider:  func(*testEnv) string { return "" },
			wantToken: testToken,
		},
		{
			// Seen: a token read from a file kept its newline, and every
			// request failed with "could not reach Konnect".
			name:      "token from a file, with its newline",
			env:       map[string]string{"KONNECT_TOKEN": testToken + "\n", "KONNECT_SPAT": ""},
			provider:  func(e *testEnv) string { return fmt.Sprintf("server_url = %q\nregion = %q", e.url, e.region) },
			wantToken: testToken,
		},
		{
			name: "token in the configuration, with white space around it",
			env:  map[string]string{"KONNECT_TOKEN": "", "KONNECT_SPAT": ""},
			provider: func(e *testEnv) string {
				return fmt.Sprintf("server_url = %q\nregion = %q\npersonal_access_token = %q", e.url, e.region, " "+testToken+"\r\n")
			},
			wantToken: testToken,
		},
		{
			// Seen: with Kong's provider's way of choosing a region, a job
			// went to eu while the provider believed it was in us.
			name:     "a regional KONNECT_SERVER_URL serves that region only",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "", "KONNECT_SERVER_URL": "https://eu.api.konghq.com", "KONNECT_REGION": ""},
			provider: func(*testEnv) string { return "" },
			data:     `region = "us"`,
			wantErr:  []string{"Region Not Served by server_url", `region "us" is not served`, `region "eu" only`},
		},
		{
			name:     "both tokens in the environment",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "spat_b"},
			provider: func(e *testEnv) string { return fmt.Sprintf("server_url = %q", e.url) },
			wantErr:  []string{"Two Konnect Access Tokens", "Both KONNECT_TOKEN and KONNECT_SPAT are set"},
		},
		{
			name:     "bad server URL in the environment",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "", "KONNECT_SERVER_URL": "http://konnect.example.com"},
			provider: func(*testEnv) string { return "" },
			wantErr:  []string{"Invalid Konnect Server URL", "KONNECT_SERVER_URL", "http:// is accepted only for loopback hosts"},
		},
		{
			name:     "bad region in the environment",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "", "KONNECT_REGION": "mars"},
			provider: func(e *testEnv) string { return fmt.Sprintf("server_url = %q", e.url) },
			wantErr:  []string{"Invalid Konnect Region", "KONNECT_REGION", `"mars"`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, mockkonnect.Options{})
			env.needsMock()
			for k, v := range tc.env {
				if v == "{url}" {
					v = env.url
				}
				t.Setenv(k, v)
			}
			config := fmt.Sprintf("provider \"konnect\" {\n%s\n}\n", tc.provider(env)) + fmt.Sprintf(`
data "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  %s
}
`, env.portal, tc.data)
			step := resource.TestStep{Config: config}
			if tc.wantErr != nil {
				step.ExpectError = errorLike(tc.wantErr...)
			} else {
				step.Check = func(*terraform.State) error {
					reqs := env.mock.Requests()
					if len(reqs) == 0 {
						return fmt.Errorf("no request reached the mock")
					}
					for _, r := range reqs {
						if r.Header.Get("Authorization") != "Bearer "+tc.wantToken || !strings.HasPrefix(r.Path, "/"+env.region+"/") {
							return fmt.Errorf("%s %s with Authorization %q", r.Method, r.Path, r.Header.Get("Authorization"))
						}
					}
					if last := reqs[len(reqs)-1]; last.Path != env.jobPath() {
						return fmt.Errorf("the last request was %s %s, want the job's read", last.Method, last.Path)
					}
					return nil
				}
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: []resource.TestStep{step}})
			if tc.wantErr != nil {
				env.expectNoRequests()
			}
		})
	}
}

// A server_url known only after apply may name one region's host, which
// would be the default region: until it is known, so is the region not.
func TestUnknownServerURLLeavesTheRegionUnknown(t *testing.T) {
	t.Setenv(envRegion, "")
	p := New("test")().(*konnectProvider)
	cfg := providerModel{
		ServerURL: types.StringUnknown(), Region: types.StringNull(), PersonalAccessToken: types.StringValue("kpat_x"),
		SystemAccountAccessToken: types.StringNull(), MaxRetries: types.Int64Null(), RequestTimeout: types.StringNull(), ReadTimeout: types.StringNull(),
	}
	var diags diag.Diagnostics
	data := resolveConfig(context.Background(), cfg, p, "1.11.4", &diags)
	if diags.HasError() || !data.region.IsUnknown() || data.defaultRegion() != "" {
		t.Fatalf("region = %s (diagnostics %v); want it unknown", data.region, diags)
	}

	cfg.Region = types.StringValue("au")
	if data := resolveConfig(context.Background(), cfg, p, "1.11.4", &diags); data.defaultRegion() != "au" {
		t.Errorf("a region set in the configuration reads as %q, want au", data.defaultRegion())
	}
}
