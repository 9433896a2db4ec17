package provider

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// hostileCase is one bad configuration or broken answer and the exact
// diagnostic it must give: its summary, the attribute it is about ("" for
// none), and words of its detail, in order. The configuration is a portal
// replay job of a recent window, or with data set the replay job data
// source, under the harness's provider settings.
type hostileCase struct {
	name string
	// provider are provider settings over the harness's; nil unsets one.
	provider cfg
	// job are the job's attributes over a recent window's.
	job cfg
	// data, when not nil, reads the replay job data source with these
	// attributes instead of creating the job.
	data    cfg
	faults  []mockkonnect.Fault // none: rejected before any request
	summary string
	attr    string
	detail  []string
	// requests, when set, is how many requests the mock must see.
	requests int
	noTokens bool // needs KONNECT_TOKEN and KONNECT_SPAT unset
}

// Each bad configuration and each broken answer gives its one diagnostic,
// through the protocol as Terraform asks, with no CLI. TestAccHostileInput
// shows Terraform printing one of each family.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	respond := func(status int, contentType, body string) []mockkonnect.Fault {
		return []mockkonnect.Fault{{Kind: mockkonnect.FaultRespond, Status: status, ContentType: contentType, Body: body}}
	}
	problem := func(status int, title, detail string) []mockkonnect.Fault {
		return respond(status, "application/problem+json",
			fmt.Sprintf(`{"status":%d,"title":%q,"detail":%q,"instance":"kong:trace:1234567890"}`, status, title, detail))
	}
	const jobBody = `"start_at":"2026-11-20T08:00:00Z","end_at":"2026-11-20T09:00:00Z","updated_at":"2026-11-20T09:00:00Z"`
	// direct settings make the job's own request the first: the portal's API
	// version is set, and a resource does not check the webhook, so an
	// answer below meets the request it is about.
	direct := cfg{"api_version": "v2", "check_webhook": false}
	directData := cfg{"api_version": "v2"}
	onRoute := func(route string, faults []mockkonnect.Fault) []mockkonnect.Fault {
		for i := range faults {
			faults[i].Route = route
		}
		return faults
	}
	// The window's times, against the harness's clock.
	ago := func(d time.Duration) string {
		return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC).Add(-d).Format(time.RFC3339)
	}
	window := func(start, end string) cfg { return cfg{"start_at": start, "end_at": end} }
	timeouts := func(name, v string) cfg { return cfg{"timeouts": cfg{name: v}} }

	cases := []hostileCase{
		// Configurations, rejected by validate or plan before any request.
		{name: "portal_id not a UUID", job: cfg{"portal_id": "portal-1"}, summary: "Invalid Attribute Value Match", attr: "portal_id",
			detail: []string{"portal_id", "must be a UUID", "portal-1"}},
		{name: "unknown region", job: cfg{"region": "mars"}, summary: "Invalid Attribute Value Match", attr: "region",
			detail: []string{"region value must be one of", `"eu"`, `"ap"`, `got: "mars"`}},
		{name: "empty region", job: cfg{"region": ""}, summary: "Invalid Attribute Value Match", attr: "region",
			detail: []string{`got: ""`}},
		{name: "start_at not RFC 3339", job: window("yesterday", ago(time.Hour)), summary: "Invalid RFC3339 String Value",
			attr: "start_at", detail: []string{"yesterday"}},
		{name: "start_at empty", job: window("", ago(time.Hour)), summary: "Invalid RFC3339 String Value", attr: "start_at"},
		{name: "end_at without an offset", job: window(ago(2*time.Hour), "2026-11-20T08:00:00"),
			summary: "Invalid RFC3339 String Value", attr: "end_at"},
		{name: "end_at before start_at", job: window(ago(2*time.Hour), ago(3*time.Hour)),
			summary: "Replay Window Ends Before It Starts", attr: "end_at", detail: []string{"is before start_at"}},
		{name: "start_at eight days ago", job: window(ago(8*24*time.Hour), ago(time.Hour)),
			summary: "Replay Window Starts Too Long Ago", attr: "start_at",
			// The boundary, ready to paste, and the grace an apply gives it.
			detail: []string{"within the last 7 days", `start_at = "` + ago(7*24*time.Hour) + `"`, "5 minutes older still passes"}},
		{name: "end_at tomorrow", job: window(ago(time.Hour), ago(-24*time.Hour)),
			summary: "Replay Window Ends in the Future", attr: "end_at", detail: []string{"no later than now"}},
		{name: "end_at in year 9999", job: window(ago(time.Hour), "9999-12-31T23:59:59Z"),
			summary: "Replay Window Ends in the Future", attr: "end_at"},
		{name: "timeout not a duration", job: timeouts("create", "soon"), summary: "Invalid Attribute Value Time Duration",
			attr: "timeouts.create", detail: []string{`"soon"`}},
		{name: "timeout of zero", job: timeouts("create", "0s"), summary: "Invalid Timeout",
			attr: "timeouts.create", detail: []string{`timeouts.create is "0s"`, "a duration of at least 1s"}},
		{name: "negative timeout", job: timeouts("update", "-5m"), summary: "Invalid Timeout",
			attr: "timeouts.update", detail: []string{`timeouts.update is "-5m"`, "a duration of at least 1s"}},
		{name: "offset beyond 23:59", job: window("2026-11-20T08:00:00+24:00", ago(time.Hour)),
			summary: "Invalid RFC3339 String Value", attr: "start_at", detail: []string{"offset +24:00 is out of range"}},
		{name: "comma before the fraction", job: window(ago(2*time.Hour), "2026-11-20T08:00:00,5Z"),
			summary: "Invalid RFC3339 String Value", attr: "end_at", detail: []string{"not an RFC 3339 date-time"}},
		{name: "server_url over http to another host", provider: cfg{"server_url": "http://konnect.example.com/{region}"},
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"http:// is accepted only for loopback hosts"}},
		{name: "server_url without a scheme", provider: cfg{"server_url": "eu.api.konghq.com"},
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"must start with https://"}},
		{name: "server_url with credentials", provider: cfg{"server_url": "https://me:pw@eu.api.konghq.com"},
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"must not contain credentials"}},
		{name: "server_url with a query", provider: cfg{"server_url": "https://eu.api.konghq.com/?debug=1"},
			summary: "Invalid Konnect Server URL", attr: "server_url", detail: []string{"must not contain a query string"}},
		{name: "both tokens", provider: cfg{"personal_access_token": "kpat_a", "system_account_access_token": "spat_b"},
			summary: "Invalid Attribute Combination", attr: "personal_access_token",
			detail: []string{"cannot be configured together", "[personal_access_token,system_account_access_token]"}},
		{name: "empty token", provider: cfg{"personal_access_token": ""}, summary: "Invalid Attribute Value Length",
			attr: "personal_access_token", detail: []string{"string length must be at least 1"}},
		{name: "token of white space", provider: cfg{"personal_access_token": " \n"}, summary: "Invalid Konnect Access Token",
			attr: "personal_access_token", detail: []string{"personal_access_token is empty once the white space around it is removed"}},
		{name: "token with a space inside", provider: cfg{"personal_access_token": "kpat_one two"}, summary: "Invalid Konnect Access Token",
			attr: "personal_access_token", detail: []string{"contains white space", "not shown"}},
		{name: "region not served by a regional server_url",
			provider: cfg{"server_url": "https://eu.api.konghq.com", "personal_access_token": "kpat_x", "region": nil},
			job:      cfg{"region": "us"},
			summary:  "Region Not Served by server_url", attr: "region", detail: []string{`region "us" is not served`, `region "eu" only`}},
		{name: "provider region not served by a regional server_url",
			provider: cfg{"server_url": "https://eu.api.konghq.com", "personal_access_token": "kpat_x", "region": "au"},
			summary:  "Region Not Served by server_url", attr: "region", detail: []string{`region is "au"`, `serves region "eu" only`}},
		{name: "unknown provider region", provider: cfg{"region": "mars"}, summary: "Invalid Attribute Value Match",
			attr: "region", detail: []string{`got: "mars"`}},
		{name: "max_retries negative", provider: cfg{"max_retries": -1}, summary: "Invalid Attribute Value",
			attr: "max_retries", detail: []string{"must be between 0 and 10, got: -1"}},
		{name: "max_retries too many", provider: cfg{"max_retries": 1000}, summary: "Invalid Attribute Value",
			attr: "max_retries", detail: []string{"must be between 0 and 10, got: 1000"}},
		{name: "request_timeout not a duration", provider: cfg{"request_timeout": "fast"}, summary: "Invalid Duration",
			attr: "request_timeout", detail: []string{`request_timeout is "fast"`, "at least 1s and at most 10m, such as 30s or 2m"}},
		{name: "request_timeout too short", provider: cfg{"request_timeout": "100ms"}, summary: "Invalid Duration",
			attr: "request_timeout", detail: []string{`"100ms"`, "at least 1s"}},
		{name: "read_timeout not a duration", provider: cfg{"read_timeout": "a while"}, summary: "Invalid Duration",
			attr: "read_timeout", detail: []string{`read_timeout is "a while"`, "at most 1h, such as 30s or 2m"}},
		{name: "no token anywhere", provider: cfg{"personal_access_token": nil, "region": nil},
			summary: "No Konnect Access Token", detail: []string{"personal_access_token", "KONNECT_TOKEN", "KONNECT_SPAT"}, noTokens: true},

		// Answers: every retry spent or never allowed, each a clear error.
		{name: "persistent 502 HTML page", provider: cfg{"max_retries": 2}, data: directData,
			faults:  []mockkonnect.Fault{{Kind: mockkonnect.FaultBadGateway}},
			summary: "Konnect Unavailable", detail: []string{"502 Bad Gateway", "after 3 attempts", "max_retries", "502 Bad Gateway"}, requests: 3},
		{name: "persistent 503", provider: cfg{"max_retries": 1}, job: direct, faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable}},
			summary: "Konnect Unavailable", detail: []string{"503 Service Unavailable", "after 2 attempts"}, requests: 2},
		{name: "persistent 429", provider: cfg{"max_retries": 1}, job: direct,
			faults:  []mockkonnect.Fault{{Kind: mockkonnect.FaultRateLimited, RetryAfter: "0"}},
			summary: "Konnect Unavailable", detail: []string{"429 Too Many Requests", "after 2 attempts"}, requests: 2},
		{name: "dropped connections", provider: cfg{"max_retries": 1}, data: directData, faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultDrop}},
			summary: "Konnect Request Failed", detail: []string{"Could not reach Konnect", "EOF", "HTTPS_PROXY"}},
		{name: "401", job: direct, faults: problem(401, "Unauthorized", "Invalid credentials"), requests: 1,
			summary: "Konnect Rejected the Access Token", detail: []string{"Invalid credentials", "kong:trace:1234567890"}},
		{name: "403", job: direct, faults: problem(403, "Forbidden", "You do not have permission"), requests: 1,
			summary: "Not Allowed by Konnect", detail: []string{"You do not have permission"}},
		{name: "404", job: direct, faults: problem(404, "Not Found", "Portal not found"), requests: 1,
			summary: "Not Found in Konnect", detail: []string{"no portal", "Check portal_id and region", "not a classic Dev Portal", `api_version = "v3"`, "Portal not found"}},
		{name: "409", job: direct, faults: problem(409, "Conflict", "A replay job is currently running"), requests: 2,
			summary: "Replay Job Already Running", detail: []string{"window was not sent", "wait_for_completion = true", "A replay job is currently running"}},
		{name: "400 on start_at", job: direct, requests: 1, summary: "Konnect Rejected the Replay Window", attr: "start_at",
			faults: respond(400, "application/problem+json",
				`{"status":400,"title":"Bad Request","invalid_parameters":[{"field":"start_at","reason":"must be within the last 7 days"}]}`),
			detail: []string{"start_at must be within the last 7 days"}},
		{name: "500 to a read is not retried", provider: cfg{"max_retries": 1}, data: directData, faults: problem(500, "Internal Server Error", "boom"), requests: 1,
			summary: "Konnect Request Failed", detail: []string{"unexpected 500", "boom"}},
		{name: "307 is not followed", job: direct, faults: respond(307, "text/plain", "elsewhere"), requests: 1,
			summary: "Konnect Request Failed", detail: []string{"unexpected 307"}},
		{name: "non-JSON 200", provider: cfg{"max_retries": 1}, data: directData, faults: respond(200, "text/html", "<html><body>Welcome</body></html>"),
			summary: "Unusable Answer from Konnect", detail: []string{`Content-Type "text/html" is not JSON`, "Welcome"}, requests: 1},
		{name: "truncated JSON", provider: cfg{"max_retries": 1}, data: directData, faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultTruncate}},
			summary: "Unusable Answer from Konnect", detail: []string{"not the expected JSON", "unexpected end of JSON input"}, requests: 1},
		{name: "unknown status", provider: cfg{"max_retries": 1}, data: directData, faults: respond(200, "application/json", `{"status":"paused",`+jobBody+`}`),
			summary: "Unusable Answer from Konnect", detail: []string{`status "paused" is not one the provider knows`, "completed, failed"}, requests: 1},
		{name: "missing status", provider: cfg{"max_retries": 1}, data: directData, faults: respond(200, "application/json", `{`+jobBody+`}`),
			summary: "Unusable Answer from Konnect", detail: []string{"the replay job has no status"}, requests: 1},
		{name: "time of the wrong type", provider: cfg{"max_retries": 1}, data: directData, faults: respond(200, "application/json", `{"status":"completed","start_at":17}`),
			summary: "Unusable Answer from Konnect", detail: []string{"a time must be an RFC 3339 string, got 17"}, requests: 1},
		{name: "JSON null", provider: cfg{"max_retries": 1}, data: directData, faults: respond(200, "application/json", `null`),
			summary: "Unusable Answer from Konnect", detail: []string{"the replay job has no status"}, requests: 1},

		// The reads before a window: finding the portal's API, and its webhook.
		{name: "webhook status, portal and job reads forbidden while finding its API", requests: 6,
			faults: slices.Concat(onRoute("GET /v*/portals/*", problem(403, "Forbidden", "You do not have permission")),
				onRoute("GET /v*/portals/*/audit-log-webhook/status", problem(403, "Forbidden", "You do not have permission")),
				onRoute("GET /v*/portals/*/audit-log-replay-job", problem(403, "Forbidden", "You do not have permission"))),
			summary: "Not Allowed by Konnect", attr: "api_version", detail: []string{"whether the portal is a classic Dev Portal", "Set api_version to skip it", "You do not have permission"}},
		{name: "webhook status unreadable", job: cfg{"api_version": "v2"}, requests: 1,
			faults:  onRoute("GET /v2/portals/*/audit-log-webhook/status", respond(200, "text/html", "<html>status</html>")),
			summary: "Unusable Answer from Konnect", detail: []string{"reads the status of the audit log webhook", "window was not sent", "check_webhook = false", "not JSON"}},
		{name: "webhook status with a token Konnect rejects", job: cfg{"api_version": "v2"}, requests: 1,
			faults:  onRoute("GET /v2/portals/*/audit-log-webhook/status", problem(401, "Unauthorized", "Invalid credentials")),
			summary: "Konnect Rejected the Access Token", detail: []string{"window was not sent", "Invalid credentials"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.noTokens && (os.Getenv(envToken) != "" || os.Getenv(envSPAT) != "") {
				t.Skip("a token is set in the environment")
			}
			h := newHarness(t, mockkonnect.Options{}, 0)
			must(t, h.mock.SetFaults(tc.faults...))
			diags := h.configure(h.settings(tc.provider))
			if !hasError(diags) {
				var got applied
				if tc.data != nil {
					got = h.read("konnect_portal_audit_log_replay_job", merged(cfg{"portal_id": h.portal}, tc.data))
				} else {
					got = h.create("konnect_portal_audit_log_replay_job",
						merged(cfg{"portal_id": h.portal, "start_at": ago(3 * time.Hour), "end_at": ago(2 * time.Hour)}, tc.job))
				}
				diags = append(diags, got.diags...)
			}
			want := "error: " + tc.summary
			if tc.attr != "" {
				want += " at " + tc.attr
			}
			expectDiags(t, diags, []string{want}, tc.detail...)
			switch got := len(h.mock.Requests()); {
			case tc.faults == nil && got > 0:
				t.Errorf("the mock received %d requests (first %s); bad input must be rejected before any", got, h.requests()[0])
			case tc.requests > 0 && got != tc.requests:
				t.Errorf("the mock received %d requests, want %d:\n%s", got, tc.requests, strings.Join(h.requests(), "\n"))
			}
		})
	}
}

// merged is base with over's attributes over it.
func merged(base, over cfg) cfg {
	c := cfg{}
	for k, v := range base {
		c[k] = v
	}
	for k, v := range over {
		c[k] = v
	}
	return c
}

// cliDiagnostic matches Terraform's rendering of one error: the summary,
// the "with"/"on" lines, then the quoted source line of the attribute (or
// of the block), then the detail.
func cliDiagnostic(summary, attr string, detail ...string) *regexp.Regexp {
	line := `(resource|data|provider) "`
	if attr != "" {
		line = regexp.QuoteMeta(attr) + `\s*=`
	}
	rest := ""
	if len(detail) > 0 {
		rest = ".*" + errorLike(detail...).String()[len("(?s)"):]
	}
	return regexp.MustCompile(`(?s)Error: ` + regexp.QuoteMeta(summary) + `\n(\s+with [^\n]+,)?\s+on [^\n]+:\n\s+\d+:\s+` + line + rest)
}

// Terraform prints each family of diagnostics TestHostileInput proves at the
// protocol, pointing at the line of the attribute it is about: one
// configuration of each kind Terraform checks (its own schema, the
// provider's validation of an attribute, of the provider block, and at plan
// or configure), and one broken answer to a resource and to a data source.
func TestAccHostileInput(t *testing.T) {
	t.Parallel()
	recentJob := func(e *testEnv, extra ...string) string {
		return e.jobConfig(e.rfc(3*time.Hour, time.UTC), e.rfc(2*time.Hour, time.UTC), extra...)
	}
	cases := []struct {
		name    string
		config  func(*testEnv) string
		faults  []mockkonnect.Fault
		summary string
		attr    string
		detail  []string
		// requests is how many requests the mock must see.
		requests int
		noTokens bool
	}{
		{name: "Terraform's own: a required argument missing", summary: "Missing required argument",
			detail: []string{`The argument "portal_id" is required`},
			config: func(e *testEnv) string {
				return e.providerBlock() + "resource \"konnect_portal_audit_log_replay_job\" \"test\" {\n  start_at = \"2026-11-20T08:00:00Z\"\n  end_at   = \"2026-11-20T09:00:00Z\"\n}\n"
			}},
		{name: "an attribute's validation", config: func(e *testEnv) string { return recentJob(e, `region = "mars"`) },
			summary: "Invalid Attribute Value Match", attr: "region", detail: []string{`got: "mars"`}},
		{name: "the window, at plan", summary: "Replay Window Starts Too Long Ago", attr: "start_at", detail: []string{"within the last 7 days"},
			config: func(e *testEnv) string {
				return e.jobConfig(e.rfc(8*24*time.Hour, time.UTC), e.rfc(time.Hour, time.UTC))
			}},
		{name: "the provider block's validation", summary: "Invalid Konnect Server URL", attr: "server_url",
			detail: []string{"must start with https://"},
			config: func(e *testEnv) string {
				e.settings = []string{`server_url = "eu.api.konghq.com"`}
				return recentJob(e)
			}},
		{name: "the provider's configuration", summary: "No Konnect Access Token", noTokens: true,
			detail: []string{"personal_access_token", "KONNECT_TOKEN", "KONNECT_SPAT"},
			config: func(e *testEnv) string {
				e.settings = []string{"personal_access_token = null"}
				return recentJob(e)
			}},
		{name: "an answer to a resource", requests: 2,
			config: func(e *testEnv) string { return recentJob(e, `api_version = "v2"`, "check_webhook = false") },
			faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultRespond, Status: 409, ContentType: "application/problem+json",
				Body: `{"status":409,"title":"Conflict","detail":"A replay job is currently running"}`}},
			summary: "Replay Job Already Running", detail: []string{"window was not sent", "A replay job is currently running"}},
		{name: "an answer to a data source", requests: 1, faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultTruncate}},
			config: func(e *testEnv) string {
				return e.providerBlock("max_retries = 1") + fmt.Sprintf("data \"konnect_portal_audit_log_replay_job\" \"test\" {\n  portal_id   = %q\n  api_version = \"v2\"\n}\n", e.portal)
			},
			summary: "Unusable Answer from Konnect", detail: []string{"not the expected JSON", "unexpected end of JSON input"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.noTokens && (os.Getenv(envToken) != "" || os.Getenv(envSPAT) != "") {
				t.Skip("a token is set in the environment")
			}
			env := newTestEnv(t, mockkonnect.Options{})
			if tc.faults != nil {
				env.needsMock()
				env.setFaults(tc.faults...)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      tc.config(env),
					PlanOnly:    tc.faults == nil,
					ExpectError: cliDiagnostic(tc.summary, tc.attr, tc.detail...),
				}},
			})
			switch {
			case tc.faults == nil:
				env.expectNoRequests()
			case env.mock != nil && len(env.mock.Requests()) != tc.requests:
				t.Errorf("the mock received %d requests, want %d", len(env.mock.Requests()), tc.requests)
			}
		})
	}
}
