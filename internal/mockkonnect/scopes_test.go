package mockkonnect_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A portal's job lives under the one version that knows the portal; the
// organization's job is one job under /v2 and /v3; the three are apart.
func TestJobScopes(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, Accepted: time.Minute, NewPortals: []string{portalN}})
	classicStart, newStart, orgStart := t0.Add(-time.Hour), t0.Add(-2*time.Hour), t0.Add(-3*time.Hour)

	decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalA), window(classicStart, t0)), 202)
	decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v3", portalN), window(newStart, t0)), 202)
	decodeJob(t, call(t, s, http.MethodPut, "/eu/v3"+jobPath, window(orgStart, t0)), 202)

	// Each scope's job, read back where it lives, and through Job.
	for _, tc := range []struct {
		name, path, portal string
		wantStart          time.Time
	}{
		{name: "classic portal", path: portalPath("eu", "v2", portalA), portal: portalA, wantStart: classicStart},
		{name: "new portal", path: portalPath("eu", "v3", portalN), portal: portalN, wantStart: newStart},
		{name: "org through v2", path: "/eu/v2" + jobPath, wantStart: orgStart},
		{name: "org through v3", path: "/eu/v3" + jobPath, wantStart: orgStart},
	} {
		if got := decodeJob(t, call(t, s, http.MethodGet, tc.path, ""), 200); got.StartAt != rfc(tc.wantStart) || got.Status != "accepted" {
			t.Errorf("%s: GET %s = %+v, want the window from %s", tc.name, tc.path, got, rfc(tc.wantStart))
		}
		if j, ok := s.Job("eu", tc.portal); !ok || !j.StartAt.Equal(tc.wantStart) {
			t.Errorf("%s: Job(eu, %q) = %+v, %v", tc.name, tc.portal, j, ok)
		}
	}

	// The version that does not know a portal answers 404 and changes nothing.
	for _, path := range []string{portalPath("eu", "v3", portalA), portalPath("eu", "v2", portalN)} {
		decodeProblem(t, call(t, s, http.MethodPut, path, window(t0, t0)), 404)
		decodeProblem(t, call(t, s, http.MethodGet, path, ""), 404)
	}
	if j, _ := s.Job("eu", portalA); !j.StartAt.Equal(classicStart) {
		t.Errorf("classic job after a PUT under v3: %+v", j)
	}
	if j, _ := s.Job("eu", portalN); !j.StartAt.Equal(newStart) {
		t.Errorf("new portal's job after a PUT under v2: %+v", j)
	}
}

// The organization always exists: its routes never answer 404, whatever
// portals there are.
func TestOrgJobNeverNotFound(t *testing.T) {
	t.Parallel()
	clock := newClock()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, Portals: []string{}})
	s.RemovePortal(portalA)
	for _, region := range []string{"", "us", "eu", "ap"} {
		for _, version := range []string{"v2", "v3"} {
			path := regionPrefix(region) + "/" + version + jobPath
			if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200); got.Status == "" {
				t.Errorf("GET %s: no status", path)
			}
			decodeJob(t, call(t, s, http.MethodPut, path, window(t0, t0)), 202)
			decodeWebhook(t, call(t, s, http.MethodGet, webhookPath(region, version, ""), ""))
		}
	}
	for _, r := range s.Requests() {
		if r.Status == 404 || r.PortalID != "" {
			t.Errorf("logged %s %s → %d with portal %q", r.Method, r.Path, r.Status, r.PortalID)
		}
	}
}

// The organization's job and a portal's are independent: neither blocks,
// fails, clears or removes the other.
func TestOrgJobIndependentOfPortalJobs(t *testing.T) {
	t.Parallel()
	s, clock := newServer(0, 0, time.Hour)
	org, portal := "/eu/v2"+jobPath, portalPath("eu", "v2", portalA)

	// A running portal job does not block the organization's, nor the
	// other way round.
	decodeJob(t, call(t, s, http.MethodPut, portal, window(t0.Add(-time.Hour), t0)), 202)
	decodeJob(t, call(t, s, http.MethodPut, org, window(t0.Add(-2*time.Hour), t0)), 202)
	decodeProblem(t, call(t, s, http.MethodPut, portal, window(t0, t0)), 409)
	decodeProblem(t, call(t, s, http.MethodPut, "/eu/v3"+jobPath, window(t0, t0)), 409)

	// FailJobs of one scope leaves the other completing.
	s.FailJobs("eu", "")
	clock.Advance(time.Hour)
	if got := decodeJob(t, call(t, s, http.MethodGet, org, ""), 200).Status; got != "failed" {
		t.Errorf("org job = %q, want failed", got)
	}
	if got := decodeJob(t, call(t, s, http.MethodGet, portal, ""), 200).Status; got != "completed" {
		t.Errorf("portal job = %q, want completed", got)
	}

	// Clearing or removing the portal leaves the organization's job, and
	// clearing the organization's leaves the portal's.
	s.SetJob("eu", portalB, t0, t0)
	s.ClearJob("eu", "")
	if _, ok := s.Job("eu", portalB); !ok {
		t.Error("ClearJob of the org cleared a portal's job")
	}
	s.SetJob("eu", "", t0, t0)
	s.ClearJob("eu", portalA)
	s.RemovePortal(portalB)
	if _, ok := s.Job("eu", ""); !ok {
		t.Error("a portal's ClearJob or RemovePortal cleared the org job")
	}
	// Another region's organization job is another job.
	if _, ok := s.Job("us", ""); ok {
		t.Error("the us org job is configured; only eu was")
	}
}
