package mockkonnect_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func TestRoutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		path       string
		wantStatus int
		wantRegion string
		wantPortal string
	}{
		{name: "no prefix is us", path: portalPath("", "v2", portalA), wantStatus: 200, wantRegion: "us", wantPortal: portalA},
		{name: "explicit us", path: portalPath("us", "v2", portalA), wantStatus: 200, wantRegion: "us", wantPortal: portalA},
		{name: "eu", path: portalPath("eu", "v2", portalA), wantStatus: 200, wantRegion: "eu", wantPortal: portalA},
		{name: "au", path: portalPath("au", "v2", portalA), wantStatus: 200, wantRegion: "au", wantPortal: portalA},
		{name: "me", path: portalPath("me", "v2", portalA), wantStatus: 200, wantRegion: "me", wantPortal: portalA},
		{name: "in", path: portalPath("in", "v2", portalA), wantStatus: 200, wantRegion: "in", wantPortal: portalA},
		{name: "sg", path: portalPath("sg", "v2", portalA), wantStatus: 200, wantRegion: "sg", wantPortal: portalA},
		{name: "ap", path: portalPath("ap", "v2", portalA), wantStatus: 200, wantRegion: "ap", wantPortal: portalA},
		{name: "v3 portal route", path: portalPath("eu", "v3", portalA), wantStatus: 200, wantRegion: "eu", wantPortal: portalA},
		{name: "org route", path: "/v2" + jobPath, wantStatus: 200, wantRegion: "us"},
		{name: "org route with region", path: "/sg/v2" + jobPath, wantStatus: 200, wantRegion: "sg"},
		{name: "org route under v3", path: "/v3" + jobPath, wantStatus: 200, wantRegion: "us"},
		{name: "unknown region", path: portalPath("xx", "v2", portalA), wantStatus: 404, wantRegion: "us"},
		{name: "region in upper case", path: portalPath("EU", "v2", portalA), wantStatus: 404, wantRegion: "us"},
		{name: "unknown version", path: portalPath("", "v1", portalA), wantStatus: 404, wantRegion: "us"},
		{name: "region without version", path: "/eu" + jobPath, wantStatus: 404, wantRegion: "eu"},
		{name: "trailing segment", path: portalPath("", "v2", portalA) + "/x", wantStatus: 404, wantRegion: "us"},
		{name: "trailing slash", path: portalPath("", "v2", portalA) + "/", wantStatus: 404, wantRegion: "us"},
		{name: "other portal resource", path: "/v2/portals/" + portalA + "/audit-log-webhook", wantStatus: 404, wantRegion: "us"},
		{name: "root", path: "/", wantStatus: 404, wantRegion: "us"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{Token: token})
			rec := call(t, s, http.MethodGet, tc.path, "")
			if tc.wantStatus == 200 {
				decodeJob(t, rec, 200)
			} else {
				p := decodeProblem(t, rec, tc.wantStatus)
				if p.Title != "Not Found" || p.Detail != "Not Found" {
					t.Errorf("title, detail = %q, %q; want Not Found twice", p.Title, p.Detail)
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
			if tc.wantStatus == 200 && (r.Region != tc.wantRegion || r.PortalID != tc.wantPortal) {
				t.Errorf("logged region, portal = %q, %q; want %q, %q", r.Region, r.PortalID, tc.wantRegion, tc.wantPortal)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	paths := map[string]string{
		"portal v2": portalPath("eu", "v2", portalA),
		"portal v3": portalPath("", "v3", portalA),
		"org":       "/v2" + jobPath,
	}
	methods := []string{http.MethodPost, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodOptions}
	for name, path := range paths {
		for _, method := range methods {
			t.Run(name+" "+method, func(t *testing.T) {
				t.Parallel()
				s := mockkonnect.New(mockkonnect.Options{Token: token})
				rec := call(t, s, method, path, "")
				if rec.Code != http.StatusMethodNotAllowed {
					t.Fatalf("status = %d, want 405", rec.Code)
				}
				if got := rec.Header().Get("Allow"); got != "GET, PUT" {
					t.Errorf("Allow = %q, want %q", got, "GET, PUT")
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

// The /v2 and /v3 portal routes are one job; the org route is another.
func TestRouteFamilies(t *testing.T) {
	t.Parallel()
	s, _ := newServer(time.Minute, 0, 0)
	start, end := t0.Add(-time.Hour), t0

	decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalA), window(start, end)), 202)
	v3 := decodeJob(t, call(t, s, http.MethodGet, portalPath("eu", "v3", portalA), ""), 200)
	if v3.Status != "accepted" || v3.StartAt != rfc(start) || v3.EndAt != rfc(end) {
		t.Errorf("v3 sees %+v, want the job PUT through v2", v3)
	}
	if org := decodeJob(t, call(t, s, http.MethodGet, "/eu/v2"+jobPath, ""), 200); org.Status != "unconfigured" {
		t.Errorf("org job = %+v, want unconfigured", org)
	}

	orgStart := t0.Add(-2 * time.Hour)
	decodeJob(t, call(t, s, http.MethodPut, "/eu/v3"+jobPath, window(orgStart, end)), 202)
	org, ok := s.Job("eu", "")
	if !ok || !org.StartAt.Equal(orgStart) {
		t.Errorf("Job(eu, \"\") = %+v, %v; want the org window", org, ok)
	}
	if portal, _ := s.Job("eu", portalA); !portal.StartAt.Equal(start) {
		t.Errorf("portal job changed by org PUT: %+v", portal)
	}
	if got := decodeJob(t, call(t, s, http.MethodGet, "/eu/v2"+jobPath, ""), 200).StartAt; got != rfc(orgStart) {
		t.Errorf("org start through v2 = %s, want %s", got, rfc(orgStart))
	}
}
