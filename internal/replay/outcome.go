// Package replay sends a replay window to Konnect exactly once and, when
// asked, waits for the job that replays it; it also reads what Konnect shows
// for a window the state records. It is the one place that decides whether a
// window was sent and whether a job Konnect shows is the window's own: the
// table in decide.go, which every path asks. It knows nothing of Terraform;
// the provider turns an Outcome into state and diagnostics.
//
// Words used here, each in this one sense:
//
//   - took, taken: Konnect took a window when it answered a PUT of it with
//     any 2xx, whatever the body says. Reason Taken: it took the window,
//     but neither its answer nor a read has shown the window's job yet.
//   - may have reached: a PUT may have reached Konnect when no answer says
//     what became of it (none came, or a 500, 502 or 504).
//   - shows, shown: a read shows a window, or a job, when Konnect reports
//     it. Reason Shown: a read, not the PUT's answer, showed the window's
//     job.
//   - the window's own job: a job of the same window that has not finished,
//     or that finished more than ClockSkew after the window could first have
//     reached Konnect; only its status is the window's. One that finished
//     within ClockSkew of that moment cannot be told from it (Classify).
//   - reads that agree: AgreeingReads reads, each at least a poll interval
//     after the one before, that all show Konnect without the window; one
//     read alone may lag behind Konnect's writes.
//   - settle: to decide, by reads, whether a window that may have reached
//     Konnect is Sent or NotSent. One that is neither stays MaybeSent, for
//     a later refresh to settle (SettleAfter).
//   - blocker: another window's job that is running when the window is to
//     be sent. Konnect refuses a new window (409) until it finishes, so the
//     run waits for it (Stage Blocked).
//   - superseded: Konnect, having taken the window, now shows another
//     window's job, or none.
package replay

import (
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// Result says whether Konnect has the window.
type Result int

const (
	// NotSent means Konnect did not take the window (it refused it, another job
	// was running, it could not be reached), or reads that agree show that it
	// does not have it.
	NotSent Result = iota + 1
	// MaybeSent means the window may have reached Konnect, and neither an
	// answer nor a read of the job settled it. A later refresh settles it
	// by the same table.
	MaybeSent
	// Sent means Konnect took the window (any 2xx), or shows its job.
	Sent
)

var resultNames = map[Result]string{NotSent: "not sent", MaybeSent: "maybe sent", Sent: "sent"}

func (r Result) String() string { return resultNames[r] }

// ParseResult reads a Result's String; ok is false for any other text.
func ParseResult(s string) (r Result, ok bool) {
	for r, name := range resultNames {
		if name == s {
			return r, true
		}
	}
	return 0, false
}

// Reason is why the evidence reads as it does.
type Reason int

const (
	// Accepted (Sent): Konnect's answer to the PUT shows the window's job.
	Accepted Reason = iota + 1
	// Taken (Sent): Konnect answered 2xx, so it took the window, but
	// neither the answer nor a read shows its job: its status is unknown.
	Taken
	// Shown (Sent): a read shows the window's job.
	Shown
	// Replaying (Sent): Konnect answered 409 because it is already
	// replaying this very window, sent by an earlier attempt or apply.
	Replaying
	// Superseded (Sent, refresh): Konnect took the window, and now shows
	// another window's job or none.
	Superseded
	// Adopted (Sent, import): the job Konnect shows, taken as the record.
	Adopted
	// Conflict (NotSent): a job of another window is running, and the
	// request did not ask to wait for it.
	Conflict
	// Refused (NotSent): Konnect rejected the request (400, 401, 403, 404 …).
	Refused
	// Unavailable (NotSent): Konnect answered 429 or 503 to the last retry.
	Unavailable
	// Unreachable (NotSent): no connection could be made.
	Unreachable
	// NotShown (NotSent): reads that agree show that Konnect lacks the
	// window, after a PUT that may have reached it.
	NotShown
	// TimedOut (NotSent or MaybeSent): the time allowed ran out.
	TimedOut
	// Interrupted (NotSent or MaybeSent): the caller stopped (Ctrl-C).
	Interrupted
	// ReadFailed (NotSent, or a refresh's): reading the job failed, while
	// waiting for another window's job, or in a refresh, which keeps the
	// record.
	ReadFailed
	// NoAnswer (MaybeSent): no readable answer came, and reads did not
	// settle it.
	NoAnswer
	// CannotTell (MaybeSent): Konnect shows a job that cannot be told from
	// the window's own: it leaves out its window, or it is of this window
	// and finished just before the window was sent.
	CannotTell
	// WebhookDisabled (NotSent): the scope's webhook is disabled, so
	// Konnect would replay into nothing.
	WebhookDisabled
	// CheckFailed (NotSent): reading the webhook's status before sending
	// failed.
	CheckFailed
)

var reasonNames = map[Reason]string{
	Accepted: "accepted", Taken: "taken", Shown: "shown", Replaying: "replaying", Superseded: "superseded", Adopted: "adopted",
	Conflict: "conflict", Refused: "refused", Unavailable: "unavailable", Unreachable: "unreachable", NotShown: "not shown",
	TimedOut: "timed out", Interrupted: "interrupted", ReadFailed: "read failed", NoAnswer: "no answer", CannotTell: "cannot tell",
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
	// or what its WindowAt gave for the last send.
	Window konnect.Window
	// Job is the window's own job as last answered or read, when Konnect
	// showed it (a Sent window; nil when its status is unknown); or, for
	// a window not sent because of a conflict, the job in its way.
	Job *konnect.ReplayJob
	// Shows is the job the last read showed, whoever's it is; nil when no
	// read succeeded.
	Shows *konnect.ReplayJob
	// Put is how the last PUT ended, and SentAt the earliest moment, on the
	// engine's clock, at which Konnect could have taken the window: the
	// first PUT that it may have taken. Zero when no PUT may have reached
	// it. A refresh judges the record by them.
	Put    Put
	SentAt time.Time
	// Puts are the PUTs of the window in this run, in order.
	Puts []Attempt
	// Resent says the window was sent again after a PUT that may have
	// reached Konnect: it may have reached Konnect twice.
	Resent bool
	// Err is the failure behind Reason, if there was one.
	Err error
	// ReadErr is why a read meant to settle a MaybeSent failed.
	ReadErr error
	// Blocker is another window's job that was running when the window was
	// first to be sent, and BlockedFor how long the run waited for it.
	Blocker    *konnect.ReplayJob
	BlockedFor time.Duration

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

// Attempt is one PUT of the window: when it was sent, on the engine's clock,
// and how it ended.
type Attempt struct {
	At  time.Time
	Put Put
	Err error
}
