package main

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func TestParseWebhookSpec(t *testing.T) {
	t.Parallel()
	type W = mockkonnect.Webhook
	attempt := time.Date(2026, 3, 21, 9, 29, 14, 520_000_000, time.UTC)
	base := W{Enabled: true, Status: "active"}
	good := []struct {
		name       string
		spec       string
		wantPortal string
		wantRegion string
		want       W // the spec over base
	}{
		{name: "default only", spec: "enabled=false", want: W{Enabled: false, Status: "active"}},
		{name: "every key", spec: "portal=" + portal + ",region=eu,enabled=true,status=inactive,code=401,attempt=2026-03-21T09:29:14.52Z,message=Unauthorized",
			wantPortal: portal, wantRegion: "eu",
			want: W{Enabled: true, Status: "inactive", LastAttemptAt: attempt, LastResponseCode: 401, LastResponseMessage: "Unauthorized"}},
		{name: "organization", spec: "portal=org,status=inactive", wantPortal: "org", want: W{Enabled: true, Status: "inactive"}},
		{name: "portal and region in any case", spec: "portal=" + strings.ToUpper(portal) + ",region=SG,code=503", wantPortal: portal, wantRegion: "sg",
			want: W{Enabled: true, Status: "active", LastResponseCode: 503}},
		{name: "message takes the rest, commas and equals signs included", spec: "code=400,message=bad request, field=start_at, again",
			want: W{Enabled: true, Status: "active", LastResponseCode: 400, LastResponseMessage: "bad request, field=start_at, again"}},
		{name: "message keeps its spaces", spec: "portal=org, message= spaced out ", wantPortal: "org",
			want: W{Enabled: true, Status: "active", LastResponseMessage: " spaced out "}},
		{name: "message may be all there is", spec: "message=portal=org,status=inactive",
			want: W{Enabled: true, Status: "active", LastResponseMessage: "portal=org,status=inactive"}},
		{name: "a key after message is part of it", spec: "message=a,code=500,message=b",
			want: W{Enabled: true, Status: "active", LastResponseMessage: "a,code=500,message=b"}},
		{name: "empty message", spec: "status=inactive,message=", want: W{Enabled: true, Status: "inactive"}},
		{name: "spaces and stray commas", spec: " portal = org , , enabled = false ,", wantPortal: "org", want: W{Enabled: false, Status: "active"}},
		{name: "attempt with an offset", spec: "attempt=2026-03-21T10:29:14.52+01:00", want: W{Enabled: true, Status: "active", LastAttemptAt: attempt}},
		{name: "where it sends", spec: "portal=org,endpoint=https://siem.example.org/in,destination=" + strings.ToUpper(portal), wantPortal: "org",
			want: W{Enabled: true, Status: "active", Endpoint: "https://siem.example.org/in", DestinationID: portal}},
	}
	for _, tc := range good {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, err := parseWebhookSpec(tc.spec)
			if err != nil {
				t.Fatalf("parseWebhookSpec(%q) = %v", tc.spec, err)
			}
			if w.portal != tc.wantPortal || w.region != tc.wantRegion {
				t.Errorf("portal, region = %q, %q; want %q, %q", w.portal, w.region, tc.wantPortal, tc.wantRegion)
			}
			if got := w.over(base); !got.LastAttemptAt.Equal(tc.want.LastAttemptAt) || got.Enabled != tc.want.Enabled ||
				got.Status != tc.want.Status || got.LastResponseCode != tc.want.LastResponseCode || got.LastResponseMessage != tc.want.LastResponseMessage ||
				got.Endpoint != tc.want.Endpoint || got.DestinationID != tc.want.DestinationID {
				t.Errorf("sets %+v\nwant %+v", got, tc.want)
			}
		})
	}

	bad := []struct{ name, spec, wantErr string }{
		{name: "empty", spec: "", wantErr: "sets nothing: give at least one of enabled, status, code, attempt, endpoint, destination or message"},
		{name: "only a portal", spec: "portal=org", wantErr: "sets nothing"},
		{name: "not key=value", spec: "portal=org,inactive", wantErr: `"inactive" is not key=value (keys: portal, region, enabled, status, code, attempt, endpoint, destination, and message last)`},
		{name: "unknown key", spec: "portal=org,state=inactive", wantErr: `"state=inactive": unknown key "state" (keys: portal, region, enabled, status, code, attempt, endpoint, destination, and message last)`},
		{name: "key twice", spec: "code=401,code=500", wantErr: `"code=500": code is given twice`},
		{name: "portal not a UUID", spec: "portal=my-portal,code=401", wantErr: `"portal=my-portal": portal wants a portal UUID or org`},
		{name: "unknown region", spec: "portal=org,region=xx,code=401", wantErr: `"region=xx": region wants one of us eu au me in sg ap`},
		{name: "region without portal", spec: "region=eu,enabled=false", wantErr: "region= needs portal=<uuid> or portal=org"},
		{name: "enabled not a boolean", spec: "enabled=yes", wantErr: `"enabled=yes": enabled wants true or false`},
		{name: "enabled in upper case", spec: "enabled=TRUE", wantErr: "enabled wants true or false"},
		{name: "unknown status", spec: "status=failing", wantErr: `"status=failing": status wants active or inactive`},
		{name: "code not a number", spec: "code=unauthorized", wantErr: `"code=unauthorized": code wants an HTTP status code from 100 to 599, such as 401`},
		{name: "code too small", spec: "code=0", wantErr: "code wants an HTTP status code from 100 to 599"},
		{name: "code too large", spec: "code=600", wantErr: "code wants an HTTP status code from 100 to 599"},
		{name: "attempt without zone", spec: "attempt=2026-03-21T09:29:14", wantErr: `"attempt=2026-03-21T09:29:14": attempt wants an RFC 3339 time, such as 2026-03-21T09:29:14Z`},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseWebhookSpec(tc.spec)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseWebhookSpec(%q) = %v, want an error containing %q", tc.spec, err, tc.wantErr)
			}
		})
	}
}

// Keys a flag leaves out come from the less specific flag, in whatever
// order the flags come.
func TestResolveWebhooks(t *testing.T) {
	t.Parallel()
	type W = mockkonnect.Webhook
	parse := func(specs ...string) []webhookSpec {
		var out []webhookSpec
		for _, s := range specs {
			w, err := parseWebhookSpec(s)
			if err != nil {
				t.Fatalf("parseWebhookSpec(%q) = %v", s, err)
			}
			out = append(out, w)
		}
		return out
	}
	tests := []struct {
		name        string
		specs       []string
		wantDefault *W
		want        []webhookSetting
	}{
		{name: "none"},
		{name: "default only", specs: []string{"code=500"}, wantDefault: &W{Enabled: true, Status: "active", LastResponseCode: 500}},
		{
			name:  "portal over the mock's default",
			specs: []string{"portal=" + portal + ",status=inactive"},
			want:  []webhookSetting{{portalID: portal, webhook: W{Enabled: true, Status: "inactive"}}},
		},
		{
			name:        "portal over the default flag, given after it",
			specs:       []string{"portal=org,status=inactive", "enabled=false,message=off"},
			wantDefault: &W{Enabled: false, Status: "active", LastResponseMessage: "off"},
			want:        []webhookSetting{{portalID: "", webhook: W{Enabled: false, Status: "inactive", LastResponseMessage: "off"}}},
		},
		{
			name:        "region over the portal's every-region flag over the default",
			specs:       []string{"portal=" + portal + ",region=eu,code=401", "enabled=false", "portal=" + portal + ",status=inactive"},
			wantDefault: &W{Enabled: false, Status: "active"},
			want: []webhookSetting{
				{region: "eu", portalID: portal, webhook: W{Enabled: false, Status: "inactive", LastResponseCode: 401}},
				{portalID: portal, webhook: W{Enabled: false, Status: "inactive"}},
			},
		},
		{
			name:  "a region of another portal does not inherit",
			specs: []string{"portal=" + portal + ",status=inactive", "portal=" + newPortal + ",region=au,code=404"},
			want: []webhookSetting{
				{portalID: portal, webhook: W{Enabled: true, Status: "inactive"}},
				{region: "au", portalID: newPortal, webhook: W{Enabled: true, Status: "active", LastResponseCode: 404}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			def, got, err := resolveWebhooks(parse(tc.specs...))
			if err != nil {
				t.Fatal(err)
			}
			if (def == nil) != (tc.wantDefault == nil) || (def != nil && *def != *tc.wantDefault) {
				t.Errorf("default = %+v, want %+v", def, tc.wantDefault)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("settings = %+v\nwant %+v", got, tc.want)
			}
		})
	}

	for _, dup := range [][]string{
		{"code=401", "enabled=false"},
		{"portal=org,code=401", "portal=org,code=500"},
		{"portal=" + portal + ",region=eu,code=401", "portal=" + strings.ToUpper(portal) + ",region=EU,code=500"},
	} {
		if _, _, err := resolveWebhooks(parse(dup...)); err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "-webhook: two flags set") {
			t.Errorf("resolveWebhooks(%q) = %v, want a usage error", dup, err)
		}
	}
}

// What -webhook sets is what a client reads, for portals and the org.
func TestRunWebhooks(t *testing.T) {
	t.Parallel()
	baseURL, _, _, stop := start(t, "-new-portals", newPortal,
		"-webhook", "enabled=false",
		"-webhook", "portal="+portal+",status=inactive,code=401,attempt=2026-03-21T09:29:14.52Z,message=Unauthorized, twice",
		"-webhook", "portal=org,region=eu,status=inactive",
	)
	tests := []struct{ path, want string }{
		{path: "/us/v2/portals/" + portal + "/audit-log-webhook/status",
			want: `{"webhook_enabled":false,"webhook_status":"inactive","last_attempt_at":"2026-03-21T09:29:14.52Z","last_response_code":401,"last_response_message":"Unauthorized, twice"}`},
		{path: "/v3/portals/" + newPortal + "/audit-log-webhook/status", want: `{"webhook_enabled":false,"webhook_status":"active"}`},
		{path: "/eu/v3/audit-log-webhook/status", want: `{"webhook_enabled":false,"webhook_status":"inactive"}`},
		{path: "/au/v2/audit-log-webhook/status", want: `{"webhook_enabled":false,"webhook_status":"active"}`},
	}
	for _, tc := range tests {
		req, err := http.NewRequest(http.MethodGet, baseURL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer kpat_any")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got, want map[string]any
		if err := json.Unmarshal(body, &got); err != nil || resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %s (%v)", tc.path, resp.StatusCode, body, err)
			continue
		}
		if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, want) {
			t.Errorf("GET %s = %s\nwant %s", tc.path, body, tc.want)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
