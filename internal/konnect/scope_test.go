package konnect

import (
	"context"
	"errors"
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

func TestPortalVersion(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		answers  []answer
		want     APIVersion
		requests []string
		err      string // a part of the error; "" for none
		notFound bool
	}{
		{
			name:     "a new Dev Portal, found at once",
			answers:  []answer{{200, applicationJSON, portalJSON}},
			want:     V3,
			requests: []string{"/eu/v3/portals/" + portal},
		},
		{
			name:     "a classic portal, after the new API's 404",
			answers:  []answer{{404, problemJSON, portal404}, {200, applicationJSON, portalJSON}},
			want:     V2,
			requests: []string{"/eu/v3/portals/" + portal, "/eu/v2/portals/" + portal},
		},
		{
			name:     "neither knows it",
			answers:  []answer{{404, problemJSON, portal404}, {404, problemJSON, portal404}},
			requests: []string{"/eu/v3/portals/" + portal, "/eu/v2/portals/" + portal},
			err:      "Konnect knows no portal " + portal + " in region eu: GET http://",
			notFound: true,
		},
		{
			name:     "a 404 that is not Konnect's stops the search",
			answers:  []answer{{404, applicationJSON, noRoute404}},
			requests: []string{"/eu/v3/portals/" + portal},
			err:      "404 Not Found: {\"message\":\"no Route matched",
		},
		{
			name:     "a token that may not read portals, nor the job",
			answers:  []answer{{404, problemJSON, portal404}, {403, problemJSON, `{"status":403,"title":"Forbidden","detail":"nope"}`}},
			requests: []string{"/eu/v3/portals/" + portal, "/eu/v2/portals/" + portal, "/eu/v2/portals/" + portal + "/audit-log-replay-job"},
			err:      "403 Forbidden: nope",
		},
		{
			name:     "a token that may not read new portals finds a classic one",
			answers:  []answer{{403, problemJSON, `{"status":403,"title":"Forbidden","detail":"not v3"}`}, {200, applicationJSON, portalJSON}},
			want:     V2,
			requests: []string{"/eu/v3/portals/" + portal, "/eu/v2/portals/" + portal},
		},
		{
			name: "a token that may read no portal finds a new one by its job",
			answers: []answer{{403, problemJSON, `{"status":403,"title":"Forbidden","detail":"no portals"}`}, {403, problemJSON, `{"status":403,"title":"Forbidden"}`},
				{200, applicationJSON, jobJSON}},
			want:     V3,
			requests: []string{"/eu/v3/portals/" + portal, "/eu/v2/portals/" + portal, "/eu/v3/portals/" + portal + "/audit-log-replay-job"},
		},
		{
			name: "and a classic one by its job",
			answers: []answer{{404, problemJSON, portal404}, {403, problemJSON, `{"status":403,"title":"Forbidden","detail":"no portals"}`},
				{200, applicationJSON, jobJSON}},
			want:     V2,
			requests: []string{"/eu/v3/portals/" + portal, "/eu/v2/portals/" + portal, "/eu/v2/portals/" + portal + "/audit-log-replay-job"},
		},
		{
			name: "a 403 that the jobs do not settle says why",
			answers: []answer{{403, problemJSON, `{"status":403,"title":"Forbidden","detail":"not v3"}`}, {404, problemJSON, portal404},
				{403, problemJSON, `{"status":403,"title":"Forbidden"}`}},
			requests: []string{"/eu/v3/portals/" + portal, "/eu/v2/portals/" + portal, "/eu/v3/portals/" + portal + "/audit-log-replay-job"},
			err:      "403 Forbidden: not v3",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, log := newServer(t, tc.answers...)
			got, err := c.PortalVersion(context.Background(), "eu", portal)
			if got != tc.want {
				t.Errorf("PortalVersion = %q, want %q", got, tc.want)
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
			for _, r := range log() {
				if r.method != "GET" {
					t.Errorf("%s %s: only GETs may find a portal", r.method, r.path)
				}
				paths = append(paths, r.path)
			}
			if strings.Join(paths, " ") != strings.Join(tc.requests, " ") {
				t.Errorf("requests %v, want %v", paths, tc.requests)
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
