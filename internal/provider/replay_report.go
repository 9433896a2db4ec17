package provider

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// sendWording is what the messages about a window differ in between the
// replay job resource, whose state records the window, and the replay
// action, which sends it when invoked and keeps nothing: the attributes a
// user changes, and what to run next. Everything else is worded once, here.
type sendWording struct {
	// timeoutName names the setting that bounds sending and waiting
	// ("timeouts.create", "timeout"); timeout is its value.
	timeoutName string
	timeout     time.Duration
	// waitName names the setting that waits for the job.
	waitName string
	// again is what sends the window once more: "apply again".
	again string
	// failedNext says what becomes of a window whose job failed.
	failedNext string
	// tookOver says what was done with a job of this very window that
	// Konnect was already replaying.
	tookOver string
	// notTaken says what was done with a window that Konnect shows it did
	// not take, after unclear answers.
	notTaken string
	// statusNext says where a status Konnect did not give is read later.
	statusNext string
	// followNext, when set, says how to follow a job that goes on in
	// Konnect after the wait for it ended: the action keeps nothing to
	// follow it by. The resource's docs say what its next apply does.
	followNext string
	// maybeNext says how a window that may have been sent is settled.
	maybeNext string
	// windowAttribute, when set, is the attribute that Konnect's complaints
	// about start_at and end_at point at, where the window was not given as
	// those attributes.
	windowAttribute string
	// windowNote, with windowAttribute, says what window that attribute
	// gave, since Konnect's complaints name start_at and end_at.
	windowNote string
}

// againSentence is w.again as the start of a sentence: "Apply again".
func (w sendWording) againSentence() string {
	return strings.ToUpper(w.again[:1]) + w.again[1:]
}

// reportSent warns of what a user would want to know about a sent window.
func reportSent(diags *diag.Diagnostics, t target, w sendWording, out replay.Outcome) {
	subject := "the replay job of " + t.where()
	if out.Behind != nil {
		diags.AddWarning("Waited for Another Replay Job",
			fmt.Sprintf("Another replay job, of %s, was running for %s, so the window was sent only after it finished, %s later.",
				out.Behind, subject, roundDuration(out.Waited)))
	}
	switch out.Reason {
	case replay.Replaying:
		diags.AddWarning("Replay Window Already Being Replayed",
			fmt.Sprintf("Konnect was already replaying this very window for %s (status %s), sent by an earlier apply or attempt, "+
				"so %s.", subject, out.Job.Status, w.tookOver))
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
func reportFinish(diags *diag.Diagnostics, t target, w sendWording, out replay.Outcome) {
	subject := "the replay job of " + t.where()
	switch out.Finish {
	case replay.Failed:
		diags.AddError("Replay Job Failed",
			fmt.Sprintf("Konnect reports that %s failed. %s "+
				"Check that %s is enabled and its destination reachable: the data source %s shows its status.",
				subject, w.failedNext, t.webhookName(), t.webhookStatusType()))
	case replay.WaitTimedOut:
		diags.AddError("Timed Out Waiting for the Replay Job",
			withNext(fmt.Sprintf("The window was sent, but %s had not finished when %s (%s) ran out; it was %s when last read, and goes on in Konnect.",
				subject, w.timeoutName, durationText(w.timeout), out.Job.Status), w.followNext)+
				fmt.Sprintf(" Raise %s to wait longer, or set %s = false.%s", w.timeoutName, w.waitName, lastRead(out.WaitErr)))
	case replay.WaitInterrupted:
		diags.AddError("Stopped Waiting for the Replay Job",
			withNext(fmt.Sprintf("The window was sent, and Terraform was interrupted while waiting for %s (%v). The job goes on in Konnect; it was %s when last read.",
				subject, out.WaitErr, out.Job.Status), w.followNext))
	case replay.WaitReadFailed:
		diags.AddError("Stopped Waiting for the Replay Job",
			withNext(fmt.Sprintf("The window was sent, but reading %s while waiting for it failed; the job goes on in Konnect.", subject), w.followNext)+
				"\n\n"+explain(out.WaitErr))
	case replay.Replaced:
		diags.AddError("Replay Job Replaced While Waiting",
			fmt.Sprintf("The window was sent to %s, but before its job finished %s: someone sent another window, which replaced it. "+
				"Whether the logs of this window all reached the webhook is unknown.", subject, out.WaitErr))
	}
}

// withNext is text, then the sentence next when there is one.
func withNext(text, next string) string {
	if next == "" {
		return text
	}
	return text + " " + next
}

// reportMaybeSent says that the window may or may not have reached Konnect,
// and how that is settled: a warning, or an error when asError.
func reportMaybeSent(diags *diag.Diagnostics, t target, w sendWording, out replay.Outcome, asError bool) {
	subject := "the replay job of " + t.where()
	if errors.Is(out.Err, replay.ErrNoContent) {
		seen := fmt.Sprintf("reading the job's status failed: %v", out.ReadErr)
		if out.ReadErr == nil {
			seen = fmt.Sprintf("Konnect's read does not show it yet (it shows %s)", out.Job)
		}
		diags.AddWarning("Replay Job Status Unknown",
			fmt.Sprintf("Konnect accepted the window for %s (204, with no body), but %s. "+
				"The window was sent; %s.", subject, seen, w.statusNext))
		return
	}
	summary := "Replay Window May Not Have Been Sent"
	detail := fmt.Sprintf("The window was sent to %s, but no answer said whether Konnect took it (%s)%s. %s",
		subject, causeText(out), readErrText(out), w.maybeNext)
	if asError {
		diags.AddError(summary, detail)
	} else {
		diags.AddWarning(summary, detail)
	}
}

// reportNotSent says why the window was not sent, and what to do.
func reportNotSent(diags *diag.Diagnostics, t target, w sendWording, out replay.Outcome) {
	where := t.where()
	subject := "the replay job of " + where
	switch out.Reason {
	case replay.WebhookDisabled:
		diags.AddError("Audit Log Webhook Disabled",
			fmt.Sprintf("Konnect reports that %s is disabled (webhook_enabled = false), so Konnect would replay the window into nothing; "+
				"the window was not sent. Enable the webhook first, %s, then %s. To send the window anyway, set check_webhook = false.",
				t.webhookName(), t.webhookManagedBy(), w.again))
	case replay.CheckFailed:
		summary, detail := describeError(t, "audit log webhook status", out.Err)
		advice := " " + w.againSentence() + ", or set check_webhook = false to send without the check."
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
				"has completed or failed, so the window was not sent.%s %s when it has finished, or set %s = true "+
				"to wait for it automatically (within %s).%s", where, read, w.againSentence(), w.waitName, w.timeoutName, saidText(out.Err)))
	case replay.TimedOut:
		diags.AddError("Timed Out Before Sending the Replay Window",
			fmt.Sprintf("%s ran out after %s before the window could be sent to %s%s, so the window was not sent. %s, or raise %s.%s",
				w.timeoutName, durationText(w.timeout), subject, behindText(out), w.againSentence(), w.timeoutName, lastRead(out.Err)))
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
			fmt.Sprintf("Reading the job of another window that was running for %s failed, so the window was not sent. %s.\n\n%s",
				where, w.againSentence(), explain(out.Err)))
	case replay.NotShown:
		diags.AddError("Replay Window Not Taken by Konnect",
			fmt.Sprintf("Konnect's answers to the window for %s were unclear, and reading the job shows that Konnect did not take it (it shows %s), "+
				"so %s. %s; if this persists, report it with this message.\n\n%s",
				subject, out.Job, w.notTaken, w.againSentence(), explain(out.Err)))
	default:
		reportWindowError(diags, t, w, out.Err)
	}
}

// reportWindowError is reportError for the window's PUT: where the window
// was not given as start_at and end_at, Konnect's complaints about them
// point at the attribute that gave it.
func reportWindowError(diags *diag.Diagnostics, t target, w sendWording, err error) {
	if w.windowAttribute == "" {
		reportError(diags, t, "replay job", err)
		return
	}
	var own diag.Diagnostics
	reportError(&own, t, "replay job", err)
	for _, d := range own {
		if with, ok := d.(diag.DiagnosticWithPath); ok && bodyAttributes[with.Path().String()] {
			detail := d.Detail()
			if w.windowNote != "" {
				detail = w.windowNote + " " + detail
			}
			diags.AddAttributeError(path.Root(w.windowAttribute), d.Summary(), detail)
			continue
		}
		diags.Append(d)
	}
}

// reportWebhook warns of what the check before sending found that did not
// stop the window: an inactive webhook, or a status the token may not read.
func reportWebhook(diags *diag.Diagnostics, t target, out replay.Outcome) {
	switch {
	case out.WebhookErr != nil:
		diags.AddWarning("Audit Log Webhook Not Checked",
			fmt.Sprintf("The access token may not read the status of %s (403), so the provider went on without checking that the webhook is enabled. "+
				"Give the token's account a role that may read it, or set check_webhook = false to skip the check.%s", t.webhookName(), saidText(out.WebhookErr)))
	case out.Webhook != nil && out.Webhook.Inactive() && out.Result != replay.NotSent:
		sent := "The window was sent anyway"
		if out.Result == replay.MaybeSent {
			sent = "The provider went on to send the window anyway"
		}
		diags.AddWarning("Audit Log Webhook Inactive",
			fmt.Sprintf("Konnect reports that %s is inactive, turned off after failed attempts; its last attempt: %s. "+
				"%s, since mending the destination is often why one replays; if the destination still fails, "+
				"the replay fails the same way.", t.webhookName(), out.Webhook.LastAttempt(), sent))
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
