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
// does not set them, and the configuration wins when it does: through the
// protocol, as Terraform configures the provider and reads a data source.
// These tests change the process environment, so they do not run in
// parallel. TestAccProviderTokenFromEnvironment shows the CLI passes the
// environment on.
func TestProviderEnvironment(t *testing.T) {
	cases := []struct {
		name      string
		env       map[string]string
		provider  cfg // nil values unset the harness's settings
		wantToken string
		wantErr   []string
		data      cfg // more attributes of the data source
	}{
		{
			name:      "personal token from KONNECT_TOKEN",
			env:       map[string]string{"KONNECT_TOKEN": testToken, "KONNECT_SPAT": ""},
			provider:  cfg{"personal_access_token": nil},
			wantToken: testToken,
		},
		{
			name:      "system account token from KONNECT_SPAT",
			env:       map[string]string{"KONNECT_TOKEN": "", "KONNECT_SPAT": testToken},
			provider:  cfg{"personal_access_token": nil},
			wantToken: testToken,
		},
		{
			name:      "configuration wins over the environment",
			env:       map[string]string{"KONNECT_TOKEN": "kpat_wrong", "KONNECT_SPAT": "spat_wrong", "KONNECT_REGION": "au", "KONNECT_SERVER_URL": "https://wrong.example.com"},
			provider:  cfg{},
			wantToken: testToken,
		},
		{
			name:      "server URL and region from the environment",
			env:       map[string]string{"KONNECT_TOKEN": testToken, "KONNECT_SPAT": "", "KONNECT_REGION": "eu", "KONNECT_SERVER_URL": "{url}"},
			provider:  cfg{"server_url": nil, "region": nil, "personal_access_token": nil},
			wantToken: testToken,
		},
		{
			// Seen: a token read from a file kept its newline, and every
			// request failed with "could not reach Konnect".
			name:      "token from a file, with its newline",
			env:       map[string]string{"KONNECT_TOKEN": testToken + "\n", "KONNECT_SPAT": ""},
			provider:  cfg{"personal_access_token": nil},
			wantToken: testToken,
		},
		{
			name:      "token in the configuration, with white space around it",
			env:       map[string]string{"KONNECT_TOKEN": "", "KONNECT_SPAT": ""},
			provider:  cfg{"personal_access_token": " " + testToken + "\r\n"},
			wantToken: testToken,
		},
		{
			// Seen: with Kong's provider's way of choosing a region, a job
			// went to eu while the provider believed it was in us.
			name:     "a regional KONNECT_SERVER_URL serves that region only",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "", "KONNECT_SERVER_URL": "https://eu.api.konghq.com", "KONNECT_REGION": ""},
			provider: cfg{"server_url": nil, "region": nil, "personal_access_token": nil},
			data:     cfg{"region": "us"},
			wantErr:  []string{"Region Not Served by server_url", `region "us" is not served`, `region "eu" only`},
		},
		{
			name:     "both tokens in the environment",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "spat_b"},
			provider: cfg{"personal_access_token": nil, "region": nil},
			wantErr:  []string{"Two Konnect Access Tokens", "Both KONNECT_TOKEN and KONNECT_SPAT are set"},
		},
		{
			name:     "bad server URL in the environment",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "", "KONNECT_SERVER_URL": "http://konnect.example.com"},
			provider: cfg{"server_url": nil, "region": nil, "personal_access_token": nil},
			wantErr:  []string{"Invalid Konnect Server URL", "KONNECT_SERVER_URL", "http:// is accepted only for loopback hosts"},
		},
		{
			name:     "bad region in the environment",
			env:      map[string]string{"KONNECT_TOKEN": "kpat_a", "KONNECT_SPAT": "", "KONNECT_REGION": "mars"},
			provider: cfg{"personal_access_token": nil, "region": nil},
			wantErr:  []string{"Invalid Konnect Region", "KONNECT_REGION", `"mars"`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, mockkonnect.Options{}, 0)
			for k, v := range tc.env {
				if v == "{url}" {
					v = h.url
				}
				t.Setenv(k, v)
			}
			diags := h.configure(h.settings(tc.provider))
			if !hasError(diags) {
				diags = append(diags, h.read("konnect_portal_audit_log_replay_job", merged(cfg{"portal_id": h.portal}, tc.data)).diags...)
			}
			if tc.wantErr != nil {
				if !hasError(diags) || !errorLike(tc.wantErr...).MatchString(diagText(diags)) {
					t.Fatalf("want an error saying %q, got:\n%s", tc.wantErr, diagText(diags))
				}
				if reqs := h.requests(); len(reqs) > 0 {
					t.Errorf("the mock received %q; a bad setting must be refused before any request", reqs)
				}
				return
			}
			if len(diags) > 0 {
				t.Fatalf("want no diagnostics, got:\n%s", diagText(diags))
			}
			reqs := h.mock.Requests()
			if len(reqs) == 0 {
				t.Fatal("no request reached the mock")
			}
			for _, r := range reqs {
				if r.Header.Get("Authorization") != "Bearer "+tc.wantToken || !strings.HasPrefix(r.Path, "/"+h.region+"/") {
					t.Errorf("%s %s with Authorization %q", r.Method, r.Path, r.Header.Get("Authorization"))
				}
			}
			if last := reqs[len(reqs)-1]; !strings.HasSuffix(last.Path, "/portals/"+h.portal+"/audit-log-replay-job") {
				t.Errorf("the last request was %s %s, want the job's read", last.Method, last.Path)
			}
		})
	}
}

// The CLI passes the environment on to the provider: a token in
// KONNECT_TOKEN reaches Konnect. It changes the process environment, so it
// does not run in parallel.
func TestAccProviderTokenFromEnvironment(t *testing.T) {
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	t.Setenv(envToken, testToken)
	t.Setenv(envSPAT, "")
	config := env.providerBlock("personal_access_token = null") +
		fmt.Sprintf("data \"konnect_portal_audit_log_replay_job\" \"test\" {\n  portal_id = %q\n}\n", env.portal)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: []resource.TestStep{{
		Config: config,
		Check: func(*terraform.State) error {
			reqs := env.mock.Requests()
			if len(reqs) == 0 {
				return fmt.Errorf("no request reached the mock")
			}
			for _, r := range reqs {
				if r.Header.Get("Authorization") != "Bearer "+testToken {
					return fmt.Errorf("%s %s with Authorization %q", r.Method, r.Path, r.Header.Get("Authorization"))
				}
			}
			return nil
		},
	}}})
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
