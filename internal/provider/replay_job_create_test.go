package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// What a create sends Konnect, and what it records or says, when Konnect
// waits, refuses or misbehaves: through the protocol, as terraform apply
// asks. A failed create records nothing (Terraform keeps no state for it);
// what Terraform then plans and stores is tested with the CLI.

const portalJob = "konnect_portal_audit_log_replay_job"

// portalJobConfig is the harness's portal job for [start, end], with more
// attributes.
func (h *harness) portalJobConfig(start, end string, more cfg) cfg {
	return merged(cfg{"portal_id": h.portal, "start_at": start, "end_at": end}, more)
}

// count is how many requests of method the mock answered with status.
func (h *harness) count(method string, status int) int {
	n := 0
	for _, r := range h.mock.Requests() {
		if r.Method == method && r.Status == status {
			n++
		}
	}
	return n
}

// expectRecorded fails the test unless the create succeeded and recorded
// status.
func expectRecorded(t *testing.T, got applied, status string) {
	t.Helper()
	if hasError(got.diags) {
		t.Fatalf("the create failed:\n%s", diagText(got.diags))
	}
	if v := stringAttr(got.state, "status"); v != status {
		t.Errorf("status = %s, want %s", v, status)
	}
}

// expectNothingRecorded fails the test if a failed create recorded anything.
func expectNothingRecorded(t *testing.T, got applied) {
	t.Helper()
	if got.state != nil {
		t.Errorf("the state records %v; the window was not sent, so nothing may be recorded", got.state)
	}
}

// wait_for_completion waits, on the shared clock, until the job completes:
// one accepted PUT, then only reads of the job.
func TestCreateWaitsForCompletion(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{Accepted: time.Minute, Pending: time.Minute, Running: 2 * time.Minute}, nil)
	got := h.create(portalJob, h.portalJobConfig(h.rfc(2*time.Hour), h.rfc(time.Hour), cfg{"wait_for_completion": true}))
	expectRecorded(t, got, "completed")
	if v := stringAttr(got.state, "wait_for_completion"); v != "true" {
		t.Errorf("wait_for_completion = %s, want true", v)
	}
	reqs := h.requests()
	before := h.beforePut()
	if len(reqs) < len(before)+2 || !slices.Equal(reqs[:len(before)], before) || reqs[len(before)] != "PUT "+h.jobPath()+" 202" {
		t.Fatalf("the mock received:\n  %s\nwant the reads before a PUT, one accepted PUT, then reads of the job", strings.Join(reqs, "\n  "))
	}
	for _, r := range reqs[len(before)+1:] {
		if r != "GET "+h.jobPath()+" 200" {
			t.Errorf("after the PUT the mock received %s; want only reads of the job", r)
		}
	}
}

// Another window's job running: without wait_for_completion, Konnect's 409
// is an error that says what to do, and nothing is recorded; with it, the
// provider waits for that job, then sends and waits for its own.
func TestCreateBehindARunningJob(t *testing.T) {
	t.Parallel()
	t.Run("without wait", func(t *testing.T) {
		t.Parallel()
		h := newConfiguredHarness(t, mockkonnect.Options{Running: time.Hour}, nil)
		h.mock.SetJob(h.region, h.portal, h.clock.Now().Add(-48*time.Hour), h.clock.Now().Add(-47*time.Hour))
		got := h.create(portalJob, h.portalJobConfig(h.rfc(2*time.Hour), h.rfc(time.Hour), nil))
		expectDiags(t, got.diags, []string{"error: Replay Job Already Running"},
			"refused the window for portal "+h.portal+" in region "+h.region, "once that job has completed", "window was not sent",
			"(status running)", "wait_for_completion = true", "Konnect said: A replay job is currently running", "Trace: konnect:trace:")
		expectNothingRecorded(t, got)
	})
	t.Run("with wait", func(t *testing.T) {
		t.Parallel()
		h := newConfiguredHarness(t, mockkonnect.Options{Running: 10 * time.Minute}, nil)
		h.mock.SetJob(h.region, h.portal, h.clock.Now().Add(-48*time.Hour), h.clock.Now().Add(-47*time.Hour))
		// The other job runs until Konnect has refused the window once; the
		// window's own job runs until Konnect has accepted it. Each then
		// finishes because the test says so, whatever the time it took.
		h.mock.SetOnRequest(func(r mockkonnect.Request) {
			if r.Method == "PUT" && (r.Status == 409 || r.Status == 202) {
				h.clock.Advance(10 * time.Minute)
			}
		})
		start := h.rfc(2 * time.Hour)
		got := h.create(portalJob, h.portalJobConfig(start, h.rfc(time.Hour), cfg{"wait_for_completion": true}))
		expectRecorded(t, got, "completed")
		if v := stringAttr(got.state, "start_at"); v != start {
			t.Errorf("start_at = %s, want %s", v, start)
		}
		var seq []string
		for _, r := range h.requests() {
			f := strings.Fields(r)
			if step := f[0] + f[2]; len(seq) == 0 || seq[len(seq)-1] != step {
				seq = append(seq, step)
			}
		}
		// The portal found with its webhook's status, then the job.
		if got, want := strings.Join(seq, " "), "GET404 GET200 PUT409 GET200 PUT202 GET200"; got != want {
			t.Errorf("requests ran %s, want %s", got, want)
		}
	})
}

// When Konnect's clock runs ahead of the planning machine's, Konnect has the
// last word: its 400 reaches the user pointed at the attribute, with its
// reason and trace, from the one PUT sent.
func TestCreateRejectedByKonnect(t *testing.T) {
	t.Parallel()
	h := newHarness(t, mockkonnect.Options{}, 48*time.Hour)
	h.mustConfigure(nil)
	start := h.rfc(6 * 24 * time.Hour)
	got := h.create(portalJob, h.portalJobConfig(start, h.rfc(2*time.Hour), nil))
	expectDiags(t, got.diags, []string{"error: Konnect Rejected the Replay Window at start_at"},
		"start_at must be within the last 7 days", "Trace: kong:trace:", "answered 400")
	expectNothingRecorded(t, got)
	if want := lines(h.beforePut(), "PUT "+h.jobPath()+" 400"); !slices.Equal(h.requests(), want) {
		t.Errorf("the mock received %q, want %q", h.requests(), want)
	}
}

// Seen: a 409 while Konnect read the job as not running made the provider
// alternate PUT and GET with no pause (138 PUTs in 12 s), ending as
// "request interrupted" rather than the timeout it was.
func TestCreateConflictWhileNotRunningIsPaced(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
	// Completed at once: every read says it is not running.
	h.mock.SetJob(h.region, h.portal, h.clock.Now().Add(-48*time.Hour), h.clock.Now().Add(-47*time.Hour))
	must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "PUT", Status: 409, ContentType: "application/problem+json",
		Body: `{"status":409,"title":"Conflict","detail":"A replay job is currently running"}`}))
	start := h.clock.Now()
	got := h.create(portalJob, h.portalJobConfig(h.rfc(3*time.Hour), h.rfc(time.Hour),
		cfg{"wait_for_completion": true, "timeouts": cfg{"create": "3m"}}))
	expectDiags(t, got.diags, []string{"error: Timed Out Before Sending the Replay Window"},
		"timeouts.create ran out after 3m", "so the window was not sent")
	expectNothingRecorded(t, got)
	waited := h.clock.Now().Sub(start)
	puts, gets := h.count("PUT", 409), h.count("GET", 200)
	// At least a second between a 409 and the next PUT, whatever GET says:
	// at most one PUT and one GET a second, and far fewer as the wait grows.
	if limit := int(waited / time.Second); puts < 2 || puts > limit || gets > limit+1 {
		t.Errorf("%d PUTs and %d GETs in %s of waiting; want between 2 and %d PUTs, and no more GETs than a second each", puts, gets, waited, limit)
	}
	if waited < 3*time.Minute {
		t.Errorf("the wait ended after %s, before its 3m timeout", waited)
	}
}

// A 409 because Konnect already replays the very window being sent (an
// earlier apply's wait timed out, say) records it, never sends it again.
func TestCreateConflictWithTheSameWindow(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{Running: 10 * time.Minute}, nil)
	start, end := h.clock.Now().Add(-3*time.Hour).Truncate(time.Second), h.clock.Now().Add(-time.Hour).Truncate(time.Second)
	h.mock.SetJob(h.region, h.portal, start, end)
	// It finishes once the provider has read it running.
	h.mock.SetOnRequest(func(r mockkonnect.Request) {
		if r.Method == "GET" && r.Path == h.jobPath() {
			h.clock.Advance(10 * time.Minute)
		}
	})
	got := h.create(portalJob, h.portalJobConfig(start.Format(time.RFC3339), end.In(plus2).Format(time.RFC3339), cfg{"wait_for_completion": true}))
	expectRecorded(t, got, "completed")
	if want := lines(h.beforePut(), "PUT "+h.jobPath()+" 409", "GET "+h.jobPath()+" 200", "GET "+h.jobPath()+" 200"); !slices.Equal(h.requests(), want) {
		t.Errorf("the mock received:\n  %s\nwant:\n  %s", strings.Join(h.requests(), "\n  "), strings.Join(want, "\n  "))
	}
	if n := h.count("PUT", 202); n != 0 {
		t.Errorf("Konnect took %d PUTs, want none", n)
	}
}

// Seen: a server that echoes the Authorization header in a problem's detail
// got the token printed in the diagnostic.
func TestCreateEchoedTokenIsMasked(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
	must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Status: 401, ContentType: "application/problem+json",
		Body: fmt.Sprintf(`{"status":401,"title":"Unauthorized","detail":"invalid header Authorization: Bearer %s","instance":"kong:trace:%s"}`, testToken, testToken)}))
	got := h.create(portalJob, h.portalJobConfig(h.rfc(3*time.Hour), h.rfc(time.Hour), nil))
	text := diagText(got.diags)
	switch {
	case !hasError(got.diags):
		t.Fatalf("the apply succeeded; want Konnect's 401:\n%s", text)
	case strings.Contains(text, testToken):
		t.Fatalf("the token appears in the diagnostic:\n%s", text)
	case !strings.Contains(text, "invalid header Authorization: Bearer ***"):
		t.Fatalf("the diagnostic does not quote Konnect's detail, masked:\n%s", text)
	}
	if reqs := h.mock.Requests(); len(reqs) == 0 || reqs[0].Header.Get("Authorization") != "Bearer "+testToken {
		t.Fatal("the mock did not receive the token; the test would prove nothing")
	}
}

// Seen: with server_url set to one region's host (https://eu.api.konghq.com,
// as Kong's provider users set it), a job was created in eu while its ID and
// region said us. That region is now the default, and the only one allowed:
// the plan says so.
func TestPlanRegionalServerURL(t *testing.T) {
	t.Parallel()
	h := newHarness(t, mockkonnect.Options{}, 0)
	if diags := h.configure(cfg{"server_url": "https://au.api.konghq.com", "personal_access_token": "kpat_x"}); hasError(diags) {
		t.Fatal(diagText(diags))
	}
	p := h.plan(portalJob, h.portalJobConfig(h.rfc(3*time.Hour), h.rfc(time.Hour), nil))
	expectDiags(t, p.diags, nil)
	planned := h.attrs(h.resourceType(portalJob), p.state)
	if region, id := stringAttr(planned, "region"), stringAttr(planned, "id"); region != "au" || id != "au/"+h.portal {
		t.Errorf("planned region %s and id %s, want au and au/%s", region, id, h.portal)
	}
}

// Seen: a read under 429 honoured each Retry-After, up to five minutes each,
// with no overall limit. read_timeout bounds it, and a wait longer than the
// time left is not begun.
func TestReadsAreBounded(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{}, cfg{"read_timeout": "150s"})
	must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRateLimited, RetryAfter: "60"}))
	start := h.clock.Now()
	// One read, with api_version set: the automatic fake clock adds up
	// the waits of reads that run at once.
	got := h.read(portalJob, cfg{"portal_id": h.portal, "api_version": "v2"})
	expectDiags(t, got.diags, []string{"error: Konnect Unavailable"},
		"429 Too Many Requests", "after 3 attempts", "Konnect asked to wait 1m", "longer than the time left")
	// Two waits of a minute and a little fit in 150 s; a third does not.
	if n, waited := len(h.mock.Requests()), h.clock.Now().Sub(start); n != 3 || waited > 150*time.Second {
		t.Errorf("%d requests over %s; want 3 within the read_timeout", n, waited)
	}
}

// Seen: with timeouts.create = "2s" and a stalled read while finding the
// portal's API, an apply took 17 s: the lookup ran under read_timeout,
// before the create's own timeout started. It is part of the create now,
// and its error names the timeout that ran out.
func TestLookupWithinTheSendTimeout(t *testing.T) {
	t.Parallel()
	// Rate-limited reads, each retried after a second: the create's 2 s
	// run out while the API is still being looked for.
	h := newConfiguredHarness(t, mockkonnect.Options{}, cfg{"max_retries": 10})
	must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRateLimited, Route: "GET /v*/portals/*/audit-log-webhook/status", RetryAfter: "1"}))
	start := h.clock.Now()
	got := h.create(portalJob, h.portalJobConfig(h.rfc(2*time.Hour), h.rfc(time.Hour), cfg{"timeouts": cfg{"create": "2s"}}))
	expectDiags(t, got.diags, []string{"error: Timed Out Finding the Portal's API at api_version"},
		"timeouts.create ran out after 2s", "finding out which API knows portal "+h.portal, "Nothing was sent", "Raise timeouts.create", "set api_version")
	if got.state != nil {
		t.Errorf("the state records %v; nothing was sent", got.state)
	}
	for _, r := range h.mock.Requests() {
		if r.Method != "GET" {
			t.Errorf("%s %s: nothing may be sent", r.Method, r.Path)
		}
	}
	// The automatic fake clock adds up the waits of the two reads the
	// lookup makes at once, so the clock may pass the 2 s by about one
	// retry's wait of each, however the two interleave; a lookup outside
	// the create's timeout took 17 s.
	if waited := h.clock.Since(start); waited > 5*time.Second {
		t.Errorf("the create took %s, far more than its 2s", waited)
	}
}

// Finding a portal's API, a 401 or a URL that cannot be reached is about
// the provider's credentials or URL, not api_version; a 5xx suggests
// setting api_version, as a 403 does.
func TestLookupErrorsNameWhatFailed(t *testing.T) {
	t.Parallel()
	status := func(code int, title string) mockkonnect.Fault {
		return mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v*/portals/*/audit-log-webhook/status", Status: code,
			ContentType: "application/problem+json", Body: fmt.Sprintf(`{"status":%d,"title":%q}`, code, title)}
	}
	cases := []struct {
		name  string
		fault mockkonnect.Fault
		want  string
		words []string
	}{
		{"401", status(401, "Unauthorized"), "error: Konnect Rejected the Access Token",
			[]string{"refused the provider's credentials", "personal_access_token"}},
		{"500", status(500, "Internal Server Error"), "error: Konnect Request Failed at api_version",
			[]string{"whether the portal is a classic Dev Portal", "Set api_version to skip it", "500"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, mockkonnect.Options{}, cfg{"max_retries": 0})
			must(t, h.mock.SetFaults(tc.fault))
			got := h.create(portalJob, h.portalJobConfig(h.rfc(2*time.Hour), h.rfc(time.Hour), nil))
			expectDiags(t, got.diags, []string{tc.want}, tc.words...)
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, mockkonnect.Options{}, 0)
		if diags := h.configure(cfg{"server_url": "http://127.0.0.1:1/{region}", "personal_access_token": "kpat_x", "max_retries": 0}); hasError(diags) {
			t.Fatal(diagText(diags))
		}
		got := h.create(portalJob, h.portalJobConfig(h.rfc(2*time.Hour), h.rfc(time.Hour), nil))
		expectDiags(t, got.diags, []string{"error: Konnect Request Failed"}, "could not ask", "server_url")
	})
}

// A 507 (a server with no room, such as the mock at -max-jobs) is a
// refusal: one PUT, nothing recorded, and an error that does not say to
// apply again but passes on the server's way out.
func TestNoRoomIsARefusal(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{MaxJobs: 1, Running: time.Hour}, nil)
	h.mock.SetJob("eu", "0a000000-0000-4000-8000-00000000000a", h.clock.Now().Add(-3*time.Hour), h.clock.Now().Add(-2*time.Hour))
	got := h.create(portalJob, cfg{"portal_id": testPortal, "start_at": h.rfc(3 * time.Hour), "end_at": h.rfc(time.Hour)})
	expectDiags(t, got.diags, []string{"error: No Room in Konnect"}, "507 Insufficient Storage", "did not carry the request out",
		"trying again does not help", "larger -max-jobs")
	if strings.Contains(diagText(got.diags), "pply again") || got.state != nil {
		t.Errorf("state %v; diagnostics:\n%s\nwant nothing recorded, and no advice to apply again", got.state, diagText(got.diags))
	}
	if n := len(h.puts()); n != 1 {
		t.Errorf("%d PUTs, want 1", n)
	}
}
