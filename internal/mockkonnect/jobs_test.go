package mockkonnect_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Konnect answers a never-configured job with zero times, not with 404.
func TestUnconfiguredJob(t *testing.T) {
	t.Parallel()
	for _, path := range []string{portalPath("", "v2", portalA), portalPath("me", "v2", portalA), "/in/v2" + jobPath, "/in/v3" + jobPath} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			s, _ := newServer(0, 0, 0)
			rec := call(t, s, http.MethodGet, path, "")
			const want = `{"start_at":"0001-01-01T00:00:00Z","end_at":"0001-01-01T00:00:00Z","status":"unconfigured","updated_at":"0001-01-01T00:00:00Z"}`
			if got := strings.TrimSpace(rec.Body.String()); got != want {
				t.Errorf("body = %s\nwant %s", got, want)
			}
			decodeJob(t, rec, 200)
		})
	}
}

func TestPhases(t *testing.T) {
	t.Parallel()
	const accepted, pending, running = 10 * time.Second, 20 * time.Second, 30 * time.Second
	tests := []struct {
		name        string
		after       time.Duration // since the PUT
		fail        bool
		wantStatus  string
		wantUpdated time.Duration // since the PUT
	}{
		{name: "right after the PUT", after: 0, wantStatus: "accepted", wantUpdated: 0},
		{name: "end of accepted", after: accepted - time.Nanosecond, wantStatus: "accepted", wantUpdated: 0},
		{name: "start of pending", after: accepted, wantStatus: "pending", wantUpdated: accepted},
		{name: "inside pending", after: accepted + 5*time.Second, wantStatus: "pending", wantUpdated: accepted},
		{name: "start of running", after: accepted + pending, wantStatus: "running", wantUpdated: accepted + pending},
		{name: "end of running", after: accepted + pending + running - time.Nanosecond, wantStatus: "running", wantUpdated: accepted + pending},
		{name: "completed", after: accepted + pending + running, wantStatus: "completed", wantUpdated: accepted + pending + running},
		{name: "completed long after", after: 48 * time.Hour, wantStatus: "completed", wantUpdated: accepted + pending + running},
		{name: "failing job still runs first", after: accepted + pending, fail: true, wantStatus: "running", wantUpdated: accepted + pending},
		{name: "failed", after: accepted + pending + running, fail: true, wantStatus: "failed", wantUpdated: accepted + pending + running},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, clock := newServer(accepted, pending, running)
			if tc.fail {
				s.FailJobs("eu", portalA)
			}
			start := t0.Add(-time.Hour)
			decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalA), window(start, t0)), 202)
			clock.Advance(tc.after)

			got := decodeJob(t, call(t, s, http.MethodGet, portalPath("eu", "v2", portalA), ""), 200)
			want := jobJSON{StartAt: rfc(start), EndAt: rfc(t0), Status: tc.wantStatus, UpdatedAt: rfc(t0.Add(tc.wantUpdated))}
			if got != want {
				t.Errorf("GET = %+v\nwant %+v", got, want)
			}
			j, ok := s.Job("eu", portalA)
			if !ok || j.Status != tc.wantStatus || !j.UpdatedAt.Equal(t0.Add(tc.wantUpdated)) {
				t.Errorf("Job() = %+v, %v; want status %s", j, ok, tc.wantStatus)
			}
		})
	}
}

// With every phase zero a job is done by the time anyone looks.
func TestZeroPhasesCompleteAtOnce(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token})
	path := portalPath("", "v2", portalA)
	now := time.Now().UTC()
	put := decodeJob(t, call(t, s, http.MethodPut, path, window(now.Add(-time.Hour), now)), 202)
	if put.Status != "accepted" {
		t.Errorf("PUT status = %q, want accepted", put.Status)
	}
	if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200).Status; got != "completed" {
		t.Errorf("GET status = %q, want completed", got)
	}
}

func TestFailJobs(t *testing.T) {
	t.Parallel()
	s, clock := newServer(0, 0, time.Minute)
	path := portalPath("", "v2", portalA)

	decodeJob(t, call(t, s, http.MethodPut, path, window(t0, t0)), 202)
	clock.Advance(time.Minute + time.Second)
	s.FailJobs("us", portalA)
	if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200).Status; got != "completed" {
		t.Errorf("a job that ended before FailJobs is %q, want completed", got)
	}

	decodeJob(t, call(t, s, http.MethodPut, path, window(t0, t0)), 202)
	clock.Advance(30 * time.Second)
	if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200).Status; got != "running" {
		t.Errorf("status = %q, want running", got)
	}
	clock.Advance(30 * time.Second)
	if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200).Status; got != "failed" {
		t.Errorf("status = %q, want failed", got)
	}

	// Failing is per portal, region and route family.
	for _, other := range []struct{ region, portal string }{{"us", portalB}, {"eu", portalA}, {"us", ""}} {
		s.SetJob(other.region, other.portal, t0, t0)
		clock.Advance(time.Minute)
		if j, _ := s.Job(other.region, other.portal); j.Status != "completed" {
			t.Errorf("Job(%q, %q) = %q, want completed", other.region, other.portal, j.Status)
		}
	}
	s.FailJobs("us", "")
	s.SetJob("us", "", t0, t0)
	clock.Advance(time.Minute)
	if j, _ := s.Job("us", ""); j.Status != "failed" {
		t.Errorf("org job = %q, want failed", j.Status)
	}
}

func TestConflictWhileRunning(t *testing.T) {
	t.Parallel()
	s, clock := newServer(time.Second, time.Second, time.Minute)
	path := portalPath("au", "v2", portalA)
	first, second := t0.Add(-2*time.Hour), t0.Add(-time.Hour)

	decodeJob(t, call(t, s, http.MethodPut, path, window(first, t0)), 202)
	// Accepted and pending jobs may still be replaced.
	clock.Advance(time.Second)
	decodeJob(t, call(t, s, http.MethodPut, path, window(first, t0)), 202)
	clock.Advance(2 * time.Second)
	if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200).Status; got != "running" {
		t.Fatalf("status = %q, want running", got)
	}

	rec := call(t, s, http.MethodPut, path, window(second, t0))
	p := decodeProblem(t, rec, 409)
	if p.Title != "Resource Conflict" || p.Detail != "A replay job is currently running" {
		t.Errorf("title, detail = %q, %q", p.Title, p.Detail)
	}
	if !strings.HasPrefix(p.Instance, "konnect:trace:") {
		t.Errorf("instance = %q, want konnect:trace:…", p.Instance)
	}
	if j, _ := s.Job("au", portalA); !j.StartAt.Equal(first) {
		t.Errorf("a refused PUT changed the window: %+v", j)
	}

	// A bad body is reported as such even while running.
	decodeProblem(t, call(t, s, http.MethodPut, path, `{}`), 400)
	// Another portal, region or the org job is not blocked.
	decodeJob(t, call(t, s, http.MethodPut, portalPath("au", "v2", portalB), window(second, t0)), 202)
	decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalA), window(second, t0)), 202)
	decodeJob(t, call(t, s, http.MethodPut, "/au/v2"+jobPath, window(second, t0)), 202)

	clock.Advance(time.Minute)
	put := decodeJob(t, call(t, s, http.MethodPut, path, window(second, t0)), 202)
	if put.Status != "accepted" || put.StartAt != rfc(second) || put.UpdatedAt != rfc(clock.Now()) {
		t.Errorf("PUT after completion = %+v", put)
	}
}

func TestConflictWhileRunningFailingJobEnds(t *testing.T) {
	t.Parallel()
	s, clock := newServer(0, 0, time.Minute)
	s.FailJobs("us", portalA)
	s.SetJob("us", portalA, t0, t0)
	path := portalPath("", "v2", portalA)
	decodeProblem(t, call(t, s, http.MethodPut, path, window(t0, t0)), 409)
	clock.Advance(time.Minute)
	decodeJob(t, call(t, s, http.MethodPut, path, window(t0, t0)), 202)
}

func TestSetAndClearJob(t *testing.T) {
	t.Parallel()
	s, clock := newServer(time.Second, time.Second, time.Second)
	clock.Advance(time.Hour)
	// SetJob takes any window, even one a PUT would refuse.
	start := t0.Add(-30 * 24 * time.Hour).In(time.FixedZone("CEST", 2*3600))
	end := t0.In(time.FixedZone("EDT", -4*3600))

	for _, tc := range []struct{ name, region, path string }{
		{name: "portal", region: "eu", path: portalPath("eu", "v2", portalA)},
		{name: "empty region is us", region: "", path: portalPath("", "v2", portalA)},
		{name: "region in any case", region: "SG", path: portalPath("sg", "v2", portalA)},
	} {
		s.SetJob(tc.region, portalA, start, end)
		got := decodeJob(t, call(t, s, http.MethodGet, tc.path, ""), 200)
		want := jobJSON{StartAt: rfc(start), EndAt: rfc(end), Status: "accepted", UpdatedAt: rfc(clock.Now())}
		if got != want {
			t.Errorf("%s: GET = %+v\nwant %+v", tc.name, got, want)
		}
	}
	s.SetJob("eu", "", start, end)
	j, ok := s.Job("eu", "")
	if !ok || j.Status != "accepted" || j.StartAt.Location() != time.UTC || !j.StartAt.Equal(start) {
		t.Errorf("Job(eu, org) = %+v, %v", j, ok)
	}
	// SetJob does not go through HTTP, so the log stays as it was.
	if n := len(s.Requests()); n != 3 {
		t.Errorf("log has %d requests, want 3", n)
	}

	s.ClearJob("eu", portalA)
	if j, ok := s.Job("eu", portalA); ok || j.Status != "unconfigured" {
		t.Errorf("Job after ClearJob = %+v, %v; want unconfigured, false", j, ok)
	}
	if got := decodeJob(t, call(t, s, http.MethodGet, portalPath("eu", "v2", portalA), ""), 200).Status; got != "unconfigured" {
		t.Errorf("GET after ClearJob = %q", got)
	}
	if _, ok := s.Job("", portalA); !ok {
		t.Error("ClearJob(eu) cleared us too")
	}
	if _, ok := s.Job("eu", ""); !ok {
		t.Error("ClearJob(eu, portal) cleared the org job")
	}
}

// At MaxJobs, a new job takes the place of the one that finished first;
// when none has finished, the PUT gets 507, which names the bound and the
// way out.
func TestMaxJobs(t *testing.T) {
	t.Parallel()
	const portalC = "5c5c5c5c-0000-4000-8000-000000000000"
	t.Run("a finished job makes room", func(t *testing.T) {
		t.Parallel()
		clock := newClock()
		s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, MaxJobs: 2})
		for _, p := range []string{portalA, portalB, portalC} {
			decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", p), window(t0.Add(-time.Hour), t0)), 202)
			clock.Advance(time.Second)
		}
		if _, ok := s.Job("eu", portalA); ok {
			t.Error("the job that finished first is still kept")
		}
		for _, p := range []string{portalB, portalC} {
			if _, ok := s.Job("eu", p); !ok {
				t.Errorf("the job of %s was dropped", p)
			}
		}
	})
	t.Run("none finished", func(t *testing.T) {
		t.Parallel()
		clock := newClock()
		s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, MaxJobs: 2, Running: time.Hour})
		for _, p := range []string{portalA, portalB} {
			decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", p), window(t0.Add(-time.Hour), t0)), 202)
		}
		p := decodeProblem(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalC), window(t0.Add(-time.Hour), t0)), 507)
		for _, want := range []string{"at most 2 replay jobs", "-max-jobs", "none of them finished", "nothing was stored", "larger -max-jobs"} {
			if !strings.Contains(p.Detail, want) {
				t.Errorf("detail %q does not say %q", p.Detail, want)
			}
		}
	})
}
