// Package replay sends a replay window to Konnect exactly once and, when
// asked, waits for the job that replays it. It is the one place that decides
// whether a window was sent: every way a request can end maps to one Outcome,
// through the table in send.go. It knows nothing of Terraform; the provider
// turns an Outcome into state and diagnostics.
package replay

import (
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// Result says whether Konnect has the window.
type Result int

const (
	// NotSent means Konnect did not take the window (it refused it, another job
	// was running, it could not be reached), or shows that it does not have it.
	NotSent Result = iota + 1
	// MaybeSent means the window may have reached Konnect, and neither an answer
	// nor a read of the job settled it. The next read of the job decides:
	// the same window means sent, another window or none means not sent.
	MaybeSent
	// Sent means Konnect accepted the window, or shows it.
	Sent
)

var resultNames = map[Result]string{NotSent: "not sent", MaybeSent: "maybe sent", Sent: "sent"}

func (r Result) String() string { return resultNames[r] }

// Reason is why sending ended as it did.
type Reason int

const (
	// Accepted (Sent): Konnect's answer accepted the window.
	Accepted Reason = iota + 1
	// Shown (Sent): the answer was unclear, and a read shows the window.
	Shown
	// Replaying (Sent): Konnect answered 409 because it is already
	// replaying this very window, sent by an earlier attempt or apply.
	Replaying
	// Conflict (NotSent): a job of another window is running, and the
	// request did not ask to wait for it.
	Conflict
	// Refused (NotSent): Konnect rejected the request (400, 401, 403, 404 …).
	Refused
	// Unavailable (NotSent): Konnect answered 429 or 503 to the last retry.
	Unavailable
	// Unreachable (NotSent): no connection could be made.
	Unreachable
	// NotShown (NotSent): after an unclear answer, Konnect shows another
	// window or none, and the window could not be sent again.
	NotShown
	// TimedOut (NotSent or MaybeSent): the time allowed ran out.
	TimedOut
	// Interrupted (NotSent or MaybeSent): the caller stopped (Ctrl-C).
	Interrupted
	// ReadFailed (NotSent): reading the other job while waiting for it failed.
	ReadFailed
	// NoAnswer (MaybeSent): no readable answer came, and the job could not be read.
	NoAnswer
	// WebhookDisabled (NotSent): the scope's webhook is disabled, so
	// Konnect would replay into nothing.
	WebhookDisabled
	// CheckFailed (NotSent): reading the webhook's status before sending
	// failed.
	CheckFailed
)

var reasonNames = map[Reason]string{
	Accepted: "accepted", Shown: "shown", Replaying: "replaying", Conflict: "conflict", Refused: "refused",
	Unavailable: "unavailable", Unreachable: "unreachable", NotShown: "not shown", TimedOut: "timed out",
	Interrupted: "interrupted", ReadFailed: "read failed", NoAnswer: "no answer",
	WebhookDisabled: "webhook disabled", CheckFailed: "check failed",
}

func (r Reason) String() string { return reasonNames[r] }

// Finish is how waiting for a sent window's job ended.
type Finish int

const (
	// NotWaited means waiting was not asked for, or the window was not sent.
	NotWaited Finish = iota
	// Completed means the job completed.
	Completed
	// Failed means the job failed.
	Failed
	// WaitTimedOut means the time allowed ran out first.
	WaitTimedOut
	// WaitInterrupted means the caller stopped first.
	WaitInterrupted
	// WaitReadFailed means reading the job failed.
	WaitReadFailed
	// Replaced means Konnect shows another window (or none): someone sent one
	// while the job was waited for.
	Replaced
)

var finishNames = map[Finish]string{
	NotWaited: "not waited", Completed: "completed", Failed: "failed", WaitTimedOut: "timed out",
	WaitInterrupted: "interrupted", WaitReadFailed: "read failed", Replaced: "replaced",
}

func (f Finish) String() string { return finishNames[f] }

// Outcome is what became of a window.
type Outcome struct {
	Result Result
	Reason Reason
	// Window is the window the run sent, or would have sent: the request's,
	// or what its Slide gave for the last send.
	Window konnect.Window
	// Job is the job as last answered or read: the window's own when Sent,
	// the job that stood in its way when NotSent for a conflict; nil when
	// Konnect said nothing readable about it.
	Job *konnect.ReplayJob
	// Err is the failure behind Reason, if there was one.
	Err error
	// ReadErr is why a read meant to settle a MaybeSent failed.
	ReadErr error
	// Behind is another window's job that ran when the window was first
	// sent, and Waited how long the window waited for it.
	Behind *konnect.ReplayJob
	Waited time.Duration

	// Finish, WaitErr and WaitedFor describe waiting for the sent window's
	// job (Sent, when the request asked to wait).
	Finish    Finish
	WaitErr   error
	WaitedFor time.Duration

	// Webhook is the webhook's status as read before sending (when the
	// request asked to check it); WebhookErr is a read that Konnect did not
	// allow (403), which let the window go without the check.
	Webhook    *konnect.WebhookStatus
	WebhookErr error
}
