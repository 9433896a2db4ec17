package konnect

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestScopePaths(t *testing.T) {
	cases := []struct {
		name            string
		scope           Scope
		job, hook, owns string
	}{
		{"organization", OrganizationScope("eu"), "/v2/audit-log-replay-job", "/v2/audit-log-webhook/status", ""},
		{"classic portal", PortalScope("us", V2, portal), "/v2/portals/" + portal + "/audit-log-replay-job", "/v2/portals/" + portal + "/audit-log-webhook/status", "/v2/portals/" + portal},
		{"new portal", PortalScope("au", V3, portal), "/v3/portals/" + portal + "/audit-log-replay-job", "/v3/portals/" + portal + "/audit-log-webhook/status", "/v3/portals/" + portal},
		{"a portal ID that needs escaping", PortalScope("us", V2, "a/b"), "/v2/portals/a%2Fb/audit-log-replay-job", "/v2/portals/a%2Fb/audit-log-webhook/status", "/v2/portals/a%2Fb"},
	}
	for _, tc := range cases {
		if got := tc.scope.ReplayJobPath(); got != tc.job {
			t.Errorf("%s: ReplayJobPath = %s, want %s", tc.name, got, tc.job)
		}
		if got := tc.scope.WebhookStatusPath(); got != tc.hook {
			t.Errorf("%s: WebhookStatusPath = %s, want %s", tc.name, got, tc.hook)
		}
		if tc.scope.Owner != tc.owns {
			t.Errorf("%s: Owner = %q, want %q", tc.name, tc.scope.Owner, tc.owns)
		}
	}
}

const (
	portalJSON      = `{"id":"` + portal + `","name":"p"}`
	portal404       = `{"status":404,"title":"Not Found","instance":"kong:trace:1","detail":"Portal not found"}`
	noRoute404      = `{"message":"no Route matched with those values"}`
	problemJSON     = "application/problem+json"
	applicationJSON = "application/json"
)

// byRoute serves each path its own answer, whatever order concurrent
// requests arrive in; a path it does not list answers Konnect's 404.
func byRoute(t *testing.T, answers map[string]answer) (*Client, func() []seen) {
	t.Helper()
	return serve(t, func(r *http.Request) answer {
		if a, ok := answers[strings.TrimPrefix(r.URL.Path, "/eu")]; ok {
			return a
		}
		return answer{404, problemJSON, portal404}
	})
}

// The routes a lookup asks, without the region.
var (
	v3Portal, v2Portal = "/v3/portals/" + portal, "/v2/portals/" + portal
	v3Hook, v2Hook     = v3Portal + "/audit-log-webhook/status", v2Portal + "/audit-log-webhook/status"
	v3Job, v2Job       = v3Portal + "/audit-log-replay-job", v2Portal + "/audit-log-replay-job"
)

func forbidden(detail string) answer {
	return answer{403, problemJSON, `{"status":403,"title":"Forbidden","detail":"` + detail + `"}`}
}

const hookJSON = `{"webhook_enabled":true,"webhook_status":"active"}`

// lookupCase is one lookup: the answers by route, what it finds, and the
// routes it asks, in any order.
type lookupCase struct {
	name     string
	answers  map[string]answer
	want     APIVersion
	requests []string
	err      string // a part of the error; "" for none
	notFound bool
}

func (tc lookupCase) check(t *testing.T, got APIVersion, err error, log []seen) {
	t.Helper()
	if got != tc.want {
		t.Errorf("found %q, want %q", got, tc.want)
	}
	switch {
	case tc.err == "" && err != nil:
		t.Errorf("error %v, want none", err)
	case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
		t.Errorf("error %v, want one containing %q", err, tc.err)
	}
	var nf *PortalNotFoundError
	if errors.As(err, &nf) != tc.notFound {
		t.Errorf("error %v: is a PortalNotFoundError = %v, want %v", err, !tc.notFound, tc.notFound)
	}
	if tc.notFound && EndingOf(err) != Rejected {
		t.Errorf("EndingOf(%v) = %s, want rejected", err, EndingOf(err))
	}
	var paths []string
	for _, r := range log {
		if r.method != "GET" {
			t.Errorf("%s %s: only GETs may find a portal", r.method, r.path)
		}
		paths = append(paths, strings.TrimPrefix(r.path, "/eu"))
	}
	slices.Sort(paths)
	want := slices.Sorted(slices.Values(tc.requests))
	if !slices.Equal(paths, want) {
		t.Errorf("requests %v, want %v", paths, want)
	}
}

func TestPortalVersion(t *testing.T) {
	t.Parallel()
	cases := []lookupCase{
		{
			name:     "a new Dev Portal",
			answers:  map[string]answer{v3Portal: {200, applicationJSON, portalJSON}},
			want:     V3,
			requests: []string{v3Portal, v2Portal},
		},
		{
			name:     "a classic Dev Portal",
			answers:  map[string]answer{v2Portal: {200, applicationJSON, portalJSON}},
			want:     V2,
			requests: []string{v3Portal, v2Portal},
		},
		{
			name:     "neither knows it",
			requests: []string{v3Portal, v2Portal},
			err:      "Konnect knows no portal " + portal + " in region eu: GET http://",
			notFound: true,
		},
		{
			name:     "a 404 that is not Konnect's stops the search",
			answers:  map[string]answer{v3Portal: {404, applicationJSON, noRoute404}},
			requests: []string{v3Portal, v2Portal},
			err:      "404 Not Found: {\"message\":\"no Route matched",
		},
		{
			name:     "a 5xx on one, and the other does not know it",
			answers:  map[string]answer{v3Portal: {500, problemJSON, `{"status":500,"title":"Internal Server Error"}`}},
			requests: []string{v3Portal, v2Portal},
			err:      "500 Internal Server Error",
		},
		{
			name:     "a 5xx on one, and the other knows it",
			answers:  map[string]answer{v3Portal: {500, problemJSON, `{"status":500,"title":"Internal Server Error"}`}, v2Portal: {200, applicationJSON, portalJSON}},
			want:     V2,
			requests: []string{v3Portal, v2Portal},
		},
		{
			name:     "a token that may not read portals, nor the job",
			answers:  map[string]answer{v2Portal: forbidden("nope"), v2Job: forbidden("")},
			requests: []string{v3Portal, v2Portal, v2Job},
			err:      "403 Forbidden: nope",
		},
		{
			name:     "a token that may not read new portals finds a classic one",
			answers:  map[string]answer{v3Portal: forbidden("not v3"), v2Portal: {200, applicationJSON, portalJSON}},
			want:     V2,
			requests: []string{v3Portal, v2Portal},
		},
		{
			name:     "a token that may read no portal finds a new one by its job",
			answers:  map[string]answer{v3Portal: forbidden("no portals"), v2Portal: forbidden(""), v3Job: {200, applicationJSON, jobJSON}},
			want:     V3,
			requests: []string{v3Portal, v2Portal, v3Job, v2Job},
		},
		{
			name:     "and a classic one by its job",
			answers:  map[string]answer{v2Portal: forbidden("no portals"), v2Job: {200, applicationJSON, jobJSON}},
			want:     V2,
			requests: []string{v3Portal, v2Portal, v2Job},
		},
		{
			name:     "a 403 that the jobs do not settle says why",
			answers:  map[string]answer{v3Portal: forbidden("not v3"), v3Job: forbidden("")},
			requests: []string{v3Portal, v2Portal, v3Job},
			err:      "403 Forbidden: not v3",
		},
		{
			name: "a job route that fails after a 403 is reported as itself",
			answers: map[string]answer{v3Portal: forbidden("not v3"),
				v3Job: {500, problemJSON, `{"status":500,"title":"Internal Server Error","detail":"job store down"}`}},
			requests: []string{v3Portal, v2Portal, v3Job},
			err:      "500 Internal Server Error: job store down",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, log := byRoute(t, tc.answers)
			got, err := c.PortalVersion(context.Background(), "eu", portal)
			tc.check(t, got, err, log())
		})
	}
}

// TestFindPortal is the lookup a send, an import and a data source make:
// both APIs asked for one route at once, and the portals read only when
// that does not settle it.
func TestFindPortal(t *testing.T) {
	t.Parallel()
	type probeCase struct {
		lookupCase
		probe Probe
		// hook and job say whether the found API's answer came back.
		hook, job bool
		probeErr  string // a part of Found.ProbeErr; "" for none
	}
	cases := []probeCase{
		{lookupCase: lookupCase{
			name:     "a 404 from one API and the webhook's status from the other: a new Dev Portal",
			answers:  map[string]answer{v3Hook: {200, applicationJSON, hookJSON}},
			want:     V3,
			requests: []string{v3Hook, v2Hook},
		}, hook: true},
		{lookupCase: lookupCase{
			name:     "and a classic one",
			answers:  map[string]answer{v2Hook: {200, applicationJSON, hookJSON}},
			want:     V2,
			requests: []string{v3Hook, v2Hook},
		}, hook: true},
		{lookupCase: lookupCase{
			name:     "a token that may read the webhook's status but not portals needs no portal",
			answers:  map[string]answer{v2Hook: {200, applicationJSON, hookJSON}, v3Portal: forbidden(""), v2Portal: forbidden("")},
			want:     V2,
			requests: []string{v3Hook, v2Hook},
		}, hook: true},
		{lookupCase: lookupCase{
			name:     "a portal with no webhook configured that answers 200",
			answers:  map[string]answer{v3Hook: {200, applicationJSON, `{"webhook_enabled":false}`}},
			want:     V3,
			requests: []string{v3Hook, v2Hook},
		}, hook: true},
		{lookupCase: lookupCase{
			name:     "a portal with no webhook configured that answers 404: the portals say which",
			answers:  map[string]answer{v2Portal: {200, applicationJSON, portalJSON}},
			want:     V2,
			requests: []string{v3Hook, v2Hook, v3Portal, v2Portal},
		}, probeErr: "404 Not Found"},
		{lookupCase: lookupCase{
			name:     "a 404 from both, and from both portals",
			requests: []string{v3Hook, v2Hook, v3Portal, v2Portal},
			err:      "Konnect knows no portal",
			notFound: true,
		}},
		{lookupCase: lookupCase{
			name:     "a token that may not read webhook status falls back on the portals",
			answers:  map[string]answer{v3Hook: forbidden("no status"), v2Hook: forbidden("no status"), v3Portal: {200, applicationJSON, portalJSON}},
			want:     V3,
			requests: []string{v3Hook, v2Hook, v3Portal, v2Portal},
		}, probeErr: "403 Forbidden: no status"},
		{lookupCase: lookupCase{
			name:     "403 on the status and on the portal read: the job says which",
			answers:  map[string]answer{v3Hook: forbidden(""), v2Hook: forbidden(""), v3Portal: forbidden(""), v2Portal: forbidden(""), v2Job: {200, applicationJSON, jobJSON}},
			want:     V2,
			requests: []string{v3Hook, v2Hook, v3Portal, v2Portal, v3Job, v2Job},
		}, probeErr: "403 Forbidden"},
		{lookupCase: lookupCase{
			name: "a 5xx on one, and the other does not know it: the 5xx is the answer",
			answers: map[string]answer{v3Hook: {503, problemJSON, `{"status":503,"title":"Service Unavailable"}`},
				v3Portal: {200, applicationJSON, portalJSON}},
			requests: []string{v3Hook, v2Hook},
			err:      "503 Service Unavailable",
		}},
		{lookupCase: lookupCase{
			name:     "a 5xx on one, and the other knows it",
			answers:  map[string]answer{v3Hook: {500, problemJSON, `{"status":500,"title":"Internal Server Error"}`}, v2Hook: {200, applicationJSON, hookJSON}},
			want:     V2,
			requests: []string{v3Hook, v2Hook},
		}, hook: true},
		{lookupCase: lookupCase{
			name:     "a 200 whose body cannot be read still says which API knows the portal",
			answers:  map[string]answer{v2Hook: {200, applicationJSON, `{"webhook_enabled":tr`}},
			want:     V2,
			requests: []string{v3Hook, v2Hook},
		}, probeErr: "a body the provider cannot use"},
		{lookupCase: lookupCase{
			name:     "a 401 ends the lookup at once",
			answers:  map[string]answer{v3Hook: {401, problemJSON, `{"status":401,"title":"Unauthorized"}`}, v2Hook: {401, problemJSON, `{"status":401,"title":"Unauthorized"}`}},
			requests: []string{v3Hook, v2Hook},
			err:      "401 Unauthorized",
		}},
		{lookupCase: lookupCase{
			name:     "the job route: a classic portal and its job in one answer",
			answers:  map[string]answer{v2Job: {200, applicationJSON, jobJSON}},
			want:     V2,
			requests: []string{v3Job, v2Job},
		}, probe: ProbeJob, job: true},
		{lookupCase: lookupCase{
			name:     "the job route of a portal neither API knows",
			requests: []string{v3Job, v2Job, v3Portal, v2Portal},
			err:      "Konnect knows no portal",
			notFound: true,
		}, probe: ProbeJob},
		{lookupCase: lookupCase{
			name:     "the portal route",
			answers:  map[string]answer{v2Portal: {200, applicationJSON, portalJSON}},
			want:     V2,
			requests: []string{v3Portal, v2Portal},
		}, probe: ProbePortal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, log := byRoute(t, tc.answers)
			found, err := c.FindPortal(context.Background(), "eu", portal, tc.probe)
			tc.check(t, found.Version, err, log())
			if (found.Webhook != nil) != tc.hook || (found.Job != nil) != tc.job {
				t.Errorf("found the webhook's status: %v, the job: %v; want %v, %v", found.Webhook != nil, found.Job != nil, tc.hook, tc.job)
			}
			switch {
			case tc.probeErr == "" && found.ProbeErr != nil:
				t.Errorf("ProbeErr %v, want none", found.ProbeErr)
			case tc.probeErr != "" && (found.ProbeErr == nil || !strings.Contains(found.ProbeErr.Error(), tc.probeErr)):
				t.Errorf("ProbeErr %v, want one containing %q", found.ProbeErr, tc.probeErr)
			}
		})
	}
}

func TestGetWebhookStatus(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	cases := []struct {
		name               string
		body               string
		enabled            *bool
		disabled, inactive bool
		lastAttempt        string
		keepsLastAttemptAt string
	}{
		{
			name:               "Kong's example",
			body:               `{"webhook_enabled":true,"webhook_status":"inactive","last_attempt_at":"2023-03-21T09:29:14.52Z","last_response_code":401,"last_response_message":"Unauthorized"}`,
			enabled:            &yes,
			inactive:           true,
			lastAttempt:        `at 2023-03-21T09:29:14.52Z, answered 401 "Unauthorized"`,
			keepsLastAttemptAt: "2023-03-21T09:29:14.52Z",
		},
		{
			name:        "disabled, never attempted",
			body:        `{"webhook_enabled":false,"webhook_status":"active"}`,
			enabled:     &no,
			disabled:    true,
			lastAttempt: "no attempt recorded",
		},
		{
			name:        "nothing but a code",
			body:        `{"last_response_code":502}`,
			lastAttempt: "answered 502",
		},
		{
			name:               "a time that is not RFC 3339 is kept as written: it says nothing of readiness",
			body:               `{"webhook_enabled":true,"webhook_status":"active","last_attempt_at":"yesterday"}`,
			enabled:            &yes,
			lastAttempt:        "at yesterday",
			keepsLastAttemptAt: "yesterday",
		},
		{
			name:               "a time with an offset is kept as written",
			body:               `{"webhook_enabled":true,"webhook_status":"active","last_attempt_at":"2026-11-20T10:00:00+02:00","last_response_code":200,"last_response_message":""}`,
			enabled:            &yes,
			lastAttempt:        "at 2026-11-20T10:00:00+02:00, answered 200",
			keepsLastAttemptAt: "2026-11-20T10:00:00+02:00",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, log := newServer(t, answer{200, applicationJSON, tc.body})
			st, err := c.GetWebhookStatus(context.Background(), PortalScope("me", V3, portal))
			if err != nil {
				t.Fatal(err)
			}
			if (st.Enabled == nil) != (tc.enabled == nil) || (st.Enabled != nil && *st.Enabled != *tc.enabled) {
				t.Errorf("Enabled = %v, want %v", st.Enabled, tc.enabled)
			}
			if st.Disabled() != tc.disabled || st.Inactive() != tc.inactive {
				t.Errorf("Disabled, Inactive = %v, %v; want %v, %v", st.Disabled(), st.Inactive(), tc.disabled, tc.inactive)
			}
			if got := st.LastAttempt(); got != tc.lastAttempt {
				t.Errorf("LastAttempt = %q, want %q", got, tc.lastAttempt)
			}
			if tc.keepsLastAttemptAt != "" && (st.LastAttemptAt == nil || *st.LastAttemptAt != tc.keepsLastAttemptAt) {
				t.Errorf("LastAttemptAt = %v, want %q as Konnect wrote it", st.LastAttemptAt, tc.keepsLastAttemptAt)
			}
			if r := log()[0]; r.method != "GET" || r.path != "/me/v3/portals/"+portal+"/audit-log-webhook/status" {
				t.Errorf("request %s %s", r.method, r.path)
			}
		})
	}
}

func TestGetWebhookStatusRejectsWhatCannotBeOne(t *testing.T) {
	t.Parallel()
	for name, a := range map[string]answer{
		"a code that is text": {200, applicationJSON, `{"last_response_code":"401"}`},
		"a page":              {200, "text/html", `<html></html>`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := newServer(t, a)
			_, err := c.GetWebhookStatus(context.Background(), OrganizationScope("us"))
			var ae *AnswerError
			if !errors.As(err, &ae) || EndingOf(err) != Unreadable {
				t.Fatalf("error %v (%T), want an unusable answer", err, err)
			}
		})
	}
}
