package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// hostileCase is one bad configuration or broken answer and the exact
// diagnostic it must give: its summary, the attribute whose line Terraform
// quotes under it ("" when it points at the whole block), and words of its
// detail, in order.
type hostileCase struct {
	name    string
	config  func(*testEnv) string
	opts    mockkonnect.Options
	faults  []mockkonnect.Fault // none: rejected before any request
	summary string
	attr    string
	detail  []string
	// requests, when set, is how many requests the mock must see.
	requests int
	noTokens bool // needs KONNECT_TOKEN and KONNECT_SPAT unset
}

// diagnostic matches Terraform's rendering of one error: the summary, the
// "with"/"on" lines, then the quoted source line of the attribute (or of the
// block), then the detail.
func (c hostileCase) diagnostic() *regexp.Regexp {
	line := `(resource|data|provider) "`
	if c.attr != "" {
		line = regexp.QuoteMeta(c.attr) + `\s*=`
	}
	detail := ""
	if len(c.detail) > 0 {
		detail = ".*" + errorLike(c.detail...).String()[len("(?s)"):]
	}
	return regexp.MustCompile(`(?s)Error: ` + regexp.QuoteMeta(c.summary) + `\n(\s+with [^\n]+,)?\s+on [^\n]+:\n\s+\d+:\s+` + line + detail)
}

func TestAccHostileInput(t *testing.T) {
	t.Parallel()
	recent := func(e *testEnv) (string, string) { return e.rfc(3*time.Hour, time.UTC), e.rfc(2*time.Hour, time.UTC) }
	job := func(extra ...string) func(*testEnv) string {
		return func(e *testEnv) string { s, end := recent(e); return e.jobConfig(s, end, extra...) }
	}
	window := func(start, end func(*testEnv) string) func(*testEnv) string {
		return func(e *testEnv) string { return e.jobConfig(start(e), end(e)) }
	}
	ago := func(d time.Duration) func(*testEnv) string {
		return func(e *testEnv) string { return e.rfc(d, time.UTC) }
	}
	literal := func(v string) func(*testEnv) string { return func(*testEnv) string { return v } }
	// withProvider is a job under a provider block of exactly these lines.
	withProvider := func(lines ...string) func(*testEnv) string {
		return func(e *testEnv) string {
			s, end := recent(e)
			return fmt.Sprintf("provider \"konnect\" {\n  %s\n}\n", strings.Join(lines, "\n  ")) + fmt.Sprintf(`
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
}
`, e.portal, s, end)
		}
	}
	// withSettings is a job under the env's provider block plus lines.
	withSettings := func(lines ...string) func(*testEnv) string {
		return func(e *testEnv) string {
			s, end := recent(e)
			return strings.Replace(e.jobConfig(s, end), "\n}\n", "\n  "+strings.Join(lines, "\n  ")+"\n}\n", 1)
		}
	}
	dataSourceWith := func(settings ...string) func(*testEnv) string {
		return func(e *testEnv) string {
			return e.providerBlock(settings...) + fmt.Sprintf("data \"konnect_portal_audit_log_replay_job\" \"test\" {\n  portal_id = %q\n}\n", e.portal)
		}
	}
	dataSource := dataSourceWith("max_retries = 1")
	respond := func(status int, contentType, body string) []mockkonnect.Fault {
		return []mockkonnect.Fault{{Kind: mockkonnect.FaultRespond, Status: status, ContentType: contentType, Body: body}}
	}
	problem := func(status int, title, detail string) []mockkonnect.Fault {
		return respond(status, "application/problem+json",
			fmt.Sprintf(`{"status":%d,"title":%q,"detail":%q,"instance":"kong:trace:1234567890"}`, status, title, detail))
	}
	const jobBody = `"start_at":"2026-11-20T08:00:00Z","end_at":"2026-11-20T09:00:00Z","updated_at":"2026-11-20T09:00:00Z"`
	// direct is a configuration whose first request is the job's own: the
	// portal's API version is set, and a resource does not check the
	// webhook, so an answer below meets the request it is about.
	direct := func(cfg func(*testEnv) string) func(*testEnv) string {
		return func(e *testEnv) string {
			attrs := "  api_version   = \"v2\"\n  check_webhook = false\n"
			if strings.Contains(cfg(e), "data \"") {
				attrs = "  api_version = \"v2\"\n"
			}
			return strings.Replace(cfg(e), "  portal_id = ", attrs+"  portal_id = ", 1)
		}
	}
	onRoute := func(route string, faults []mockkonnect.Fault) []mockkonnect.Fault {
		for i := range faults {
			faults[i].Route = route
		}
		return faults
	}

	cases := []hostileCase{
		// Configurations, rejected by validate or plan before any request.
		{name: "portal_id not a UUID", config: job(), summary: "Invalid Attribute Value Match", attr: "portal_id",
			detail: []string{"portal_id", "must be a UUID", "portal-1"}},
		{name: "unknown region", config: job(`region = "mars"`), summary: "Invalid Attribute Value Match", attr: "region",
			detail: []string{"region value must be one of", `"eu"`, `"ap"`, `got: "mars"`}},
		{name: "empty region", config: job(`region = ""`), summary: "Invalid Attribute Value Match", attr: "region",
			detail: []string{`got: ""`}},
		{name: "start_at not RFC 3339", config: window(literal("yesterday"), ago(time.Hour)), summary: "Invalid RFC3339 String Value",
			attr: "start_at", detail: []string{"yesterday"}},
		{name: "start_at empty", config: window(literal(""), ago(time.Hour)), summary: "Invalid RFC3339 String Value", attr: "start_at"},
		{name: "end_at without an offset", config: window(ago(2*time.Hour), literal("2026-11-20T08:00:00")),
			summary: "Invalid RFC3339 String Value", attr: "end_at"},
		{name: "end_at before start_at", config: window(ago(2*time.Hour), ago(3*time.Hour)),
			summary: "Replay Window Ends Before It Starts", attr: "end_at", detail: []string{"is before start_at"}},
		{name: "start_at eight days ago", config: window(ago(8*24*time.Hour), ago(time.Hour)),
			summary: "Replay Window Starts Too Long Ago", attr: "start_at", detail: []string{"within the last 7 days"}},
		{name: "end_at tomorrow", config: window(ago(time.Hour), ago(-24*time.Hour)),
			summary: "Replay Window Ends in the Future", attr: "end_at", detail: []string{"no later than now"}},
		{name: "end_at in year 9999", config: window(ago(time.Hour), literal("9999-12-31T23:59:59Z")),
			summary: "Replay Window Ends in the Future", attr: "end_at"},
		{name: "portal_id missing", summary: "Missing required argument", detail: []string{`The argument "portal_id" is required`},
			config: func(e *testEnv) string {
				return e.providerBlock() + "resource \"konnect_portal_audit_log_replay_job\" \"test\" {\n  start_at = \"2026-11-20T08:00:00Z\"\n  end_at   = \"2026-11-20T09:00:00Z\"\n}\n"
			}},
		{name: "timeout not a duration", config: job(`timeouts {`, `  create = "soon"`, `}`), summary: "Invalid Attribute Value Time Duration",
			attr: "create", detail: []string{`"soon"`}},
		{name: "timeout of zero", config: job(`timeouts {`, `  create = "0s"`, `}`), summary: "Invalid Timeout",
			attr: "create", detail: []string{`timeouts.create is "0s"`, "a duration of at least 1s"}},
		{name: "negative timeout", config: job(`timeouts {`, `  update = "-5m"`, `}`), summary: "Invalid Timeout",
			attr: "update", detail: []string{`timeouts.update is "-5m"`, "a duration of at least 1s"}},
		{name: "offset beyond 23:59", config: window(literal("2026-11-20T08:00:00+24:00"), ago(time.Hour)),
			summary: "Invalid RFC3339 String Value", attr: "start_at", detail: []string{"offset +24:00 is out of range"}},
		{name: "comma before the fraction", config: window(ago(2*time.Hour), literal("2026-11-20T08:00:00,5Z")),
			summary: "Invalid RFC3339 String Value", attr: "end_at", detail: []string{"not an RFC 3339 date-time"}},
		{name: "server_url over http to another host", config: withProvider(`server_url = "http://konnect.example.com/{region}"`),
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"http:// is accepted only for loopback hosts"}},
		{name: "server_url without a scheme", config: withProvider(`server_url = "eu.api.konghq.com"`),
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"must start with https://"}},
		{name: "server_url with credentials", config: withProvider(`server_url = "https://me:pw@eu.api.konghq.com"`),
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"must not contain credentials"}},
		{name: "server_url with a query", config: withProvider(`server_url = "https://eu.api.konghq.com/?debug=1"`),
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"must not contain a query string"}},
		{name: "both tokens", config: withProvider(`personal_access_token = "kpat_a"`, `system_account_access_token = "spat_b"`),
			summary: "Invalid Attribute Combination", attr: "personal_access_token",
			detail: []string{"cannot be configured together", "[personal_access_token,system_account_access_token]"}},
		{name: "empty token", config: withProvider(`personal_access_token = ""`), summary: "Invalid Attribute Value Length",
			attr: "personal_access_token", detail: []string{"string length must be at least 1"}},
		{name: "token of white space", config: withProvider(`personal_access_token = " \n"`), summary: "Invalid Konnect Access Token",
			attr: "personal_access_token", detail: []string{"personal_access_token is empty once the white space around it is removed"}},
		{name: "token with a space inside", config: withProvider(`personal_access_token = "kpat_one two"`), summary: "Invalid Konnect Access Token",
			attr: "personal_access_token", detail: []string{"contains white space", "not shown"}},
		{name: "region not served by a regional server_url", config: func(e *testEnv) string {
			s, end := recent(e)
			return fmt.Sprintf(`
provider "konnect" {
  server_url            = "https://eu.api.konghq.com"
  personal_access_token = "kpat_x"
}
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  region    = "us"
  start_at  = %q
  end_at    = %q
}
`, e.portal, s, end)
		}, summary: "Region Not Served by server_url", attr: "region", detail: []string{`region "us" is not served`, `region "eu" only`}},
		{name: "provider region not served by a regional server_url",
			config:  withProvider(`server_url = "https://eu.api.konghq.com"`, `personal_access_token = "kpat_x"`, `region = "au"`),
			summary: "Region Not Served by server_url", attr: "region", detail: []string{`region is "au"`, `serves region "eu" only`}},
		{name: "unknown provider region", config: func(e *testEnv) string {
			return withProvider(fmt.Sprintf("server_url = %q", e.url), fmt.Sprintf("personal_access_token = %q", e.token), `region = "mars"`)(e)
		}, summary: "Invalid Attribute Value Match",
			attr: "region", detail: []string{`got: "mars"`}},
		{name: "max_retries negative", config: withSettings(`max_retries = -1`), summary: "Invalid Attribute Value",
			attr: "max_retries", detail: []string{"must be between 0 and 10, got: -1"}},
		{name: "max_retries too many", config: withSettings(`max_retries = 1000`), summary: "Invalid Attribute Value",
			attr: "max_retries", detail: []string{"must be between 0 and 10, got: 1000"}},
		{name: "request_timeout not a duration", config: withSettings(`request_timeout = "fast"`), summary: "Invalid Duration",
			attr: "request_timeout", detail: []string{`request_timeout is "fast"`, "at least 1s and at most 10m, such as 30s or 2m"}},
		{name: "request_timeout too short", config: withSettings(`request_timeout = "100ms"`), summary: "Invalid Duration",
			attr: "request_timeout", detail: []string{`"100ms"`, "at least 1s"}},
		{name: "read_timeout not a duration", config: withSettings(`read_timeout = "a while"`), summary: "Invalid Duration",
			attr: "read_timeout", detail: []string{`read_timeout is "a while"`, "at most 1h, such as 30s or 2m"}},
		{name: "no token anywhere", config: func(e *testEnv) string { return withProvider(fmt.Sprintf("server_url = %q", e.url))(e) },
			summary: "No Konnect Access Token", detail: []string{"personal_access_token", "KONNECT_TOKEN", "KONNECT_SPAT"}, noTokens: true},

		// Answers: every retry spent or never allowed, each a clear error.
		{name: "persistent 502 HTML page", config: direct(dataSourceWith("max_retries = 2")),
			faults:  []mockkonnect.Fault{{Kind: mockkonnect.FaultBadGateway}},
			summary: "Konnect Unavailable", detail: []string{"502 Bad Gateway", "after 3 attempts", "max_retries", "502 Bad Gateway"}, requests: 3},
		{name: "persistent 503", config: direct(withSettings("max_retries = 1")), faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable}},
			summary: "Konnect Unavailable", detail: []string{"503 Service Unavailable", "after 2 attempts"}, requests: 2},
		{name: "persistent 429", config: direct(withSettings("max_retries = 1")),
			faults:  []mockkonnect.Fault{{Kind: mockkonnect.FaultRateLimited, RetryAfter: "0"}},
			summary: "Konnect Unavailable", detail: []string{"429 Too Many Requests", "after 2 attempts"}, requests: 2},
		{name: "dropped connections", config: direct(dataSource), faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultDrop}},
			summary: "Konnect Request Failed", detail: []string{"Could not reach Konnect", "EOF", "HTTPS_PROXY"}},
		{name: "401", config: direct(job()), faults: problem(401, "Unauthorized", "Invalid credentials"), requests: 1,
			summary: "Konnect Rejected the Access Token", detail: []string{"Invalid credentials", "kong:trace:1234567890"}},
		{name: "403", config: direct(job()), faults: problem(403, "Forbidden", "You do not have permission"), requests: 1,
			summary: "Not Allowed by Konnect", detail: []string{"You do not have permission"}},
		{name: "404", config: direct(job()), faults: problem(404, "Not Found", "Portal not found"), requests: 1,
			summary: "Not Found in Konnect", detail: []string{"no portal", "Check portal_id and region", "not a classic Dev Portal", `api_version = "v3"`, "Portal not found"}},
		{name: "409", config: direct(job()), faults: problem(409, "Conflict", "A replay job is currently running"), requests: 2,
			summary: "Replay Job Already Running", detail: []string{"window was not sent", "wait_for_completion = true", "A replay job is currently running"}},
		{name: "400 on start_at", config: direct(job()), requests: 1, summary: "Konnect Rejected the Replay Window", attr: "start_at",
			faults: respond(400, "application/problem+json",
				`{"status":400,"title":"Bad Request","invalid_parameters":[{"field":"start_at","reason":"must be within the last 7 days"}]}`),
			detail: []string{"start_at must be within the last 7 days"}},
		{name: "500 to a read is not retried", config: direct(dataSource), faults: problem(500, "Internal Server Error", "boom"), requests: 1,
			summary: "Konnect Request Failed", detail: []string{"unexpected 500", "boom"}},
		{name: "307 is not followed", config: direct(job()), faults: respond(307, "text/plain", "elsewhere"), requests: 1,
			summary: "Konnect Request Failed", detail: []string{"unexpected 307"}},
		{name: "non-JSON 200", config: direct(dataSource), faults: respond(200, "text/html", "<html><body>Welcome</body></html>"),
			summary: "Unusable Answer from Konnect", detail: []string{`Content-Type "text/html" is not JSON`, "Welcome"}, requests: 1},
		{name: "truncated JSON", config: direct(dataSource), faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultTruncate}},
			summary: "Unusable Answer from Konnect", detail: []string{"not the expected JSON", "unexpected end of JSON input"}, requests: 1},
		{name: "unknown status", config: direct(dataSource), faults: respond(200, "application/json", `{"status":"paused",`+jobBody+`}`),
			summary: "Unusable Answer from Konnect", detail: []string{`status "paused" is not one the provider knows`, "completed, failed"}, requests: 1},
		{name: "missing status", config: direct(dataSource), faults: respond(200, "application/json", `{`+jobBody+`}`),
			summary: "Unusable Answer from Konnect", detail: []string{"the replay job has no status"}, requests: 1},
		{name: "time of the wrong type", config: direct(dataSource), faults: respond(200, "application/json", `{"status":"completed","start_at":17}`),
			summary: "Unusable Answer from Konnect", detail: []string{"a time must be an RFC 3339 string, got 17"}, requests: 1},
		{name: "JSON null", config: direct(dataSource), faults: respond(200, "application/json", `null`),
			summary: "Unusable Answer from Konnect", detail: []string{"the replay job has no status"}, requests: 1},

		// The reads before a window: finding the portal's API, and its webhook.
		{name: "portal and job reads forbidden while finding its API", config: job(), requests: 4,
			faults: append(onRoute("GET /v*/portals/*", problem(403, "Forbidden", "You do not have permission")),
				onRoute("GET /v*/portals/*/audit-log-replay-job", problem(403, "Forbidden", "You do not have permission"))...),
			summary: "Not Allowed by Konnect", detail: []string{"find out whether it is a classic Dev Portal", "Set api_version to skip it", "You do not have permission"}},
		{name: "webhook status unreadable", config: job(`api_version = "v2"`), requests: 1,
			faults:  onRoute("GET /v2/portals/*/audit-log-webhook/status", respond(200, "text/html", "<html>status</html>")),
			summary: "Unusable Answer from Konnect", detail: []string{"reads the status of the audit log webhook", "window was not sent", "check_webhook = false", "not JSON"}},
		{name: "webhook status with a token Konnect rejects", config: job(`api_version = "v2"`), requests: 1,
			faults:  onRoute("GET /v2/portals/*/audit-log-webhook/status", problem(401, "Unauthorized", "Invalid credentials")),
			summary: "Konnect Rejected the Access Token", detail: []string{"window was not sent", "Invalid credentials"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.noTokens && (os.Getenv(envToken) != "" || os.Getenv(envSPAT) != "") {
				t.Skip("a token is set in the environment")
			}
			env := newTestEnv(t, tc.opts)
			if tc.faults != nil {
				env.needsMock()
				if err := env.mock.SetFaults(tc.faults...); err != nil {
					t.Fatal(err)
				}
			}
			if tc.name == "portal_id not a UUID" {
				env.portal = "portal-1"
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      tc.config(env),
					PlanOnly:    tc.faults == nil,
					ExpectError: tc.diagnostic(),
				}},
			})
			switch {
			case tc.faults == nil:
				env.expectNoRequests()
			case tc.requests > 0 && env.mock != nil && len(env.mock.Requests()) != tc.requests:
				t.Errorf("the mock received %d requests, want %d", len(env.mock.Requests()), tc.requests)
			}
		})
	}
}
