package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// sending is one window to send: the planned job, the job as it was before
// (nil on create), and the time allowed.
type sending struct {
	plan, prior jobModel
	// from is where a portal's API version came from, when the plan knows it.
	from        versionFrom
	timeout     time.Duration
	timeoutName string // "timeouts.create", for messages
}

// send hands the planned window to the replay engine and records what came
// of it.
func (r *replayJobResource) send(ctx context.Context, s sending, state *tfsdk.State, diags *diag.Diagnostics) {
	if r.data == nil || r.data.engine == nil {
		r.data.clientOrError(diags)
		return
	}
	ctx = r.data.masked(ctx)
	f := s.plan.fields()
	start, end, ok := knownWindow(f.StartAt, f.EndAt)
	if !ok {
		diags.AddError("Replay Window Not Known", "start_at and end_at must be known when the window is sent.")
		return
	}
	// A window unknown at plan time is checked here, once known.
	addWindowProblems(diags, checkWindowReach(start, end, r.data.now()))
	if diags.HasError() {
		return
	}
	t := r.kind.target.targetOf(s.plan.target(), s.from)
	if !r.findVersion(ctx, &t, s.plan.target(), diags) {
		return
	}
	out := r.data.engine.Run(ctx, replay.Request{
		Scope:        t.scope(),
		Window:       konnect.Window{StartAt: start, EndAt: end},
		Wait:         f.WaitForCompletion.ValueBool(),
		Timeout:      s.timeout,
		CheckWebhook: f.CheckWebhook.ValueBool(),
	})
	r.record(ctx, s, out, t, state, diags)
}

// findVersion finds a portal's API version that the plan left to apply, as
// a read bounded by read_timeout.
func (r *replayJobResource) findVersion(ctx context.Context, t *target, v targetValues, diags *diag.Diagnostics) bool {
	ctx, cancel := r.data.reading(ctx)
	defer cancel()
	return r.data.findVersion(ctx, t, v.apiVersion, diags)
}

// record turns an Outcome into state and diagnostics; it is the only place
// that does. What Konnect has is recorded: a sent window with its job, a
// window that may have been sent with a null status for the next refresh to
// settle, and for a window not sent, nothing new.
//
// Terraform saves a create that returns an error as tainted, and replaces a
// tainted object, which sends the window again. So a window that may have
// been sent ends a create with a warning, never an error: the next refresh
// settles it instead. An error after the window was surely sent (its job
// failed, or the wait for it did not finish) still taints the job, as the
// next apply must send it again if it failed; a job still running then
// answers that apply's PUT with 409, which records it without sending.
func (r *replayJobResource) record(ctx context.Context, s sending, out replay.Outcome, t target, state *tfsdk.State, diags *diag.Diagnostics) {
	f := s.plan.fields()
	subject := "the replay job of " + t.where()
	reportWebhook(diags, t, out)
	switch out.Result {
	case replay.Sent:
		setStatus(f, out.Job)
		diags.Append(state.Set(ctx, s.plan)...)
		reportSent(diags, subject, out)
		reportFinish(diags, subject, s, out, t)
	case replay.MaybeSent:
		f.Status, f.UpdatedAt = types.StringNull(), nullInstant()
		diags.Append(state.Set(ctx, s.plan)...)
		if errors.Is(out.Err, replay.ErrNoContent) {
			seen := fmt.Sprintf("reading the job's status failed: %v", out.ReadErr)
			if out.ReadErr == nil {
				seen = fmt.Sprintf("Konnect's read does not show it yet (it shows %s)", out.Job)
			}
			diags.AddWarning("Replay Job Status Unknown",
				fmt.Sprintf("Konnect accepted the window for %s (204, with no body), but %s. "+
					"The window was sent; the next refresh reads its status.", subject, seen))
			return
		}
		summary := "Replay Window May Not Have Been Sent"
		detail := fmt.Sprintf("The window was sent to %s, but no answer said whether Konnect took it (%s)%s. "+
			"It is recorded with an unknown status. The next plan reads the job from Konnect: if Konnect has this window, "+
			"nothing is sent again; if it has another window or none, the plan sends this one.",
			subject, causeText(out), readErrText(out))
		if s.prior == nil {
			diags.AddWarning(summary, detail)
		} else {
			diags.AddError(summary, detail)
		}
	default:
		if s.prior != nil {
			diags.Append(state.Set(ctx, s.prior)...)
		}
		reportNotSent(diags, t, s, out)
	}
}

// reportSent warns of what a user would want to know about a sent window.
func reportSent(diags *diag.Diagnostics, subject string, out replay.Outcome) {
	if out.Behind != nil {
		diags.AddWarning("Waited for Another Replay Job",
			fmt.Sprintf("Another replay job, of %s, was running for %s, so the window was sent only after it finished, %s later.",
				out.Behind, subject, roundDuration(out.Waited)))
	}
	switch out.Reason {
	case replay.Replaying:
		diags.AddWarning("Replay Window Already Being Replayed",
			fmt.Sprintf("Konnect was already replaying this very window for %s (status %s), sent by an earlier apply or attempt, "+
				"so it was recorded without sending it a second time.", subject, out.Job.Status))
	case replay.Shown:
		if errors.Is(out.Err, replay.ErrNoContent) {
			break // a 204 says no more than that; reading the job is routine
		}
		diags.AddWarning("Unclear Answer from Konnect",
			fmt.Sprintf("Konnect's answer to the window for %s could not be used (%v), so the job was read back: Konnect has the window. "+
				"It was sent once.", subject, out.Err))
	}
}

// reportFinish says how waiting for a sent window's job ended.
func reportFinish(diags *diag.Diagnostics, subject string, s sending, out replay.Outcome, t target) {
	switch out.Finish {
	case replay.Failed:
		diags.AddError("Replay Job Failed",
			fmt.Sprintf("Konnect reports that %s failed. The next apply sends the window again. "+
				"Check that %s is enabled and its destination reachable: the data source %s shows its status.",
				subject, t.webhookName(), t.webhookStatusType()))
	case replay.WaitTimedOut:
		diags.AddError("Timed Out Waiting for the Replay Job",
			fmt.Sprintf("The window was sent, but %s had not finished when %s (%s) ran out; it was %s when last read, and goes on in Konnect. "+
				"Raise %s to wait longer, or set wait_for_completion = false.%s",
				subject, s.timeoutName, durationText(s.timeout), out.Job.Status, s.timeoutName, lastRead(out.WaitErr)))
	case replay.WaitInterrupted:
		diags.AddError("Stopped Waiting for the Replay Job",
			fmt.Sprintf("The window was sent, and Terraform was interrupted while waiting for %s (%v). The job goes on in Konnect; it was %s when last read.",
				subject, out.WaitErr, out.Job.Status))
	case replay.WaitReadFailed:
		diags.AddError("Stopped Waiting for the Replay Job",
			fmt.Sprintf("The window was sent, but reading %s while waiting for it failed; the job goes on in Konnect.\n\n%s",
				subject, explain(out.WaitErr)))
	case replay.Replaced:
		diags.AddError("Replay Job Replaced While Waiting",
			fmt.Sprintf("The window was sent to %s, but before its job finished %s: someone sent another window, which replaced it. "+
				"Whether the logs of this window all reached the webhook is unknown.", subject, out.WaitErr))
	}
}

// reportNotSent says why the window was not sent, and what to do.
func reportNotSent(diags *diag.Diagnostics, t target, s sending, out replay.Outcome) {
	where := t.where()
	subject := "the replay job of " + where
	switch out.Reason {
	case replay.WebhookDisabled:
		diags.AddError("Audit Log Webhook Disabled",
			fmt.Sprintf("Konnect reports that %s is disabled (webhook_enabled = false), so Konnect would replay the window into nothing; "+
				"the window was not sent. Enable the webhook first, %s, then apply again. To send the window anyway, set check_webhook = false.",
				t.webhookName(), t.webhookManagedBy()))
	case replay.CheckFailed:
		summary, detail := describeError(t, "audit log webhook status", out.Err)
		advice := " Apply again, or set check_webhook = false to send without the check."
		if konnect.EndingOf(out.Err) == konnect.Rejected {
			advice = "" // Konnect refused the read; it would refuse the window too
		}
		diags.AddError(summary, fmt.Sprintf("Before sending a window, the provider reads the status of %s; that read failed, so the window was not sent.%s\n\n%s",
			t.webhookName(), advice, detail))
	case replay.Conflict:
		read := ""
		if out.Job != nil {
			read = fmt.Sprintf(" Konnect reads its job as %s.", out.Job)
		}
		diags.AddError("Replay Job Already Running",
			fmt.Sprintf("Konnect refused the window for %s because a replay job is already running, and it accepts a new window only once that job "+
				"has completed or failed, so the window was not sent.%s Apply again when it has finished, or set wait_for_completion = true "+
				"to wait for it automatically (within %s).%s", where, read, s.timeoutName, saidText(out.Err)))
	case replay.TimedOut:
		diags.AddError("Timed Out Before Sending the Replay Window",
			fmt.Sprintf("%s ran out after %s before the window could be sent to %s%s, so the window was not sent. Apply again, or raise %s.%s",
				s.timeoutName, durationText(s.timeout), subject, behindText(out), s.timeoutName, lastRead(out.Err)))
	case replay.Interrupted:
		if out.Behind == nil && out.Job != nil {
			diags.AddError("Stopped Before Sending the Replay Window",
				fmt.Sprintf("Terraform was interrupted while the window was being sent to %s, and reading the job shows that Konnect did not take it "+
					"(it shows %s), so the window was not sent.", subject, out.Job))
			return
		}
		diags.AddError("Stopped Before Sending the Replay Window",
			fmt.Sprintf("Terraform was interrupted before the window could be sent to %s%s, so the window was not sent.", subject, behindText(out)))
	case replay.ReadFailed:
		diags.AddError("Stopped Waiting for Another Replay Job",
			fmt.Sprintf("Reading the job of another window that was running for %s failed, so the window was not sent. Apply again.\n\n%s",
				where, explain(out.Err)))
	case replay.NotShown:
		diags.AddError("Replay Window Not Taken by Konnect",
			fmt.Sprintf("Konnect's answers to the window for %s were unclear, and reading the job shows that Konnect did not take it (it shows %s), "+
				"so it was not recorded as sent. Apply again; if this persists, report it with this message.\n\n%s",
				subject, out.Job, explain(out.Err)))
	default:
		reportError(diags, t, "replay job", out.Err)
	}
}

// reportWebhook warns of what the check before sending found that did not
// stop the window: an inactive webhook, or a status the token may not read.
func reportWebhook(diags *diag.Diagnostics, t target, out replay.Outcome) {
	switch {
	case out.WebhookErr != nil:
		diags.AddWarning("Audit Log Webhook Not Checked",
			fmt.Sprintf("The access token may not read the status of %s (403), so the window was sent without checking that the webhook is enabled. "+
				"Give the token's account a role that may read it, or set check_webhook = false to skip the check.%s", t.webhookName(), saidText(out.WebhookErr)))
	case out.Webhook != nil && out.Webhook.Inactive() && out.Result != replay.NotSent:
		diags.AddWarning("Audit Log Webhook Inactive",
			fmt.Sprintf("Konnect reports that %s is inactive, turned off after failed attempts; its last attempt: %s. "+
				"The window was sent anyway, since mending the destination is often why one replays; if the destination still fails, "+
				"the replay fails the same way.", t.webhookName(), out.Webhook.LastAttempt()))
	}
}

func setStatus(f *replayJobFields, job *konnect.ReplayJob) {
	f.Status = types.StringValue(string(job.Status))
	f.UpdatedAt = newInstant(job.UpdatedAt)
}

// lastRead quotes a wait's last failed read, when it had one.
func lastRead(err error) string {
	var ended *replay.WaitEnded
	if !errors.As(err, &ended) {
		return ""
	}
	return "\n\nThe last read of the job had failed: " + explain(ended.LastRead)
}

func behindText(out replay.Outcome) string {
	if out.Behind == nil {
		return ""
	}
	return fmt.Sprintf(", after %s of waiting for another replay job, of %s when last read", roundDuration(out.Waited), out.Behind)
}

func causeText(out replay.Outcome) string {
	switch out.Reason {
	case replay.TimedOut:
		return "the timeout ran out while it was under way: " + out.Err.Error()
	case replay.Interrupted:
		return "Terraform was interrupted while it was under way"
	case replay.NotShown:
		return fmt.Sprintf("%v; yet reading the job shows %s", out.Err, out.Job)
	}
	return out.Err.Error()
}

func readErrText(out replay.Outcome) string {
	if out.ReadErr == nil {
		return ""
	}
	return "; reading the job to find out failed too: " + out.ReadErr.Error()
}

func roundDuration(d time.Duration) string {
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
