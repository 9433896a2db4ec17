package provider

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// phases is how long the mock's jobs stay accepted, pending and running:
// on the shared automatic clock, a wait for a job sees each change.
var phases = mockkonnect.Options{Accepted: 10 * time.Second, Pending: 20 * time.Second, Running: 95 * time.Second}

// invokeCase is one invoke of an action, read to the end of its stream.
type invokeCase struct {
	name   string
	action string // default the portal's
	opts   mockkonnect.Options
	// mockSkew is how much later the mock's clock reads than the provider's.
	mockSkew time.Duration
	config   cfg // portal_id is added for the portal's action
	setup    func(h *actionHarness)
	// progress is every progress message, in order; "SENDING" stands for
	// a line that names the window about to be sent and the target (puts
	// checks the windows).
	progress []string
	// diags and parts are checked as expectDiags does.
	diags []string
	parts []string
	// puts are the bodies of the PUTs Konnect must receive, as putBody
	// makes them from the provider's now.
	puts func(now time.Time) []string
	// requests, when set, is every request Konnect must receive.
	requests func(h *actionHarness) []string
}

func TestReplayActionInvoke(t *testing.T) {
	t.Parallel()
	day, week := 24*time.Hour, 7*24*time.Hour
	// lastOf is the window of last at now: ending a minute before, to the second.
	lastOf := func(last time.Duration) func(time.Time) []string {
		return func(now time.Time) []string {
			return []string{putBody(now.Add(-time.Minute-last), now.Add(-time.Minute))}
		}
	}
	waited := []string{"SENDING", "accepted", "pending, 12s since sent", "running, 37s since sent", "completed, 2m07s since sent"}
	// The mock's jobs without phases are completed at once: the first read shows it.
	atOnce := []string{"SENDING", "accepted", "completed, 1s since sent"}
	tests := []invokeCase{
		{name: "the last 24 hours, waited for until completed", opts: phases, config: cfg{"last": "24h"},
			progress: waited, puts: lastOf(day),
			requests: func(h *actionHarness) []string {
				return lines(h.hookFound(), "PUT "+h.jobPath("v2")+" 202", repeat("GET "+h.jobPath("v2")+" 200", 23))
			}},
		{name: "a window of start_at and end_at, not waited for", opts: phases,
			config:   cfg{"start_at": "2026-11-24T06:00:00Z", "end_at": "2026-11-24T07:30:00+01:00", "wait": false},
			progress: []string{"sending the window 2026-11-24T06:00:00Z to 2026-11-24T06:30:00Z to the replay job of portal " + testPortal + " in region eu", "accepted"},
			// Sent as written, as the resource sends it.
			puts: func(time.Time) []string {
				return []string{`{"start_at":"2026-11-24T06:00:00Z","end_at":"2026-11-24T07:30:00+01:00"}`}
			},
			requests: func(h *actionHarness) []string {
				return lines(h.hookFound(), "PUT "+h.jobPath("v2")+" 202")
			}},
		{name: "the organization's last 7 days", action: orgAction, config: cfg{"last": "7d", "wait": false},
			progress: []string{"sending the window 2026-11-17T12:01:00Z to 2026-11-24T11:59:00Z to the replay job of the organization in region eu", "accepted"},
			puts: func(now time.Time) []string {
				return []string{putBody(now.Add(-week+time.Minute), now.Add(-time.Minute))}
			},
			requests: func(*actionHarness) []string {
				return []string{"GET /eu/v2/audit-log-webhook/status 200", "PUT /eu/v2/audit-log-replay-job 202"}
			}},
		// Konnect refuses an end_at after its own now, and a start_at more
		// than 7 days before it: last keeps a minute from both edges.
		{name: "Konnect's clock 30s behind, the last 24 hours", mockSkew: -30 * time.Second, opts: phases, config: cfg{"last": "24h"},
			progress: waited, puts: lastOf(day)},
		{name: "Konnect's clock 30s ahead, the organization's last 7 days", action: orgAction, mockSkew: 30 * time.Second,
			config: cfg{"last": "7d", "wait": false}, progress: []string{"SENDING", "accepted"},
			puts: func(now time.Time) []string {
				return []string{putBody(now.Add(-week+time.Minute), now.Add(-time.Minute))}
			}},
		{name: "Konnect's clock 2 minutes behind", mockSkew: -2 * time.Minute, config: cfg{"last": "1h"},
			progress: []string{"SENDING"}, puts: lastOf(time.Hour),
			diags: []string{"error: Konnect Rejected the Replay Window at last"},
			parts: []string{`The window of last = "1h" was 2026-11-24T10:59:00Z to 2026-11-24T11:59:00Z.`,
				"Konnect rejected end_at for the replay job of portal " + testPortal + " in region eu", "must be within the last 7 days"}},

		{name: "a new Dev Portal, found by itself", opts: mockkonnect.Options{NewPortals: []string{testPortal}}, config: cfg{"last": "6h"},
			progress: atOnce, puts: lastOf(6 * time.Hour),
			requests: func(h *actionHarness) []string {
				return []string{"GET /eu/v3/portals/" + testPortal + "/audit-log-webhook/status 200", "GET /eu/v2/portals/" + testPortal + "/audit-log-webhook/status 404",
					"PUT " + h.jobPath("v3") + " 202", "GET " + h.jobPath("v3") + " 200"}
			}},
		{name: "api_version set: the portal is not read", config: cfg{"last": "6h", "api_version": "v2", "check_webhook": false},
			progress: atOnce, puts: lastOf(6 * time.Hour),
			requests: func(h *actionHarness) []string {
				return []string{"PUT " + h.jobPath("v2") + " 202", "GET " + h.jobPath("v2") + " 200"}
			}},

		{name: "the job failed", opts: phases, config: cfg{"last": "24h"},
			setup:    func(h *actionHarness) { h.mock.FailJobs(h.region, testPortal) },
			progress: []string{"SENDING", "accepted", "pending, 12s since sent", "running, 37s since sent", "failed, 2m07s since sent"}, puts: lastOf(day),
			diags: []string{"error: Replay Job Failed"},
			parts: []string{"Konnect reports that the replay job of portal " + testPortal + " in region eu failed",
				"Invoke the action again to send the window again", "konnect_portal_audit_log_webhook_status"}},
		{name: "the webhook disabled", config: cfg{"last": "24h"},
			setup:    func(h *actionHarness) { h.mock.SetWebhook(h.region, testPortal, webhookDisabled) },
			progress: nil, puts: none,
			diags: []string{"error: Audit Log Webhook Disabled"},
			parts: []string{"the audit log webhook of portal " + testPortal + " in region eu is disabled", "the window was not sent",
				"then invoke the action again", "check_webhook = false"}},
		{name: "the webhook inactive: sent, with a warning", config: cfg{"last": "24h"},
			setup:    func(h *actionHarness) { h.mock.SetWebhook(h.region, testPortal, webhookInactive) },
			progress: atOnce, puts: lastOf(day),
			diags: []string{"warning: Audit Log Webhook Inactive"}, parts: []string{"is inactive", "The window was sent anyway"}},
		{name: "the webhook's status forbidden: sent, with a warning", config: cfg{"last": "24h"},
			setup: func(h *actionHarness) {
				must(h.t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status",
					Status: 403, ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden"}`}))
			},
			progress: atOnce, puts: lastOf(day),
			diags: []string{"warning: Audit Log Webhook Not Checked"}, parts: []string{"may not read the status", "(403)"}},
		// No action state can record a window that may have been sent: it
		// is an error, which says how to find out, and nothing is sent again.
		{name: "no answer, and the job cannot be read: an error, not sent again", config: cfg{"last": "24h"},
			setup: func(h *actionHarness) {
				must(h.t, h.mock.SetFaults(
					mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "PUT /v2/portals/*/audit-log-replay-job", Status: 502, Body: "bad gateway"},
					mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-replay-job", Status: 500, Body: "oops"}))
			},
			progress: []string{"SENDING"}, puts: lastOf(day),
			diags: []string{"error: Replay Window May Not Have Been Sent"},
			// The error says from when Konnect could have taken the window, to
			// compare with the data source's updated_at.
			parts: []string{"no answer said whether Konnect took it", "Konnect could have taken it from 2026-11-24T12:00:00Z on",
				"The data source konnect_portal_audit_log_replay_job reads the job", "whose updated_at is more than 5m after 2026-11-24T12:00:00Z",
				"invoke the action again"}},
		{name: "timed out waiting", opts: phases, config: cfg{"last": "24h", "timeout": "1m"},
			progress: []string{"SENDING", "accepted", "pending, 12s since sent", "running, 37s since sent"}, puts: lastOf(day),
			diags: []string{"error: Timed Out Waiting for the Replay Job"},
			parts: []string{"had not finished when timeout (1m) ran out", "it was running when last read",
				"Follow it with the data source konnect_portal_audit_log_replay_job", "Raise timeout to wait longer, or set wait = false"}},

		{name: "another window's job waited out, then the window sent", opts: phases, config: cfg{"last": "24h"},
			setup: runningJob,
			progress: []string{"SENDING",
				"another replay job, of the window 2026-11-20T00:00:00Z to 2026-11-20T01:00:00Z (status running), is in the way: waiting for it",
				"the other replay job is completed, after 1m17s of waiting",
				"SENDING", "accepted", "pending, 12s since sent", "running, 37s since sent", "completed, 2m07s since sent"},
			// The window refused while the other job ran, then worked out
			// again when it is sent, 76 seconds later: it ends then.
			puts: func(now time.Time) []string {
				return append(lastOf(day)(now), lastOf(day)(now.Add(76*time.Second))...)
			},
			diags: []string{"warning: Waited for Another Replay Job"}, parts: []string{"so the window was sent only after it finished, 1m17s later"}},
		{name: "the last 7 days, after waiting for another window's job", opts: phases, config: cfg{"last": "7d"},
			setup: runningJob,
			progress: []string{"SENDING", "another replay job, of the window 2026-11-20T00:00:00Z to 2026-11-20T01:00:00Z (status running), is in the way: waiting for it",
				"the other replay job is completed, after 1m17s of waiting",
				"SENDING", "accepted", "pending, 12s since sent", "running, 37s since sent", "completed, 2m07s since sent"},
			// Still within Konnect's 7 days when sent, however long the wait.
			puts: func(now time.Time) []string {
				sent := now.Add(76 * time.Second)
				return []string{putBody(now.Add(-week+time.Minute), now.Add(-time.Minute)), putBody(sent.Add(-week+time.Minute), sent.Add(-time.Minute))}
			},
			diags: []string{"warning: Waited for Another Replay Job"}},
		{name: "another window's job in the way, not waited for", opts: phases, config: cfg{"last": "24h", "wait": false},
			setup: runningJob, progress: []string{"SENDING"},
			puts:  func(now time.Time) []string { return lastOf(day)(now) },
			diags: []string{"error: Replay Job Already Running"},
			parts: []string{"the window was not sent", "Konnect reads its job as the window 2026-11-20T00:00:00Z",
				"Invoke the action again when it has finished, or set wait = true", "(within timeout)"}},
		{name: "stopped while waiting", opts: phases, config: cfg{"last": "24h"},
			setup:    func(h *actionHarness) { h.stopWhile("running", h.stopProvider) },
			progress: []string{"SENDING", "accepted", "pending, 12s since sent", "running, 37s since sent"}, puts: lastOf(day),
			diags: []string{"error: Stopped Waiting for the Replay Job"},
			parts: []string{"Terraform was interrupted while waiting", "The job goes on in Konnect; it was running when last read",
				"Follow it with the data source konnect_portal_audit_log_replay_job"}},
		{name: "the organization's job, stopped while pending", action: orgAction, opts: phases, config: cfg{"last": "24h"},
			setup:    func(h *actionHarness) { h.stopWhile("pending", h.stopProvider) },
			progress: []string{"SENDING", "accepted", "pending, 12s since sent"}, puts: lastOf(day),
			diags: []string{"error: Stopped Waiting for the Replay Job"},
			parts: []string{"Terraform was interrupted while waiting for the replay job of the organization in region eu",
				"The job goes on in Konnect; it was pending when last read", "Follow it with the data source konnect_audit_log_replay_job"}},
		{name: "a window that has grown too old since it was planned",
			config: cfg{"start_at": "2026-11-17T11:57:00Z", "end_at": "2026-11-17T12:30:00Z"},
			setup: func(h *actionHarness) {
				// 7 days and 3 minutes ago passes, as the clock here may be ahead of Konnect's;
				// 3 minutes later, 7 days and 6 do not.
				expectDiags(h.t, h.plan(portalAction, cfg{"portal_id": testPortal, "start_at": "2026-11-17T11:57:00Z", "end_at": "2026-11-17T12:30:00Z"}), nil)
				h.clock.Advance(3 * time.Minute)
			},
			puts: none, requests: func(*actionHarness) []string { return nil },
			diags: []string{"error: Replay Window Starts Too Long Ago at start_at"}, parts: []string{"is more than 7 days ago"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newActionHarness(t, tc.opts, tc.mockSkew)
			if tc.setup != nil {
				tc.setup(h)
			}
			h.mock.ResetRequests()
			now := h.clock.Now()
			action, config := tc.action, cfg{}
			if action == "" {
				action, config["portal_id"] = portalAction, testPortal
			}
			for k, v := range tc.config {
				config[k] = v
			}
			got := h.invoke(action, config)

			// SENDING stands for the line that names the window sent,
			// which puts checks.
			want := slices.Clone(tc.progress)
			for i := range want {
				if want[i] == "SENDING" && i < len(got.progress) && strings.HasPrefix(got.progress[i], "sending the window ") {
					want[i] = got.progress[i]
				}
			}
			if !slices.Equal(got.progress, want) {
				t.Errorf("progress:\n  %s\nwant:\n  %s", strings.Join(got.progress, "\n  "), strings.Join(want, "\n  "))
			}
			expectDiags(t, got.diags, tc.diags, tc.parts...)
			if tc.puts != nil {
				if puts, wantPuts := h.puts(), tc.puts(now); !slices.Equal(puts, wantPuts) {
					t.Errorf("Konnect received the PUTs %q, want %q", puts, wantPuts)
				}
			}
			if tc.requests != nil {
				if reqs, wantReqs := h.requests(), tc.requests(h); !slices.Equal(reqs, wantReqs) {
					t.Errorf("Konnect received:\n  %s\nwant:\n  %s", strings.Join(reqs, "\n  "), strings.Join(wantReqs, "\n  "))
				}
			}
		})
	}
}

// testPortal is the harness's portal.
const testPortal = "6d3b2a1c-9e8f-4a7b-8c6d-5e4f3a2b1c0d"

// runningJob gives the portal a job of another window that is running, and
// runs for another 70 seconds: the wait for it polls every few seconds, and
// sees it completed, 77 since sent.
func runningJob(h *actionHarness) {
	h.mock.SetJob(h.region, testPortal, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC))
	h.clock.Advance(55 * time.Second)
}

func none(time.Time) []string { return nil }

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// Request lines of the harness's portal, as expectRequests wants them.
func (h *actionHarness) jobPath(version string) string {
	return "/" + h.region + "/" + version + "/portals/" + testPortal + "/audit-log-replay-job"
}

// hookFound are the reads of the classic portal's webhook status from both
// APIs at once, which find its API.
func (h *actionHarness) hookFound() []string {
	return []string{"GET /" + h.region + "/v3/portals/" + testPortal + "/audit-log-webhook/status 404",
		"GET /" + h.region + "/v2/portals/" + testPortal + "/audit-log-webhook/status 200"}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
