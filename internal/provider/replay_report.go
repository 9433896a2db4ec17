package provider

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// The messages about a window the resource or the action sent, chosen by
// what came of it (a replay.Outcome) and by who sent it (sendReport.by):
// each is whole sentences, so that grep finds any of them.

// reportSent warns of what a user would want to know about a sent window.
func reportSent(diags *diag.Diagnostics, t target, s sendReport, out replay.Outcome) {
	subject := "the replay job of " + t.where()
	if out.Blocker != nil {
		diags.AddWarning("Waited for Another Replay Job",
			fmt.Sprintf("Another replay job, of %s, was running for %s, so the window was sent only after it finished, %s later.",
				out.Blocker, subject, durationtext.Format(out.BlockedFor, durationtext.Measured)))
	}
	switch out.Reason {
	case replay.Replaying:
		switch s.by {
		case byResource:
			diags.AddWarning("Replay Window Already Being Replayed",
				fmt.Sprintf("Konnect was already replaying this very window for %s (status %s), sent by an earlier apply or attempt, "+
					"so it was recorded without sending it a second time.", subject, out.Job.Status))
		case byAction:
			diags.AddWarning("Replay Window Already Being Replayed",
				fmt.Sprintf("Konnect was already replaying this very window for %s (status %s), sent by an earlier attempt, "+
					"so the action followed that job instead of sending the window a second time.", subject, out.Job.Status))
		}
	case replay.Shown:
		if out.Put == replay.Took {
			break // a 204, or a body without the job: reading it is routine
		}
		diags.AddWarning("Unclear Answer from Konnect",
			fmt.Sprintf("Konnect's answer to the window for %s could not be used (%v), so the job was read back: Konnect has the window.",
				subject, out.Err))
	case replay.Taken:
		seen := fmt.Sprintf("reading the job failed: %v", out.ReadErr)
		if out.ReadErr == nil {
			seen = fmt.Sprintf("Konnect's read does not show it yet (it shows %s)", out.Shows)
		}
		switch s.by {
		case byResource:
			diags.AddWarning("Replay Job Status Unknown",
				fmt.Sprintf("Konnect took the window for %s (%v), but %s. The window was sent, and is never sent again for this: "+
					"its status is recorded as unknown, and the next refresh reads it.", subject, out.Err, seen))
		case byAction:
			diags.AddWarning("Replay Job Status Unknown",
				fmt.Sprintf("Konnect took the window for %s (%v), but %s. The window was sent; the data source %s reads its status.",
					subject, out.Err, seen, s.jobType))
		}
	}
}

// reportResent warns that the window was sent again after a PUT that may
// have reached Konnect, naming every PUT.
func reportResent(diags *diag.Diagnostics, t target, out replay.Outcome) {
	if !out.Resent {
		return
	}
	var puts []string
	for i, p := range out.Puts {
		puts = append(puts, fmt.Sprintf("%d. PUT at %s: %s", i+1, p.At.UTC().Format(time.RFC3339), attemptText(p)))
	}
	diags.AddWarning("Replay Window Sent Again",
		fmt.Sprintf("The window was sent to the replay job of %s more than once:\n%s\n\nAn earlier request may have reached Konnect without an "+
			"answer saying so; reads a poll interval apart then agreed that Konnect did not have the window, so it was sent again. Should "+
			"Konnect have taken the earlier request after all, the webhook receives this window twice, and a receiver tells the copies apart "+
			"by each entry's id.", t.where(), strings.Join(puts, "\n")))
}

// attemptText says how one PUT ended.
func attemptText(a replay.Attempt) string {
	switch a.Put {
	case replay.Showed, replay.Took:
		return "Konnect took the window"
	case replay.MayHave:
		return fmt.Sprintf("it may have reached Konnect, with no answer saying so (%v)", a.Err)
	case replay.Met409:
		return "Konnect refused it while a job was running (409)"
	case replay.Rejected, replay.NotProcessed, replay.NeverLeft, replay.NoPut:
	}
	return fmt.Sprintf("Konnect did not take it (%v)", a.Err)
}

// reportFinish says how waiting for a sent window's job ended. A create
// whose window Konnect took keeps it untainted: its problems are warnings,
// but for a failed job whose window can still be sent, which must be sent
// again.
func reportFinish(diags *diag.Diagnostics, t target, s sendReport, out replay.Outcome, creating, sendable bool) {
	subject := "the replay job of " + t.where()
	var summary, detail string
	switch out.Finish {
	case replay.Failed:
		summary = "Replay Job Failed"
		switch {
		case s.by == byAction:
			detail = fmt.Sprintf("Konnect reports that %s failed. Invoke the action again to send the window again. "+
				"Check that %s is enabled and its destination reachable: the data source %s shows its status.",
				subject, t.webhookName(), t.webhookStatusType())
		case sendable:
			detail = fmt.Sprintf("Konnect reports that %s failed. The next apply sends the window again. "+
				"Check that %s is enabled and its destination reachable: the data source %s shows its status.",
				subject, t.webhookName(), t.webhookStatusType())
		default:
			detail = fmt.Sprintf("Konnect reports that %s failed, and the window can no longer be sent: it is beyond Konnect's 7 days. "+
				"The record keeps the failed status. Change the window to replay what can still be replayed.", subject)
			diags.AddWarning(summary, detail)
			return
		}
		diags.AddError(summary, detail)
		return
	case replay.WaitTimedOut:
		summary = "Timed Out Waiting for the Replay Job"
		switch s.by {
		case byResource:
			detail = fmt.Sprintf("The window was sent, but %s had not finished when %s (%s) ran out; it was %s when last read, and goes on in Konnect. "+
				"Raise %s to wait longer, or set wait_for_completion = false.%s",
				subject, s.timeoutName, durationtext.Format(s.timeout, durationtext.Go), lastStatus(out), s.timeoutName, lastRead(out.WaitErr))
		case byAction:
			detail = fmt.Sprintf("The window was sent, but %s had not finished when timeout (%s) ran out; it was %s when last read, and goes on in Konnect. "+
				"Follow it with the data source %s, which reads its status from Konnect. Raise timeout to wait longer, or set wait = false.%s",
				subject, durationtext.Format(s.timeout, durationtext.Go), lastStatus(out), s.jobType, lastRead(out.WaitErr))
		}
	case replay.WaitInterrupted:
		summary = "Stopped Waiting for the Replay Job"
		switch s.by {
		case byResource:
			detail = fmt.Sprintf("The window was sent, and Terraform was interrupted while waiting for %s (%v). The job goes on in Konnect; it was %s when last read.",
				subject, out.WaitErr, lastStatus(out))
		case byAction:
			detail = fmt.Sprintf("The window was sent, and Terraform was interrupted while waiting for %s (%v). The job goes on in Konnect; it was %s when last read. "+
				"Follow it with the data source %s, which reads its status from Konnect.",
				subject, out.WaitErr, lastStatus(out), s.jobType)
		}
	case replay.WaitReadFailed:
		summary = "Stopped Waiting for the Replay Job"
		switch s.by {
		case byResource:
			detail = fmt.Sprintf("The window was sent, but reading %s while waiting for it failed; the job goes on in Konnect.\n\n%s",
				subject, explain(out.WaitErr))
		case byAction:
			detail = fmt.Sprintf("The window was sent, but reading %s while waiting for it failed; the job goes on in Konnect. "+
				"Follow it with the data source %s, which reads its status from Konnect.\n\n%s",
				subject, s.jobType, explain(out.WaitErr))
		}
	case replay.Replaced:
		summary = "Replay Job Replaced While Waiting"
		detail = fmt.Sprintf("The window was sent to %s, but before its job finished %s: someone sent another window, which replaced it. "+
			"Whether the logs of this window all reached the webhook is unknown.", subject, out.WaitErr)
	default:
		return
	}
	if creating && s.by == byResource {
		diags.AddWarning(summary, detail+" "+keptUntainted)
		return
	}
	diags.AddError(summary, detail)
}

// keptUntainted ends a create's warning about a window Konnect took.
const keptUntainted = "Konnect took the window, so the record is kept, not tainted, and nothing sends it again; " +
	"the next refresh reads how its job ends."

// lastStatus is the status of the window's job as last read.
func lastStatus(out replay.Outcome) string {
	if out.Job == nil {
		return "not yet shown by Konnect"
	}
	return string(out.Job.Status)
}

// reportMaybeSent says that the window may or may not have reached Konnect,
// when it could first have, and how that is settled: a warning, or an error
// when asError.
func reportMaybeSent(diags *diag.Diagnostics, t target, s sendReport, out replay.Outcome, asError bool) {
	subject := "the replay job of " + t.where()
	since, skew := out.SentAt.UTC().Format(time.RFC3339), durationtext.Format(replay.ClockSkew, durationtext.Go)
	what := fmt.Sprintf("The window was sent to %s, but no answer said whether Konnect took it (%s)%s. Konnect could have taken it from %s on.",
		subject, causeText(out), readErrText(out), since)
	if out.Put == replay.Met409 {
		what = fmt.Sprintf("Konnect refused the window for %s while a job was running (409, at %s), and that job, %s, cannot be told from "+
			"this window being replayed: it leaves out its window, or it is of this window and finished within %s of then.%s",
			subject, since, out.Shows, skew, readErrText(out))
	}
	var detail string
	switch s.by {
	case byResource:
		detail = what + fmt.Sprintf(" It is recorded with an unknown status, and nothing sends it again until a refresh settles it, reading the job "+
			"at least %[2]s after that moment: a job of this window that has not finished, or that finished more than %[1]s after it, is "+
			"this window's. No job, a job of this window that finished more than %[1]s before it, or another window's job that was there "+
			"before it and has not changed since, mean that Konnect never took it, and the next apply sends it. Anything else leaves the "+
			"record as it is: a job of this window that finished within %[1]s of it, or another window's job sent since, which may have "+
			"replaced it. To send the window again then, use terraform apply -replace.", skew, durationtext.Format(replay.SettleAfter, durationtext.Go))
	case byAction:
		detail = what + fmt.Sprintf(" The data source %[1]s reads the job: a job of this window that has not finished, or whose updated_at is "+
			"more than %[2]s after %[3]s, is this window's, and Konnect has it. No job, or a job of this window whose updated_at is more than "+
			"%[2]s before it, means Konnect does not have it: invoke the action again. A job of this window whose updated_at is within %[2]s "+
			"of it cannot be told apart, nor can another window's job sent since, which may have replaced it.", s.jobType, skew, since)
	}
	if asError {
		diags.AddError("Replay Window May Not Have Been Sent", detail)
	} else {
		diags.AddWarning("Replay Window May Not Have Been Sent", detail)
	}
}

// reportNotSent says why the window was not sent, and what to do.
func reportNotSent(diags *diag.Diagnostics, t target, s sendReport, out replay.Outcome) {
	where := t.where()
	subject := "the replay job of " + where
	switch out.Reason {
	case replay.WebhookDisabled:
		switch s.by {
		case byResource:
			diags.AddError("Audit Log Webhook Disabled",
				fmt.Sprintf("Konnect reports that %s is disabled (webhook_enabled = false), so Konnect would replay the window into nothing; "+
					"the window was not sent. Enable the webhook first, %s, then apply again. To send the window anyway, set check_webhook = false.",
					t.webhookName(), t.webhookManagedBy()))
		case byAction:
			diags.AddError("Audit Log Webhook Disabled",
				fmt.Sprintf("Konnect reports that %s is disabled (webhook_enabled = false), so Konnect would replay the window into nothing; "+
					"the window was not sent. Enable the webhook first, %s, then invoke the action again. To send the window anyway, set check_webhook = false.",
					t.webhookName(), t.webhookManagedBy()))
		}
	case replay.CheckFailed:
		summary, detail := describeError(t, webhookStatusThing, out.Err)
		var advice string
		switch {
		case konnect.EndingOf(out.Err) == konnect.Rejected:
			// Konnect refused the read; it would refuse the window too.
		case s.by == byAction:
			advice = " Invoke the action again, or set check_webhook = false to send without the check."
		default:
			advice = " Apply again, or set check_webhook = false to send without the check."
		}
		diags.AddError(summary, fmt.Sprintf("Before sending a window, the provider reads the status of %s; that read failed, so the window was not sent.%s\n\n%s",
			t.webhookName(), advice, detail))
	case replay.Conflict:
		read := ""
		if out.Job != nil {
			read = fmt.Sprintf(" Konnect reads its job as %s.", out.Job)
		}
		switch s.by {
		case byResource:
			diags.AddError("Replay Job Already Running",
				fmt.Sprintf("Konnect refused the window for %s because a replay job is already running, and it accepts a new window only once that job "+
					"has completed or failed, so the window was not sent.%s Apply again when it has finished, or set wait_for_completion = true "+
					"to wait for it automatically (within %s).%s", where, read, s.timeoutName, saidText(out.Err)))
		case byAction:
			diags.AddError("Replay Job Already Running",
				fmt.Sprintf("Konnect refused the window for %s because a replay job is already running, and it accepts a new window only once that job "+
					"has completed or failed, so the window was not sent.%s Invoke the action again when it has finished, or set wait = true "+
					"to wait for it automatically (within timeout).%s", where, read, saidText(out.Err)))
		}
	case replay.TimedOut:
		switch s.by {
		case byResource:
			diags.AddError("Timed Out Before Sending the Replay Window",
				fmt.Sprintf("%s ran out after %s before the window could be sent to %s%s, so the window was not sent. Apply again, or raise %s.%s",
					s.timeoutName, durationtext.Format(s.timeout, durationtext.Go), subject, blockerText(out), s.timeoutName, lastRead(out.Err)))
		case byAction:
			diags.AddError("Timed Out Before Sending the Replay Window",
				fmt.Sprintf("timeout ran out after %s before the window could be sent to %s%s, so the window was not sent. Invoke the action again, or raise timeout.%s",
					durationtext.Format(s.timeout, durationtext.Go), subject, blockerText(out), lastRead(out.Err)))
		}
	case replay.Interrupted:
		if out.Blocker == nil && out.Shows != nil {
			diags.AddError("Stopped Before Sending the Replay Window",
				fmt.Sprintf("Terraform was interrupted while the window was being sent to %s, and reads a poll interval apart show that Konnect did not take it "+
					"(it shows %s), so the window was not sent.", subject, out.Shows))
			return
		}
		diags.AddError("Stopped Before Sending the Replay Window",
			fmt.Sprintf("Terraform was interrupted before the window could be sent to %s%s, so the window was not sent.", subject, blockerText(out)))
	case replay.ReadFailed:
		switch s.by {
		case byResource:
			diags.AddError("Stopped Waiting for Another Replay Job",
				fmt.Sprintf("Reading the job of another window that was running for %s failed, so the window was not sent. Apply again.\n\n%s",
					where, explain(out.Err)))
		case byAction:
			diags.AddError("Stopped Waiting for Another Replay Job",
				fmt.Sprintf("Reading the job of another window that was running for %s failed, so the window was not sent. Invoke the action again.\n\n%s",
					where, explain(out.Err)))
		}
	default:
		reportSendError(diags, t, s, out.Err)
	}
}

// reportWebhook warns of what the check before sending found that did not
// stop the window: an inactive webhook, or a status the token may not read.
func reportWebhook(diags *diag.Diagnostics, t target, out replay.Outcome) {
	switch {
	case out.WebhookErr != nil:
		var e *konnect.Error
		if errors.As(out.WebhookErr, &e) && !e.FromKonnect() {
			diags.AddWarning("Audit Log Webhook Not Checked",
				fmt.Sprintf("The read of the status of %s was refused with 403, and not by Konnect: the answer is not Konnect's (a proxy or firewall "+
					"in between, most likely). The provider went on without checking that the webhook is enabled. Check what stands between "+
					"the provider and Konnect, or set check_webhook = false to skip the check.\n\n%s", t.webhookName(), out.WebhookErr))
			return
		}
		diags.AddWarning("Audit Log Webhook Not Checked",
			fmt.Sprintf("The access token may not read the status of %s (403), so the provider went on without checking that the webhook is enabled. "+
				"Give the token's account a role that may read it, or set check_webhook = false to skip the check.%s", t.webhookName(), saidText(out.WebhookErr)))
	case out.Webhook != nil && out.Webhook.Silent() && out.Result != replay.NotSent:
		diags.AddWarning("Audit Log Webhook Not Checked",
			fmt.Sprintf("Konnect's answer for the status of %s says nothing of it: neither webhook_enabled nor webhook_status. "+
				"The provider went on without checking that the webhook is enabled. Check the webhook %s, "+
				"or set check_webhook = false to skip the check.", t.webhookName(), t.webhookManagedBy()))
	case out.Webhook != nil && out.Webhook.Inactive() && out.Result != replay.NotSent:
		if out.Result == replay.MaybeSent {
			diags.AddWarning("Audit Log Webhook Inactive",
				fmt.Sprintf("Konnect reports that %s is inactive, turned off after failed attempts; its last attempt: %s. "+
					"The provider went on to send the window anyway, since mending the destination is often why one replays; "+
					"if the destination still fails, the replay fails the same way.", t.webhookName(), out.Webhook.LastAttempt()))
			return
		}
		diags.AddWarning("Audit Log Webhook Inactive",
			fmt.Sprintf("Konnect reports that %s is inactive, turned off after failed attempts; its last attempt: %s. "+
				"The window was sent anyway, since mending the destination is often why one replays; "+
				"if the destination still fails, the replay fails the same way.", t.webhookName(), out.Webhook.LastAttempt()))
	}
}

// lastRead quotes a wait's last failed read, when it had one.
func lastRead(err error) string {
	var ended *replay.WaitEnded
	if !errors.As(err, &ended) {
		return ""
	}
	return "\n\nThe last read of the job had failed: " + explain(ended.LastRead)
}

func blockerText(out replay.Outcome) string {
	if out.Blocker == nil {
		return ""
	}
	return fmt.Sprintf(", after %s of waiting for another replay job, of %s when last read", durationtext.Format(out.BlockedFor, durationtext.Measured), out.Blocker)
}

// causeText says why it is unknown whether a window reached Konnect.
func causeText(out replay.Outcome) string {
	switch out.Reason {
	case replay.TimedOut:
		return "the timeout ran out while it was under way: " + out.Err.Error()
	case replay.Interrupted:
		return "Terraform was interrupted while it was under way"
	case replay.CannotTell:
		return fmt.Sprintf("%v; and Konnect shows %s, which cannot be told from this window's job: it leaves out its window, "+
			"or it is of this window and finished within %s of the moment it was sent", out.Err, out.Shows, durationtext.Format(replay.ClockSkew, durationtext.Go))
	case replay.Conflict:
		if out.Resent {
			return fmt.Sprintf("an earlier request may have reached Konnect, and when it was sent again Konnect answered: %v", out.Err)
		}
		return fmt.Sprintf("%v; reads a poll interval apart then showed another window's job running, %s, which would have refused it, "+
			"but reads so soon after a request may lag behind Konnect", out.Err, out.Shows)
	case replay.NotShown:
		return fmt.Sprintf("%v; reads a poll interval apart then showed Konnect without it (it shows %s), and it was sent again as often "+
			"as max_retries allows, but reads so soon after a request may lag behind Konnect", out.Err, out.Shows)
	case replay.ReadFailed:
		return fmt.Sprintf("%v; another window's job was running, and reading it while waiting failed", out.Err)
	}
	return out.Err.Error()
}

func readErrText(out replay.Outcome) string {
	if out.ReadErr == nil {
		return ""
	}
	return "; reading the job to find out failed too: " + out.ReadErr.Error()
}
