package replay

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

func TestPollNoticesCompletionPromptly(t *testing.T) {
	cases := map[time.Duration]time.Duration{
		0: time.Second, 2 * time.Second: time.Second, 8 * time.Second: 2 * time.Second,
		40 * time.Second: 10 * time.Second, time.Hour: 10 * time.Second,
	}
	for waited, want := range cases {
		if got := DefaultPoll.next(waited); got != want {
			t.Errorf("after waiting %s the next read comes after %s, want %s (a quarter, from 1 s to 10 s)", waited, got, want)
		}
	}
}

type engineCase struct {
	name string
	wait bool
	// hooked asks the engine to check the webhook first.
	hooked  bool
	timeout time.Duration // of the whole run; default 30m
	// requestTimeout bounds each attempt, on the real clock; default 5s. A
	// stalled answer ends as if it had passed, at once.
	requestTimeout time.Duration
	steps, repeat  []answer
	want           Result
	reason         Reason
	finish         Finish
	// requests is the exact sequence the server must see; with a repeat,
	// maxPerPoll bounds it instead: at most this many requests per
	// shortest poll interval of the time the run took, plus two.
	requests   string
	maxPerPoll int
	// progress is what OnProgress must hear, in order, as "send" (before
	// each PUT), "status after" (the window's job) or "other status after"
	// (another window's); every
	// case runs with OnProgress set, so each proves it changes no decision.
	progress string
	// resent says the window is sent again after a PUT that may have
	// reached Konnect, which the Outcome must say.
	resent bool
	check  func(t *testing.T, o Outcome, waited time.Duration)
}

func TestEngine(t *testing.T) {
	t.Parallel()
	cases := []engineCase{
		{name: "accepted", steps: []answer{put(202, ours("accepted"))},
			want: Sent, reason: Accepted, requests: "PUT 202", progress: "send, accepted 0s"},
		{name: "accepted with a sparse answer", steps: []answer{put(202, `{"status":"accepted"}`)},
			want: Sent, reason: Accepted, requests: "PUT 202"},
		{name: "accepted and waited until completed", wait: true,
			steps: []answer{put(202, ours("accepted")), get(200, ours("pending")), get(200, ours("running")), get(200, ours("completed"))},
			want:  Sent, reason: Accepted, finish: Completed, requests: "PUT 202, GET 200, GET 200, GET 200",
			progress: "send, accepted 0s, pending 1s, running 2s, completed 3s",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				// Each read a second apart at first: a job of seconds is seen to finish within about one.
				if o.WaitedFor != 3*time.Second || o.Job.Status != konnect.StatusCompleted {
					t.Errorf("waited %s for a job that completed on the third read, last status %s; want 3s", o.WaitedFor, o.Job.Status)
				}
			}},
		{name: "accepted and failed", wait: true,
			steps: []answer{put(202, ours("accepted")), get(200, ours("failed"))},
			want:  Sent, reason: Accepted, finish: Failed, requests: "PUT 202, GET 200", progress: "send, accepted 0s, failed 1s"},
		{name: "answered 204, read back", steps: []answer{put(204, ""), get(200, ours("accepted"))},
			want: Sent, reason: Shown, requests: "PUT 204, GET 200", progress: "send, accepted 0s",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Err != ErrNoContent {
					t.Errorf("Err = %v, want ErrNoContent", o.Err)
				}
			}},
		// Any 2xx means Konnect took the window: a read that fails or lags
		// only leaves its status unknown.
		{name: "answered 204, read fails", steps: []answer{put(204, ""), get(403, `{"status":403}`)},
			want: Sent, reason: Taken, requests: "PUT 204, GET 403",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Err == nil || o.ReadErr == nil {
					t.Errorf("Err = %v, ReadErr = %v; want both, for the message", o.Err, o.ReadErr)
				}
			}},
		// Seen: a 202 whose body said "unconfigured", and a read lagging the
		// same way, ended "not taken", and the next apply sent the window
		// again. A 2xx is taken, whatever its body says.
		{name: "answered 202 unconfigured, Konnect shows none", steps: []answer{put(202, unconfigured), get(200, unconfigured)},
			want: Sent, reason: Taken, requests: "PUT 202, GET 200"},
		{name: "answered 202 with another window, Konnect shows it too", steps: []answer{put(202, theirs("accepted")), get(200, theirs("accepted"))},
			want: Sent, reason: Taken, requests: "PUT 202, GET 200"},
		{name: "answered 202 unconfigured, Konnect shows the window", steps: []answer{put(202, unconfigured), get(200, ours("accepted"))},
			want: Sent, reason: Shown, requests: "PUT 202, GET 200"},
		// Konnect took the window (204, or a body cut short); a read that
		// does not show it yet lags, and the window is not sent again.
		{name: "answered 204, Konnect's read lags", steps: []answer{put(204, ""), get(200, theirs("completed"))},
			want: Sent, reason: Taken, requests: "PUT 204, GET 200"},
		{name: "answer cut short, Konnect's read lags", steps: []answer{put(202, `{"status":"acc`), get(200, unconfigured)},
			want: Sent, reason: Taken, requests: "PUT 202, GET 200"},
		{name: "answer cut short, read back", steps: []answer{put(202, `{"status":"acc`), get(200, ours("accepted"))},
			want: Sent, reason: Shown, requests: "PUT 202, GET 200"},
		{name: "answer unreadable and so is the job", steps: []answer{put(202, `<html>`), get(500, `oops`)},
			want: Sent, reason: Taken, requests: "PUT 202, GET 500"},
		{name: "502 to the PUT, window shown", steps: []answer{put(502, "<html>bad gateway</html>"), get(200, ours("accepted"))},
			want: Sent, reason: Shown, requests: "PUT 502, GET 200"},
		// One read proves nothing: two, a poll interval apart, must agree
		// that Konnect lacks the window before it is sent again.
		{name: "connection dropped, window not shown, sent again", steps: []answer{{method: http.MethodPut, drop: true}, get(200, unconfigured), get(200, unconfigured), put(202, ours("accepted"))},
			want: Sent, reason: Accepted, requests: "PUT 0, GET 200, GET 200, PUT 202", resent: true},
		// Seen (case 4): a 502 after Konnect took the window, and one read
		// still showing the older job, sent the window twice.
		{name: "502 after Konnect took it, and a lagging read", steps: []answer{put(502, ""), get(200, theirs("completed")), get(200, ours("accepted"))},
			want: Sent, reason: Shown, requests: "PUT 502, GET 200, GET 200"},
		// Seen (case 1): an old job of the same window was taken for ours.
		{name: "an earlier job of the same window is not this one", steps: []answer{put(502, ""), get(200, earlier("failed")), get(200, earlier("failed")), put(202, ours("accepted"))},
			want: Sent, reason: Accepted, requests: "PUT 502, GET 200, GET 200, PUT 202", resent: true},
		{name: "a job of the same window that finished just before: maybe", steps: []answer{put(502, ""), get(200, jobBodyAt(window, "completed", start.Add(-time.Minute)))},
			want: MaybeSent, reason: CannotTell, requests: "PUT 502, GET 200"},
		// Seen (case 2): a job without its times settled the window.
		{name: "a job without its times cannot be told apart", steps: []answer{put(502, ""), get(200, `{"status":"running"}`)},
			want: MaybeSent, reason: CannotTell, requests: "PUT 502, GET 200", progress: "send"},
		{name: "the reads disagree: maybe", steps: []answer{put(502, ""), get(200, unconfigured), get(500, "")},
			want: MaybeSent, reason: NoAnswer, requests: "PUT 502, GET 200, GET 500"},
		{name: "sent again, then refused: only maybe not sent", steps: []answer{put(502, ""), get(200, unconfigured), get(200, unconfigured), put(409, conflict409), get(500, "")},
			want: MaybeSent, reason: Conflict, requests: "PUT 502, GET 200, GET 200, PUT 409, GET 500", resent: true},
		{name: "request timeout after Konnect took it",
			steps: []answer{{method: http.MethodPut, stall: true}, get(200, ours("accepted"))},
			want:  Sent, reason: Shown, requests: "PUT 0, GET 200"},
		{name: "Ctrl-C after Konnect took it, settled by one read", wait: true,
			steps: []answer{{method: http.MethodPut, interrupt: true}, get(200, ours("accepted"))},
			want:  Sent, reason: Shown, finish: WaitInterrupted, requests: "PUT 0, GET 200"},
		{name: "Ctrl-C after Konnect took it, read fails", steps: []answer{{method: http.MethodPut, interrupt: true}, get(503, "")},
			want: MaybeSent, reason: Interrupted, requests: "PUT 0, GET 503"},
		// Reads seconds after a PUT may lag: a run whose PUT may have
		// reached Konnect ends "maybe" at worst, for a refresh to settle.
		{name: "Ctrl-C before Konnect took it", steps: []answer{{method: http.MethodPut, interrupt: true}, get(200, theirs("completed")), get(200, theirs("completed"))},
			want: MaybeSent, reason: Interrupted, requests: "PUT 0, GET 200, GET 200"},
		{name: "Ctrl-C, and one read before the stop's time ran out: maybe", steps: []answer{{method: http.MethodPut, interrupt: true}, get(200, theirs("completed")), get(503, "")},
			want: MaybeSent, reason: Interrupted, requests: "PUT 0, GET 200, GET 503"},
		{name: "503 to every attempt", steps: []answer{put(503, ""), put(503, ""), put(503, "")},
			want: NotSent, reason: Unavailable, requests: "PUT 503, PUT 503, PUT 503"},
		{name: "400", steps: []answer{put(400, `{"status":400,"invalid_parameters":[{"field":"start_at","reason":"too old"}]}`)},
			want: NotSent, reason: Refused, requests: "PUT 400", progress: "send"},
		{name: "409 for another window, no wait", steps: []answer{put(409, conflict409), get(200, theirs("running"))},
			want: NotSent, reason: Conflict, requests: "PUT 409, GET 200", progress: "send",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Job == nil || !o.Job.SameWindow(other) {
					t.Errorf("Job = %+v, want the other window's job, for the message", o.Job)
				}
			}},
		{name: "409 for this very window", steps: []answer{put(409, conflict409), get(200, ours("running"))},
			want: Sent, reason: Replaying, requests: "PUT 409, GET 200"},
		{name: "409 and an earlier job of the same window", steps: []answer{put(409, conflict409), get(200, earlier("completed"))},
			want: NotSent, reason: Conflict, requests: "PUT 409, GET 200"},
		{name: "409 and a running job without its times", steps: []answer{put(409, conflict409), get(200, `{"status":"running"}`)},
			want: MaybeSent, reason: CannotTell, requests: "PUT 409, GET 200"},
		{name: "409 for this very window, waited", wait: true,
			steps: []answer{put(409, conflict409), get(200, ours("running")), get(200, ours("completed"))},
			want:  Sent, reason: Replaying, finish: Completed, requests: "PUT 409, GET 200, GET 200", progress: "send, running 0s, completed 1s"},
		{name: "waits behind another job, then sends", wait: true,
			steps: []answer{put(409, conflict409), get(200, theirs("running")), get(200, theirs("running")), get(200, theirs("completed")),
				put(202, ours("accepted")), get(200, ours("completed"))},
			want: Sent, reason: Accepted, finish: Completed,
			requests: "PUT 409, GET 200, GET 200, GET 200, PUT 202, GET 200",
			// The other job is heard of when found and when it changes, not at each read.
			progress: "send, other running 0s, other completed 2s, send, accepted 0s, completed 1s",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Blocker == nil || !o.Blocker.SameWindow(other) || o.BlockedFor != 2*time.Second {
					t.Errorf("Blocker %+v for %s; want the other job, 2s", o.Blocker, o.BlockedFor)
				}
			}},
		// Seen: an unreadable read while waiting behind another job was
		// taken for "accepted, answer lost", and the window recorded unsent.
		// It is a passing fault, waited out like the job.
		{name: "unreadable read while waiting behind another job", wait: true,
			steps: []answer{put(409, conflict409), get(200, theirs("running")), get(200, `{"status":"runn`), get(200, theirs("completed")),
				put(202, ours("accepted")), get(200, ours("completed"))},
			want: Sent, reason: Accepted, finish: Completed, requests: "PUT 409, GET 200, GET 200, GET 200, PUT 202, GET 200"},
		{name: "unreadable reads behind another job until the timeout", wait: true, timeout: 5 * time.Minute,
			steps: []answer{put(409, conflict409), get(200, theirs("running"))}, repeat: []answer{get(200, `{"status":"runn`)},
			want: NotSent, reason: TimedOut, maxPerPoll: 1,
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Err == nil || !strings.Contains(o.Err.Error(), "the last read of the job had failed") {
					t.Errorf("Err = %v; want it to say the last read failed", o.Err)
				}
			}},
		{name: "a refused read behind another job ends the wait", wait: true,
			steps: []answer{put(409, conflict409), get(200, theirs("running")), get(403, `{"status":403}`)},
			want:  NotSent, reason: ReadFailed, requests: "PUT 409, GET 200, GET 403"},
		// Seen: 409 while reads say the job is not running alternated PUT
		// and GET with no pause, and ended as "interrupted".
		{name: "409 while Konnect reads as not running", wait: true, timeout: 2 * time.Minute,
			steps:  []answer{put(409, conflict409), get(200, theirs("completed"))},
			repeat: []answer{get(200, theirs("completed")), put(409, conflict409), get(200, theirs("completed"))},
			want:   NotSent, reason: TimedOut, maxPerPoll: 3,
			check: func(t *testing.T, o Outcome, waited time.Duration) {
				if waited != 2*time.Minute || o.BlockedFor != 2*time.Minute {
					t.Errorf("ran %s, waited behind %s; want the 2m timeout", waited, o.BlockedFor)
				}
			}},
		{name: "behind another job until the timeout", wait: true, timeout: 10 * time.Minute,
			steps: []answer{put(409, conflict409), get(200, theirs("running"))}, repeat: []answer{get(200, theirs("running"))},
			want: NotSent, reason: TimedOut, maxPerPoll: 1},
		{name: "a 409 and a running job seen after an unclear answer", wait: true,
			steps: []answer{{method: http.MethodPut, drop: true}, get(200, theirs("running")), get(200, theirs("completed")), put(202, ours("accepted")), get(200, ours("completed"))},
			want:  Sent, reason: Accepted, finish: Completed, requests: "PUT 0, GET 200, GET 200, PUT 202, GET 200", resent: true},
		{name: "waited until the timeout", wait: true, timeout: 5 * time.Minute,
			steps: []answer{put(202, ours("accepted"))}, repeat: []answer{get(200, ours("running"))},
			want: Sent, reason: Accepted, finish: WaitTimedOut, maxPerPoll: 1},
		// One read proves nothing: the job it replaced may still show.
		{name: "replaced while waited for", wait: true,
			steps: []answer{put(202, ours("accepted")), get(200, theirs("accepted")), get(200, theirs("running"))},
			want:  Sent, reason: Accepted, finish: Replaced, requests: "PUT 202, GET 200, GET 200"},
		{name: "a lagging read while waited for is not a replacement", wait: true,
			steps: []answer{put(202, ours("accepted")), get(200, theirs("pending")), get(200, ours("completed"))},
			want:  Sent, reason: Accepted, finish: Completed, requests: "PUT 202, GET 200, GET 200"},
		{name: "read refused while waited for", wait: true,
			steps: []answer{put(202, ours("accepted")), get(403, `{"status":403,"detail":"no"}`)},
			want:  Sent, reason: Accepted, finish: WaitReadFailed, requests: "PUT 202, GET 403"},
		// The webhook's status is read once, before the window is first sent.
		{name: "webhook active", hooked: true, steps: []answer{hook(200, hookActive), put(202, ours("accepted"))},
			want: Sent, reason: Accepted, requests: "HOOK 200, PUT 202",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Webhook == nil || o.Webhook.Inactive() || o.WebhookErr != nil {
					t.Errorf("Webhook = %+v, WebhookErr = %v; want the active status", o.Webhook, o.WebhookErr)
				}
			}},
		{name: "webhook disabled", hooked: true, steps: []answer{hook(200, hookDisabled)},
			want: NotSent, reason: WebhookDisabled, requests: "HOOK 200", progress: "-",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Webhook == nil || !o.Webhook.Disabled() {
					t.Errorf("Webhook = %+v, want the disabled status", o.Webhook)
				}
			}},
		{name: "webhook inactive: sent, the status kept for a warning", hooked: true, wait: true,
			steps: []answer{hook(200, hookInactive), put(202, ours("accepted")), get(200, ours("completed"))},
			want:  Sent, reason: Accepted, finish: Completed, requests: "HOOK 200, PUT 202, GET 200",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Webhook == nil || !o.Webhook.Inactive() {
					t.Errorf("Webhook = %+v, want the inactive status", o.Webhook)
				}
			}},
		{name: "webhook status not allowed: sent unchecked", hooked: true,
			steps: []answer{hook(403, `{"status":403,"title":"Forbidden"}`), put(202, ours("accepted"))},
			want:  Sent, reason: Accepted, requests: "HOOK 403, PUT 202",
			check: func(t *testing.T, o Outcome, _ time.Duration) {
				if o.Webhook != nil || konnect.StatusOf(o.WebhookErr) != 403 {
					t.Errorf("Webhook = %+v, WebhookErr = %v; want no status and the 403", o.Webhook, o.WebhookErr)
				}
			}},
		{name: "webhook status of an unknown portal", hooked: true, steps: []answer{hook(404, `{"status":404,"title":"Not Found"}`)},
			want: NotSent, reason: CheckFailed, requests: "HOOK 404"},
		{name: "webhook status unreadable", hooked: true, steps: []answer{hook(200, `<html></html>`)},
			want: NotSent, reason: CheckFailed, requests: "HOOK 200"},
		{name: "webhook status read retried, then disabled", hooked: true,
			steps: []answer{hook(503, ""), hook(200, hookDisabled)},
			want:  NotSent, reason: WebhookDisabled, requests: "HOOK 503, HOOK 200"},
		{name: "webhook read once, though a job of another window is waited for", hooked: true, wait: true,
			steps: []answer{hook(200, hookActive), put(409, conflict409), get(200, theirs("running")), get(200, theirs("completed")), put(202, ours("accepted")), get(200, ours("completed"))},
			want:  Sent, reason: Accepted, finish: Completed, requests: "HOOK 200, PUT 409, GET 200, GET 200, PUT 202, GET 200"},
		{name: "webhook read once, though the window is sent again", hooked: true,
			steps: []answer{hook(200, hookActive), {method: http.MethodPut, drop: true}, get(200, theirs("completed")), get(200, theirs("completed")), put(202, ours("accepted"))},
			want:  Sent, reason: Accepted, requests: "HOOK 200, PUT 0, GET 200, GET 200, PUT 202", resent: true},
		{name: "interrupted while the webhook is read", hooked: true, steps: []answer{{method: hookMethod, interrupt: true}},
			want: NotSent, reason: Interrupted, requests: "HOOK 0"},
		{name: "a failed read and a lagging one while waited for", wait: true,
			steps: []answer{put(202, ours("accepted")), get(500, ""), get(200, unconfigured), get(200, ours("completed"))},
			want:  Sent, reason: Accepted, finish: Completed, requests: "PUT 202, GET 500, GET 200, GET 200",
			// A failed read and one that does not show the window yet are no change.
			progress: "send, accepted 0s, completed 3s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newScript(t, tc.steps, tc.repeat)
			rt := tc.requestTimeout
			if rt == 0 {
				rt = 5 * time.Second
			}
			e, clk := s.engine(t, rt)
			timeout := tc.timeout
			if timeout == 0 {
				timeout = 30 * time.Minute
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s.mu.Lock()
			s.cancel = cancel
			s.mu.Unlock()
			var heard []string
			o := e.Run(ctx, Request{
				Scope:  konnect.PortalScope("eu", konnect.V2, "3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74"),
				Window: window, Wait: tc.wait, Timeout: timeout, CheckWebhook: tc.hooked,
				OnProgress: func(p Progress) { heard = append(heard, progressText(p)) },
			})
			waited := clk.Since(start)
			if got := strings.Join(heard, ", "); tc.progress != "" && got != strings.TrimPrefix(tc.progress, "-") {
				t.Errorf("OnProgress heard %q, want %q", got, strings.TrimPrefix(tc.progress, "-"))
			}

			if o.Result != tc.want || o.Reason != tc.reason || o.Finish != tc.finish {
				t.Errorf("outcome %s/%s, finish %s (err %v, read err %v, wait err %v); want %s/%s, finish %s",
					o.Result, o.Reason, o.Finish, o.Err, o.ReadErr, o.WaitErr, tc.want, tc.reason, tc.finish)
			}
			if o.Resent != tc.resent {
				t.Errorf("Resent = %v, want %v", o.Resent, tc.resent)
			}
			reqs := s.requests()
			if tc.requests != "" && joined(reqs) != tc.requests {
				t.Errorf("the server saw %s; want %s", joined(reqs), tc.requests)
			}
			if tc.maxPerPoll > 0 {
				if limit := 2 + tc.maxPerPoll*int(waited/DefaultPoll.Min); len(reqs) > limit {
					t.Errorf("%d requests in %s, want at most %d", len(reqs), waited, limit)
				}
				if waited < timeout {
					t.Errorf("the run took %s on the clock, want the whole timeout %s", waited, timeout)
				}
			}
			for _, b := range s.bodies {
				if b != s.bodies[0] {
					t.Errorf("the PUTs sent %q and %q, want the same window", s.bodies[0], b)
				}
			}
			if tc.check != nil {
				tc.check(t, o, waited)
			}
		})
	}
}

// progressText is a Progress as a case's progress lists it.
func progressText(p Progress) string {
	if p.Sending {
		return "send"
	}
	text := fmt.Sprintf("%s %s", p.Status, p.Elapsed)
	if p.Other {
		text = "other " + text
		if !p.Window.StartAt.Equal(other.StartAt) || !p.Window.EndAt.Equal(other.EndAt) {
			text += " (not the other window)"
		}
	}
	return text
}

// A window that ends "now" moves while the run waits for another window's
// job, since the PUT that met the 409 was refused: the window sent ends when
// it is sent. Once a PUT may have reached Konnect, the window never moves.
func TestWindowAt(t *testing.T) {
	t.Parallel()
	slide := func(now time.Time) konnect.Window {
		now = now.Truncate(time.Second)
		return konnect.Window{StartAt: now.Add(-2 * time.Hour), EndAt: now.Add(-time.Minute)}
	}
	cases := []struct {
		name     string
		steps    []answer
		requests string
		progress string
		// moved says the last PUT carries a later window than the first.
		moved bool
	}{
		{name: "after a wait for another job, the window moves",
			steps: []answer{put(409, conflict409), get(200, theirs("running")), get(200, theirs("running")), get(200, theirs("completed")),
				echoed(http.MethodPut, 202, "accepted"), echoed(http.MethodGet, 200, "completed")},
			requests: "PUT 409, GET 200, GET 200, GET 200, PUT 202, GET 200",
			progress: "send, other running 0s, other completed 2s, send, accepted 0s, completed 1s",
			moved:    true},
		{name: "after an unclear answer, the same window is sent again",
			steps:    []answer{put(502, ""), get(200, unconfigured), get(200, unconfigured), echoed(http.MethodPut, 202, "accepted"), echoed(http.MethodGet, 200, "completed")},
			requests: "PUT 502, GET 200, GET 200, PUT 202, GET 200",
			progress: "send, send, accepted 0s, completed 1s"},
		{name: "after an unclear answer, a wait, and the same window again",
			steps: []answer{put(502, ""), get(200, theirs("running")), get(200, theirs("running")), get(200, theirs("completed")),
				echoed(http.MethodPut, 202, "accepted"), echoed(http.MethodGet, 200, "completed")},
			requests: "PUT 502, GET 200, GET 200, GET 200, PUT 202, GET 200",
			progress: "send, other running 0s, other completed 1s, send, accepted 0s, completed 1s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newScript(t, tc.steps, nil)
			e, _ := s.engine(t, 5*time.Second)
			var heard, sent []string
			o := e.Run(context.Background(), Request{
				Scope:  konnect.PortalScope("eu", konnect.V2, "3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74"),
				Window: slide(start), WindowAt: slide, Wait: true, Timeout: 30 * time.Minute,
				OnProgress: func(p Progress) {
					heard = append(heard, progressText(p))
					if p.Sending {
						sent = append(sent, windowText(p.Window))
					}
				},
			})
			if o.Result != Sent || o.Finish != Completed {
				t.Fatalf("outcome %s/%s, finish %s (err %v); want sent and completed", o.Result, o.Reason, o.Finish, o.Err)
			}
			if got := joined(s.requests()); got != tc.requests {
				t.Errorf("the server saw %s; want %s", got, tc.requests)
			}
			if got := strings.Join(heard, ", "); got != tc.progress {
				t.Errorf("OnProgress heard %q, want %q", got, tc.progress)
			}
			first, last := s.bodies[0], s.bodies[len(s.bodies)-1]
			if moved := first != last; moved != tc.moved {
				t.Errorf("the PUTs sent %q first and %q last; want a moved window: %v", first, last, tc.moved)
			}
			if want := sent[len(sent)-1]; windowText(o.Window) != want || !o.Job.SameWindow(o.Window) {
				t.Errorf("Outcome.Window = %s, its job %s; want the window last sent, %s", windowText(o.Window), o.Job, want)
			}
			if tc.moved && !o.Window.EndAt.After(slide(start).EndAt) {
				t.Errorf("the window sent ends at %s, want later than the first, %s", o.Window.EndAt, slide(start).EndAt)
			}
		})
	}
}

func windowText(w konnect.Window) string {
	return w.StartAt.Format(time.RFC3339) + "/" + w.EndAt.Format(time.RFC3339)
}
