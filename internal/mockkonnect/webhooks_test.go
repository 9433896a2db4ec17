package mockkonnect_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A webhook never set shows only what Kong's example always has.
func TestWebhookDefault(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, NewPortals: []string{portalN}})
	for _, path := range []string{webhookPath("", "v2", portalA), webhookPath("eu", "v3", portalN), webhookPath("", "v2", ""), webhookPath("sg", "v3", "")} {
		rec := call(t, s, http.MethodGet, path, "")
		const want = `{"webhook_enabled":true,"webhook_status":"active"}`
		if got := strings.TrimSpace(rec.Body.String()); got != want {
			t.Errorf("GET %s = %s, want %s", path, got, want)
		}
		decodeWebhook(t, rec)
	}
	if got, want := s.Webhook("eu", portalA), (mockkonnect.Webhook{Enabled: true, Status: "active",
		Endpoint: "https://siem.example.com/konnect/audit-logs", DestinationID: "5e1f0c2d-7a3b-4c9d-8e6f-a1b2c3d4e5f6"}); got != want {
		t.Errorf("Webhook(eu, A) = %+v, want %+v", got, want)
	}
}

// Which setting a GET shows: a region's own, else the every-region one,
// else the default; per portal, and for the organization apart.
func TestSetWebhook(t *testing.T) {
	t.Parallel()
	attempt := time.Date(2026, 3, 10, 9, 29, 14, 520_000_999, time.FixedZone("CET", 3600))
	failing := mockkonnect.Webhook{
		Enabled: true, Status: "inactive", LastAttemptAt: attempt, LastResponseCode: 401, LastResponseMessage: "Unauthorized, again",
	}
	disabled := mockkonnect.Webhook{Enabled: false, Status: "inactive"}
	retried := mockkonnect.Webhook{Enabled: true, Status: "active", LastAttemptAt: attempt, LastResponseCode: 200}
	byDefault := mockkonnect.Webhook{Enabled: true, Status: "active", LastResponseMessage: "set by Options"}

	s := mockkonnect.New(mockkonnect.Options{Token: token, NewPortals: []string{portalN}, Webhook: &byDefault})
	s.SetWebhook("", portalA, failing)   // every region
	s.SetWebhook("EU", portalA, retried) // eu wins over every region
	s.SetWebhook("au", "", disabled)     // the organization in au
	s.SetWebhook("", portalN, disabled)  // a new portal, every region

	kept := attempt.Truncate(time.Microsecond).UTC() // as Konnect keeps times
	tests := []struct {
		name   string
		path   string
		region string // for Webhook
		portal string
		want   mockkonnect.Webhook
	}{
		{
			name: "every-region setting", path: webhookPath("", "v2", portalA), region: "us", portal: portalA,
			want: mockkonnect.Webhook{Enabled: true, Status: "inactive", LastAttemptAt: kept, LastResponseCode: 401, LastResponseMessage: "Unauthorized, again"},
		},
		{
			name: "every-region setting in another region", path: webhookPath("me", "v2", strings.ToUpper(portalA)), region: "me", portal: portalA,
			want: mockkonnect.Webhook{Enabled: true, Status: "inactive", LastAttemptAt: kept, LastResponseCode: 401, LastResponseMessage: "Unauthorized, again"},
		},
		{
			name: "a region's own setting wins", path: webhookPath("eu", "v2", portalA), region: "eu", portal: portalA,
			want: mockkonnect.Webhook{Enabled: true, Status: "active", LastAttemptAt: kept, LastResponseCode: 200},
		},
		{
			name: "another portal has the default", path: webhookPath("eu", "v2", portalB), region: "eu", portal: portalB,
			want: byDefault,
		},
		{
			name: "the organization is not a portal", path: webhookPath("eu", "v2", ""), region: "eu", portal: "",
			want: byDefault,
		},
		{
			name: "the organization in its region", path: webhookPath("au", "v3", ""), region: "au", portal: "",
			want: disabled,
		},
		{
			name: "the organization under v2 is the same", path: webhookPath("au", "v2", ""), region: "au", portal: "",
			want: disabled,
		},
		{
			name: "a new portal under v3", path: webhookPath("in", "v3", portalN), region: "in", portal: portalN,
			want: disabled,
		},
		{
			name: "no region prefix is us", path: webhookPath("", "v3", portalN), region: "", portal: portalN,
			want: disabled,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := webhookOf(t, decodeWebhook(t, call(t, s, http.MethodGet, tc.path, ""))); !sameWebhook(got, tc.want) {
				t.Errorf("GET %s shows %+v\nwant %+v", tc.path, got, tc.want)
			}
			got := s.Webhook(tc.region, tc.portal)
			if !sameWebhook(got, tc.want) {
				t.Errorf("Webhook(%q, %q) = %+v\nwant %+v", tc.region, tc.portal, got, tc.want)
			}
			if !got.LastAttemptAt.IsZero() && got.LastAttemptAt.Location() != time.UTC {
				t.Errorf("Webhook(%q, %q).LastAttemptAt = %s, want UTC", tc.region, tc.portal, got.LastAttemptAt)
			}
		})
	}
	// Konnect's own example, field for field.
	rec := call(t, s, http.MethodGet, webhookPath("", "v2", portalA), "")
	const want = `{"webhook_enabled":true,"webhook_status":"inactive","last_attempt_at":"2026-03-10T08:29:14.52Z",` +
		`"last_response_code":401,"last_response_message":"Unauthorized, again"}`
	if got := strings.TrimSpace(rec.Body.String()); got != want {
		t.Errorf("body = %s\nwant %s", got, want)
	}
}

// webhookOf reads a decoded status back into a Webhook, failing on a field
// that is present yet zero: the mock leaves those out.
func webhookOf(t *testing.T, j webhookJSON) mockkonnect.Webhook {
	t.Helper()
	if j.WebhookEnabled == nil || j.WebhookStatus == nil {
		t.Fatalf("webhook_enabled or webhook_status missing: %+v", j)
	}
	w := mockkonnect.Webhook{Enabled: *j.WebhookEnabled, Status: *j.WebhookStatus}
	if j.LastAttemptAt != nil {
		at, err := time.Parse(time.RFC3339, *j.LastAttemptAt)
		if err != nil || at.IsZero() || at.Location() != time.UTC {
			t.Errorf("last_attempt_at = %q: want an RFC 3339 time in UTC (%v)", *j.LastAttemptAt, err)
		}
		w.LastAttemptAt = at
	}
	if j.LastResponseCode != nil {
		if *j.LastResponseCode == 0 {
			t.Error("last_response_code 0 sent; want it left out")
		}
		w.LastResponseCode = *j.LastResponseCode
	}
	if j.LastResponseMessage != nil {
		if *j.LastResponseMessage == "" {
			t.Error(`last_response_message "" sent; want it left out`)
		}
		w.LastResponseMessage = *j.LastResponseMessage
	}
	return w
}

func sameWebhook(a, b mockkonnect.Webhook) bool {
	return a.Enabled == b.Enabled && a.Status == b.Status && a.LastAttemptAt.Equal(b.LastAttemptAt) &&
		a.LastResponseCode == b.LastResponseCode && a.LastResponseMessage == b.LastResponseMessage
}

// The status route checks like every other: token, portal ID, portal.
func TestWebhookStatusRefusals(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: []string{portalA}})
	tests := []struct {
		name, path, auth string
		wantStatus       int
		wantDetail       string
	}{
		{name: "no token", path: webhookPath("eu", "v2", portalA), wantStatus: 401, wantDetail: "Unauthorized"},
		{name: "wrong token", path: webhookPath("eu", "v2", portalA), auth: "Bearer kpat_wrong", wantStatus: 401, wantDetail: "Invalid credentials"},
		{name: "org without a token", path: webhookPath("", "v3", ""), wantStatus: 401, wantDetail: "Unauthorized"},
		{name: "not a UUID", path: webhookPath("eu", "v2", "my-portal"), auth: "Bearer " + token, wantStatus: 400, wantDetail: "Invalid path parameters"},
		{name: "unknown portal", path: webhookPath("eu", "v2", portalB), auth: "Bearer " + token, wantStatus: 404, wantDetail: "Portal not found"},
	}
	for _, tc := range tests {
		p := decodeProblem(t, callAuth(t, s, http.MethodGet, tc.path, "", tc.auth), tc.wantStatus)
		if p.Detail != tc.wantDetail {
			t.Errorf("%s: detail = %q, want %q", tc.name, p.Detail, tc.wantDetail)
		}
	}
}

// A deleted portal's webhook settings go with it.
func TestRemovePortalForgetsWebhooks(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token})
	off := mockkonnect.Webhook{Status: "inactive"}
	s.SetWebhook("", portalA, off)
	s.SetWebhook("eu", portalA, off)
	s.SetWebhook("eu", portalB, off)
	s.SetWebhook("eu", "", off)
	s.RemovePortal(portalA)
	s.AddPortals(portalA, portalB)
	for _, region := range []string{"us", "eu"} {
		if got := decodeWebhook(t, call(t, s, http.MethodGet, webhookPath(region, "v2", portalA), "")); !*got.WebhookEnabled {
			t.Errorf("portal A in %s after RemovePortal: %+v, want the default", region, got)
		}
	}
	if got := s.Webhook("eu", portalB); got != off {
		t.Errorf("Webhook(eu, B) = %+v, want its setting kept", got)
	}
	if got := s.Webhook("eu", ""); got != off {
		t.Errorf("Webhook(eu, org) = %+v, want its setting kept", got)
	}
}

// Jobs ignore their webhook, and webhooks their jobs.
func TestWebhooksAndJobsAreApart(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	off := mockkonnect.Webhook{Enabled: false, Status: "inactive", LastResponseCode: 500}
	s.SetWebhook("", portalA, off)
	s.SetWebhook("", "", off)
	s.FailJobs("eu", portalB)
	for _, path := range []string{portalPath("eu", "v2", portalA), "/eu/v2" + jobPath} {
		decodeJob(t, call(t, s, http.MethodPut, path, window(t0, t0)), 202)
		if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200).Status; got != "completed" {
			t.Errorf("%s with its webhook off: %q, want completed", path, got)
		}
	}
	decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalB), window(t0, t0)), 202)
	if got := s.Webhook("eu", portalB); got != mockkonnect.New(mockkonnect.Options{}).Webhook("eu", portalB) {
		t.Errorf("webhook of a failed job = %+v, want the default", got)
	}
	if got := s.Webhook("eu", portalA); got != off {
		t.Errorf("webhook after its job completed = %+v, want %+v", got, off)
	}
}

func TestInvalidWebhook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		webhook mockkonnect.Webhook
		wantErr string
	}{
		{name: "no status", webhook: mockkonnect.Webhook{Enabled: true}, wantErr: `Status must be "active" or "inactive", got ""`},
		{name: "status in upper case", webhook: mockkonnect.Webhook{Status: "ACTIVE"}, wantErr: `got "ACTIVE"`},
		{name: "negative code", webhook: mockkonnect.Webhook{Status: "active", LastResponseCode: -1}, wantErr: "LastResponseCode must not be negative, got -1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for what, f := range map[string]func(){
				"mockkonnect.SetWebhook: ": func() { mockkonnect.New(mockkonnect.Options{}).SetWebhook("eu", portalA, tc.webhook) },
				"mockkonnect.New: Webhook: ": func() {
					w := tc.webhook
					mockkonnect.New(mockkonnect.Options{Webhook: &w})
				},
			} {
				func() {
					defer func() {
						if msg, _ := recover().(string); !strings.HasPrefix(msg, what) || !strings.Contains(msg, tc.wantErr) {
							t.Errorf("panicked with %q, want %q…%q", msg, what, tc.wantErr)
						}
					}()
					f()
					t.Errorf("%s accepted %+v", what, tc.webhook)
				}()
			}
		})
	}
}

// The webhook itself says where it sends: a portal's webhook, and the
// organization's under /v3, an audit log destination; the organization's
// under /v2, an endpoint. SetWebhook sets both.
func TestWebhookDocument(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, NewPortals: []string{portalN}})
	s.SetWebhook("eu", portalA, mockkonnect.Webhook{Enabled: false, Status: mockkonnect.WebhookActive,
		Endpoint: "https://unused.example.com", DestinationID: "11111111-2222-4333-8444-555555555555"})
	for _, tc := range []struct{ path, want string }{
		{"/eu/v2/portals/" + portalA + "/audit-log-webhook", `{"enabled":false,"audit_log_destination_id":"11111111-2222-4333-8444-555555555555"}`},
		{"/eu/v3/portals/" + portalN + "/audit-log-webhook", `{"enabled":true,"audit_log_destination_id":"5e1f0c2d-7a3b-4c9d-8e6f-a1b2c3d4e5f6"}`},
		{"/eu/v2/audit-log-webhook", `{"endpoint":"https://siem.example.com/konnect/audit-logs","enabled":true,"log_format":"cef","skip_ssl_verification":false}`},
		{"/eu/v3/audit-log-webhook", `{"enabled":true,"audit_log_destination_id":"5e1f0c2d-7a3b-4c9d-8e6f-a1b2c3d4e5f6"}`},
	} {
		rec := call(t, s, http.MethodGet, tc.path, "")
		if rec.Code != 200 || rec.Body.String() != tc.want {
			t.Errorf("GET %s = %d %s, want 200 %s", tc.path, rec.Code, rec.Body, tc.want)
		}
	}
	if rec := call(t, s, http.MethodGet, "/eu/v3/portals/"+portalA+"/audit-log-webhook", ""); rec.Code != 404 {
		t.Errorf("a classic portal's webhook under v3 = %d, want 404", rec.Code)
	}
}
