package provider

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Every bad input is rejected by plan, with an error naming the attribute
// and what is allowed, before any request reaches Konnect.
func TestAccBadInputRejectedAtPlan(t *testing.T) {
	t.Parallel()
	type window struct{ start, end string }
	recent := func(e *testEnv) window { return window{e.rfc(3*time.Hour, time.UTC), e.rfc(2*time.Hour, time.UTC)} }
	job := func(e *testEnv, w window, extra ...string) string { return e.jobConfig(w.start, w.end, extra...) }
	providerWith := func(e *testEnv, lines string) string {
		w := recent(e)
		return fmt.Sprintf("provider \"konnect\" {\n%s\n}\n", lines) + fmt.Sprintf(`
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
}
`, e.portal, w.start, w.end)
	}

	cases := []struct {
		name     string
		config   func(*testEnv) string
		want     []string
		noTokens bool // needs KONNECT_TOKEN and KONNECT_SPAT unset
	}{
		{
			name:   "portal_id not a UUID",
			config: func(e *testEnv) string { return job(e, recent(e)) + "" },
			want:   []string{"portal_id", "must be a UUID"},
		},
		{
			name:   "unknown region",
			config: func(e *testEnv) string { return job(e, recent(e), `region = "mars"`) },
			want:   []string{"Attribute region value must be one of", `"eu"`, `"ap"`, `got: "mars"`},
		},
		{
			name:   "start_at not RFC 3339",
			config: func(e *testEnv) string { return job(e, window{"yesterday", recent(e).end}) },
			want:   []string{"Invalid RFC3339 String Value", "start_at", "yesterday"},
		},
		{
			name:   "end_at without an offset",
			config: func(e *testEnv) string { return job(e, window{recent(e).start, "2026-11-20T08:00:00"}) },
			want:   []string{"Invalid RFC3339 String Value", "end_at"},
		},
		{
			name: "end_at before start_at",
			config: func(e *testEnv) string {
				return job(e, window{e.rfc(2*time.Hour, time.UTC), e.rfc(3*time.Hour, time.UTC)})
			},
			want: []string{"Replay Window Ends Before It Starts", "end_at", "is before start_at"},
		},
		{
			name:   "start_at eight days ago",
			config: func(e *testEnv) string { return job(e, window{e.rfc(8*24*time.Hour, time.UTC), recent(e).end}) },
			want:   []string{"Replay Window Starts Too Long Ago", "start_at", "within the last 7 days"},
		},
		{
			name:   "end_at tomorrow",
			config: func(e *testEnv) string { return job(e, window{recent(e).start, e.rfc(-24*time.Hour, time.UTC)}) },
			want:   []string{"Replay Window Ends in the Future", "end_at", "no later than now"},
		},
		{
			name: "portal_id missing",
			config: func(e *testEnv) string {
				return e.providerBlock() + `resource "konnect_portal_audit_log_replay_job" "test" {
  start_at = "2026-11-20T08:00:00Z"
  end_at   = "2026-11-20T09:00:00Z"
}`
			},
			want: []string{`The argument "portal_id" is required`},
		},
		{
			name:   "timeout not a duration",
			config: func(e *testEnv) string { return job(e, recent(e), `timeouts { create = "soon" }`) },
			want:   []string{"timeouts", "soon"},
		},
		{
			name:   "server_url over http to another host",
			config: func(e *testEnv) string { return providerWith(e, `server_url = "http://konnect.example.com/{region}"`) },
			want:   []string{"Invalid Konnect Server URL", "server_url", "http:// is accepted only for loopback hosts"},
		},
		{
			name:   "server_url without a scheme",
			config: func(e *testEnv) string { return providerWith(e, `server_url = "eu.api.konghq.com"`) },
			want:   []string{"Invalid Konnect Server URL", "must start with https://"},
		},
		{
			name: "both tokens",
			config: func(e *testEnv) string {
				return providerWith(e, `personal_access_token = "kpat_a"`+"\n"+`system_account_access_token = "spat_b"`)
			},
			want: []string{"Invalid Attribute Combination", "cannot be configured together", "[personal_access_token,system_account_access_token]"},
		},
		{
			name:   "empty token",
			config: func(e *testEnv) string { return providerWith(e, `personal_access_token = ""`) },
			want:   []string{"personal_access_token", "string length must be at least 1"},
		},
		{
			name: "unknown provider region",
			config: func(e *testEnv) string {
				return providerWith(e, fmt.Sprintf("server_url = %q\npersonal_access_token = %q\nregion = \"mars\"", e.url, e.token))
			},
			want: []string{"Attribute region value must be one of", `got: "mars"`},
		},
		{
			name:     "no token anywhere",
			config:   func(e *testEnv) string { return providerWith(e, fmt.Sprintf("server_url = %q", e.url)) },
			want:     []string{"No Konnect Access Token", "personal_access_token", "KONNECT_TOKEN", "KONNECT_SPAT"},
			noTokens: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.noTokens && (os.Getenv(envToken) != "" || os.Getenv(envSPAT) != "") {
				t.Skip("a token is set in the environment")
			}
			env := newTestEnv(t, mockkonnect.Options{})
			if tc.name == "portal_id not a UUID" {
				env.portal = "portal-1"
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      tc.config(env),
					PlanOnly:    true,
					ExpectError: errorLike(tc.want...),
				}},
			})
			env.expectNoRequests()
		})
	}
}

// A malformed import ID says which forms are expected, and sends nothing.
func TestAccImportIDRejected(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	w := env.rfc(time.Hour, time.UTC)
	for _, id := range []string{"eu/not-a-uuid", "mars/" + env.portal, "eu/" + env.portal + "/extra"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config:        env.jobConfig(w, w),
				ResourceName:  resourceAddr,
				ImportState:   true,
				ImportStateId: id,
				ExpectError:   errorLike("Invalid Import ID", "expected <region>/<portal_id>", "or a bare <portal_id>"),
			}},
		})
	}
	env.expectNoRequests()
}
