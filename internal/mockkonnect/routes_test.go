package mockkonnect_test

import (
	"net/http"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func TestRoutes(t *testing.T) {
	t.Parallel()
	// What a 200 holds; "" for a problem.
	const job, hook, portal = "job", "webhook", "portal"
	tests := []struct {
		name       string
		path       string
		wantStatus int
		wantBody   string // job, hook or portal for a 200
		wantDetail string // of a 404
		wantRegion string
		wantPortal string // as logged
	}{
		{name: "no prefix is us", path: portalPath("", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "us", wantPortal: portalA},
		{name: "explicit us", path: portalPath("us", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "us", wantPortal: portalA},
		{name: "eu", path: portalPath("eu", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "eu", wantPortal: portalA},
		{name: "au", path: portalPath("au", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "au", wantPortal: portalA},
		{name: "me", path: portalPath("me", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "me", wantPortal: portalA},
		{name: "in", path: portalPath("in", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "in", wantPortal: portalA},
		{name: "sg", path: portalPath("sg", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "sg", wantPortal: portalA},
		{name: "ap", path: portalPath("ap", "v2", portalA), wantStatus: 200, wantBody: job, wantRegion: "ap", wantPortal: portalA},
		{name: "new portal's job under v3", path: portalPath("eu", "v3", portalN), wantStatus: 200, wantBody: job, wantRegion: "eu", wantPortal: portalN},
		{name: "classic portal's job under v3", path: portalPath("eu", "v3", portalA), wantStatus: 404, wantDetail: "Portal not found", wantRegion: "eu", wantPortal: portalA},
		{name: "new portal's job under v2", path: portalPath("", "v2", portalN), wantStatus: 404, wantDetail: "Portal not found", wantRegion: "us", wantPortal: portalN},
		{name: "org job", path: "/v2" + jobPath, wantStatus: 200, wantBody: job, wantRegion: "us"},
		{name: "org job with region", path: "/sg/v2" + jobPath, wantStatus: 200, wantBody: job, wantRegion: "sg"},
		{name: "org job under v3", path: "/v3" + jobPath, wantStatus: 200, wantBody: job, wantRegion: "us"},
		{name: "classic portal's webhook", path: webhookPath("eu", "v2", portalA), wantStatus: 200, wantBody: hook, wantRegion: "eu", wantPortal: portalA},
		{name: "new portal's webhook under v3", path: webhookPath("me", "v3", portalN), wantStatus: 200, wantBody: hook, wantRegion: "me", wantPortal: portalN},
		{name: "classic portal's webhook under v3", path: webhookPath("", "v3", portalA), wantStatus: 404, wantDetail: "Portal not found", wantRegion: "us", wantPortal: portalA},
		{name: "new portal's webhook under v2", path: webhookPath("au", "v2", portalN), wantStatus: 404, wantDetail: "Portal not found", wantRegion: "au", wantPortal: portalN},
		{name: "org webhook", path: webhookPath("", "v2", ""), wantStatus: 200, wantBody: hook, wantRegion: "us"},
		{name: "org webhook under v3 with region", path: webhookPath("in", "v3", ""), wantStatus: 200, wantBody: hook, wantRegion: "in"},
		{name: "classic portal", path: "/eu/v2/portals/" + portalA, wantStatus: 200, wantBody: portal, wantRegion: "eu", wantPortal: portalA},
		{name: "new portal", path: "/v3/portals/" + portalN, wantStatus: 200, wantBody: portal, wantRegion: "us", wantPortal: portalN},
		{name: "classic portal under v3", path: "/v3/portals/" + portalA, wantStatus: 404, wantDetail: "Portal not found", wantRegion: "us", wantPortal: portalA},
		{name: "unknown region", path: portalPath("xx", "v2", portalA), wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "region in upper case", path: portalPath("EU", "v2", portalA), wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "unknown version", path: portalPath("", "v1", portalA), wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "region without version", path: "/eu" + jobPath, wantStatus: 404, wantDetail: "Not Found", wantRegion: "eu"},
		{name: "trailing segment", path: portalPath("", "v2", portalA) + "/x", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "trailing slash", path: portalPath("", "v2", portalA) + "/", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "webhook status with a trailing slash", path: webhookPath("", "v2", portalA) + "/", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "the webhook itself with a trailing slash", path: "/v2/portals/" + portalA + "/audit-log-webhook/", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "status without a webhook", path: "/v2/portals/" + portalA + "/status", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "root", path: "/", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{Token: token, NewPortals: []string{portalN}})
			rec := call(t, s, http.MethodGet, tc.path, "")
			switch tc.wantBody {
			case job:
				decodeJob(t, rec, 200)
			case hook:
				decodeWebhook(t, rec)
			case portal:
				if got := decodePortal(t, rec); got.ID != tc.wantPortal {
					t.Errorf("portal id = %q, want %q", got.ID, tc.wantPortal)
				}
			default:
				p := decodeProblem(t, rec, tc.wantStatus)
				if p.Title != "Not Found" || p.Detail != tc.wantDetail {
					t.Errorf("title, detail = %q, %q; want Not Found, %q", p.Title, p.Detail, tc.wantDetail)
				}
			}
			reqs := s.Requests()
			if len(reqs) != 1 {
				t.Fatalf("logged %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Path != tc.path || r.Status != tc.wantStatus {
				t.Errorf("logged path, status = %q, %d; want %q, %d", r.Path, r.Status, tc.path, tc.wantStatus)
			}
			if r.Region != tc.wantRegion || r.PortalID != tc.wantPortal {
				t.Errorf("logged region, portal = %q, %q; want %q, %q", r.Region, r.PortalID, tc.wantRegion, tc.wantPortal)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	paths := map[string]struct{ path, allow string }{
		"portal job v2":     {path: portalPath("eu", "v2", portalA), allow: "GET, PUT"},
		"portal job v3":     {path: portalPath("", "v3", portalA), allow: "GET, PUT"},
		"org job":           {path: "/v2" + jobPath, allow: "GET, PUT"},
		"portal webhook v2": {path: webhookPath("eu", "v2", portalA), allow: "GET"},
		"portal webhook v3": {path: webhookPath("", "v3", portalN), allow: "GET"},
		"org webhook":       {path: webhookPath("au", "v3", ""), allow: "GET"},
	}
	methods := []string{http.MethodPost, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions}
	for name, route := range paths {
		methods := methods
		if route.allow == "GET" {
			methods = append([]string{http.MethodPut}, methods...)
		}
		for _, method := range methods {
			t.Run(name+" "+method, func(t *testing.T) {
				t.Parallel()
				s := mockkonnect.New(mockkonnect.Options{Token: token})
				rec := call(t, s, method, route.path, "")
				if rec.Code != http.StatusMethodNotAllowed {
					t.Fatalf("status = %d, want 405", rec.Code)
				}
				if got := rec.Header().Get("Allow"); got != route.allow {
					t.Errorf("Allow = %q, want %q", got, route.allow)
				}
				if method != http.MethodHead {
					p := decodeProblem(t, rec, 405)
					if p.Title != "Method Not Allowed" {
						t.Errorf("title = %q", p.Title)
					}
				}
				if got := s.Requests()[0].Status; got != 405 {
					t.Errorf("logged status = %d, want 405", got)
				}
			})
		}
	}
}

// Each region holds its own job for the same portal.
func TestRegionsAreSeparate(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalA), window(t0, t0)), 202)

	if got := decodeJob(t, call(t, s, http.MethodGet, portalPath("eu", "v2", portalA), ""), 200).Status; got != "completed" {
		t.Errorf("eu status = %q, want completed", got)
	}
	for _, region := range []string{"", "us", "au"} {
		if got := decodeJob(t, call(t, s, http.MethodGet, portalPath(region, "v2", portalA), ""), 200).Status; got != "unconfigured" {
			t.Errorf("region %q status = %q, want unconfigured", region, got)
		}
	}
	if _, ok := s.Job("us", portalA); ok {
		t.Error("Job(us) configured, want only eu")
	}
	if _, ok := s.Job("eu", portalA); !ok {
		t.Error("Job(eu) unconfigured")
	}
}
