package replay

import (
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// This file is the one place that decides what a window's evidence means:
// whether Konnect has the window, whether a job it shows is the window's
// own, and what to do next. The engine, the provider's refresh and import,
// and through their Outcomes the resource's and the action's messages, all
// ask Decide; none of them judges by a rule of its own. Decide is pure: the
// engine only gathers the evidence (PUTs, reads, pauses) and acts on the
// Decision.

// Stage is what the evidence is about.
type Stage int

const (
	// AfterPut means a PUT of the window has ended, and reads may have followed.
	AfterPut Stage = iota + 1
	// Blocked means the window is not in Konnect, and the run waits for a
	// blocker, another window's job, before sending it.
	Blocked
	// Awaiting means Konnect has the window, and the run waits for its job to
	// finish.
	Awaiting
	// Refresh means a refresh reads what Konnect shows for a window the state
	// records.
	Refresh
	// Import means an import adopts whatever job Konnect shows; no window is
	// known yet.
	Import
)

// Put is how a PUT of the window ended, in the terms that decide whether
// Konnect may have taken it. Any 2xx means Konnect took it, whatever its
// body says.
type Put int

const (
	// NoPut means no PUT of the window is known: an imported job, or a state
	// written before the provider kept its evidence.
	NoPut Put = iota + 1
	// Showed means a 2xx whose answer shows the window's job, or a job whose
	// answer leaves out the window (the answer to this PUT is its job).
	Showed
	// Took means a 2xx whose answer does not show the job: 204, a body that
	// cannot be read, another window, or none.
	Took
	// MayHave means no answer, or a server fault (500, 502, 504) that may come
	// after Konnect took the window.
	MayHave
	// Met409 means Konnect refused the window because a job is running.
	Met409
	// Rejected means Konnect refused the window (another 3xx or 4xx).
	Rejected
	// NotProcessed means 429 or 503 to the last attempt: Konnect did not take it.
	NotProcessed
	// NeverLeft means no connection was made, or the caller stopped before the
	// request was written.
	NeverLeft
)

// PutOf reads how a PUT of win ended from the client's answer.
func PutOf(job *konnect.ReplayJob, err error, win konnect.Window) Put {
	switch e := konnect.EndingOf(err); e {
	case konnect.Answered:
		if job != nil && job.Configured() && (job.SameWindow(win) || job.StartAt.IsZero() || job.EndAt.IsZero()) {
			return Showed
		}
		return Took
	case konnect.Unreadable:
		return Took
	case konnect.ServerFault, konnect.NoAnswer, konnect.StoppedInFlight:
		return MayHave
	case konnect.Conflict:
		return Met409
	case konnect.Rejected:
		return Rejected
	case konnect.Unavailable:
		return NotProcessed
	case konnect.Unreachable, konnect.StoppedBeforeSending:
		return NeverLeft
	}
	return MayHave // an ending this switch does not know: assume it may have arrived
}

// Seen is what the latest read of the job showed, measured against the
// window and the earliest moment Konnect could have taken it.
type Seen int

const (
	// Unread means no read since the last PUT (or yet, in a refresh).
	Unread Seen = iota + 1
	// FailedRead means the read failed for a passing reason (a 5xx, no answer,
	// a body that cannot be read).
	FailedRead
	// RefusedRead means Konnect refused the read (a 4xx).
	RefusedRead
	// NoJob means Konnect has no job ("unconfigured").
	NoJob
	// OtherRunning means another window's job is running; a PUT now meets 409.
	OtherRunning
	// OtherQueued means another window's job is accepted or pending.
	OtherQueued
	// OtherFinished means another window's job has completed or failed.
	OtherFinished
	// NoTimes means a job whose answer leaves out its window: whose it is,
	// nobody can tell.
	NoTimes
	// Earlier means a job of this very window that finished more than ClockSkew
	// before the window could first have reached Konnect: an earlier
	// replay of the same window, not the one sent.
	Earlier
	// Unsure means a job of this window that finished within ClockSkew of the
	// moment the window could first have reached Konnect, either side, or
	// at a time Konnect does not give. As Konnect's clock may be ahead of
	// this one or behind it, it cannot be told from the one sent.
	Unsure
	// Ongoing means a job of this window that has not finished.
	Ongoing
	// Finished means a job of this window that finished more than ClockSkew
	// after the window could first have reached Konnect, or any job of
	// this window when that moment is not known (an imported job, or an
	// old state).
	Finished
)

// ClockSkew is how far Konnect's clock, and the clocks of the machines that
// plan and apply, may disagree.
const ClockSkew = 5 * time.Minute

// Classify measures a read against the window win, first sent at sentAt
// (zero when not known).
func Classify(job *konnect.ReplayJob, err error, win konnect.Window, sentAt time.Time) Seen {
	switch {
	case err != nil && konnect.EndingOf(err) == konnect.Rejected:
		return RefusedRead
	case err != nil:
		return FailedRead
	case job == nil:
		return Unread
	case !job.Configured():
		return NoJob
	case job.StartAt.IsZero() || job.EndAt.IsZero():
		return NoTimes
	case !job.SameWindow(win):
		switch {
		case job.Status == konnect.StatusRunning:
			return OtherRunning
		case job.Status.Finished():
			return OtherFinished
		}
		return OtherQueued
	case !job.Status.Finished():
		return Ongoing
	case sentAt.IsZero():
		return Finished
	case job.UpdatedAt.IsZero():
		return Unsure
	case job.UpdatedAt.Before(sentAt.Add(-ClockSkew)):
		return Earlier
	case job.UpdatedAt.Before(sentAt.Add(ClockSkew)):
		return Unsure
	}
	return Finished
}

// ChangedSince reports whether another window's job that Konnect shows may
// have replaced the window, first sent at sentAt: it changed since then
// (less ClockSkew), and it is not the window Konnect showed in its place
// when the window was sent (shown, zero when none). One that did not was
// there before the window was sent, and nothing replaced it. Without the
// times, it may have.
func ChangedSince(job *konnect.ReplayJob, sentAt time.Time, shown konnect.Window) bool {
	switch {
	case job == nil:
		return true
	case shown != (konnect.Window{}) && job.SameWindow(shown):
		return false
	}
	return sentAt.IsZero() || job.UpdatedAt.IsZero() || !job.UpdatedAt.Before(sentAt.Add(-ClockSkew))
}

// absence is every Seen that shows Konnect without the window.
var absence = of(NoJob, OtherRunning, OtherQueued, OtherFinished, Earlier)

// SettleAfter is how long after a window could first have reached Konnect a
// read that shows Konnect without it must come to count in a refresh:
// Konnect's reads may lag its writes by seconds, and a plan may run right
// after an apply. A refresh that comes sooner waits out the rest, at most
// this long; one whose clock still reads too soon (a machine behind the one
// that applied) settles nothing.
const SettleAfter = 5 * time.Second

// AgreeingReads is how many reads, each at least a poll interval after the
// one before, must show Konnect without a window that may have reached it
// before the provider believes it did not: one read may lag Konnect's
// writes.
const AgreeingReads = 2

// Stop is whether the caller has stopped the run.
type Stop int

const (
	// NotStopped means the run goes on.
	NotStopped Stop = iota
	// StoppedByTimeout means the time allowed ran out.
	StoppedByTimeout
	// StoppedByCaller means the caller stopped (Ctrl-C).
	StoppedByCaller
)

// Known is everything Decide decides on.
type Known struct {
	Stage Stage
	// Put is how the last PUT of the window ended; in a refresh, how the
	// recorded one did.
	Put Put
	// Seen is what the latest read showed.
	Seen Seen
	// Absent counts the reads since the last PUT (in a refresh, in this
	// refresh) that showed Konnect without the window, each at least a
	// poll interval after the one before.
	Absent int
	// Record is the verdict the state records (Refresh only).
	Record Result
	// Wait says the request waits for other windows' jobs and its own.
	Wait bool
	// Stop says whether, and why, the caller has stopped.
	Stop Stop
	// Reached says a PUT of this run may have reached Konnect without an
	// answer or a read showing the window.
	Reached bool
	// CanResend says the run may send the window once more.
	CanResend bool
	// Status is the status of the job read, which says how a wait for the
	// window's own job ended.
	Status konnect.Status
	// Changed says the job read changed once the window could have reached
	// Konnect (ChangedSince).
	Changed bool
	// Early says a refresh reads less than SettleAfter after the window
	// could first have reached Konnect (or before it, by this clock).
	Early bool
}

// Next is what to do after a decision.
type Next int

const (
	// Done means the decision is final.
	Done Next = iota + 1
	// Read means read the job (at once after a PUT, otherwise a poll interval
	// after the last read).
	Read
	// Wait means wait for another window's job, a growing poll interval, then
	// read it.
	Wait
	// SendAgain means send the window again, at least a poll interval after the
	// last PUT was answered.
	SendAgain
)

// Decision is what the evidence means.
type Decision struct {
	// Result and Reason are the verdict: final when Next is Done, the one
	// that stands so far otherwise. In Awaiting, Reason 0 keeps the reason
	// the window was sent for.
	Result Result
	Reason Reason
	Next   Next
	// Ours says the job read is the window's own: its status is the
	// window's.
	Ours bool
	// Finish is how waiting for the window's job ended (Awaiting, Done).
	Finish Finish
}

// Decide looks the evidence up in the table: exactly one row matches any
// evidence (TestTableMatchesExactlyOnce), so no row depends on another's
// place. One rule holds across the rows: once a PUT of a run may have
// reached Konnect, the run never ends "not sent", only "maybe". Its reads
// come seconds after the PUT, and a read lagging by more than their
// spacing would make the next apply send the window again without a word;
// a refresh, long after, settles it instead. Reads that agree only let the
// run itself send the window again, with a warning.
func Decide(k Known) Decision {
	var d Decision
	for i := range table {
		if table[i].matches(k) {
			d = table[i].d
			break
		}
	}
	if d.Reason == fromStop {
		d.Reason = Interrupted
		if k.Stop == StoppedByTimeout {
			d.Reason = TimedOut
		}
	}
	switch d.Finish {
	case fromStop:
		d.Finish = WaitInterrupted
		if k.Stop == StoppedByTimeout {
			d.Finish = WaitTimedOut
		}
	case finishFromStatus:
		d.Finish = Completed
		if k.Status == konnect.StatusFailed {
			d.Finish = Failed
		}
	}
	if d.Result == NotSent && k.Reached {
		d.Result = MaybeSent
	}
	return d
}

// In a row, fromStop as a Reason or a Finish stands for why the caller
// stopped, and finishFromStatus for how the job's status says it ended.
const (
	fromStop         = -1
	finishFromStatus = -2
)

// row is one case of the table. An empty set matches anything.
type row struct {
	stage  set[Stage]
	put    set[Put]
	seen   set[Seen]
	record set[Result]
	// proven: Absent has reached AgreeingReads.
	proven, wait, stopped, canResend, changed, reached, early tri
	d                                                         Decision
}

func (r row) matches(k Known) bool {
	return r.stage.has(k.Stage) && r.put.has(k.Put) && r.seen.has(k.Seen) && r.record.has(k.Record) &&
		r.proven.is(k.Absent >= AgreeingReads) && r.wait.is(k.Wait) && r.stopped.is(k.Stop != NotStopped) &&
		r.canResend.is(k.CanResend) && r.changed.is(k.Changed) && r.reached.is(k.Reached) && r.early.is(k.Early)
}

// Shorthands for the table.
var (
	own        = of(Ongoing, Finished)
	cannotTell = of(Unsure, NoTimes)
	readFailed = of(FailedRead, RefusedRead)
)

// table is the decision. Its rows are its tests (TestDecide): one per case.
var table = []row{
	// After a PUT. Any 2xx means Konnect took the window: it is sent, and a
	// read only tells how its job stands.
	{stage: of(AfterPut), put: of(Showed),
		d: Decision{Result: Sent, Reason: Accepted, Next: Done, Ours: true}},
	{stage: of(AfterPut), put: of(Took), seen: of(Unread),
		d: Decision{Result: Sent, Reason: Taken, Next: Read}},
	{stage: of(AfterPut), put: of(Took), seen: own,
		d: Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	// Right after a PUT Konnect took, a job of the window that finished
	// before it was sent is most likely a read lagging behind: its status
	// is not the window's.
	{stage: of(AfterPut), put: of(Took), seen: of(FailedRead, RefusedRead, NoTimes, Unsure).with(absence),
		d: Decision{Result: Sent, Reason: Taken, Next: Done}},

	// A PUT that may have reached Konnect: a read showing the window's job
	// settles it; only reads that agree, a poll interval apart, show that
	// Konnect lacks it; anything else leaves it "maybe".
	{stage: of(AfterPut), put: of(MayHave), seen: of(Unread),
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{stage: of(AfterPut), put: of(MayHave), seen: readFailed, stopped: no,
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},
	{stage: of(AfterPut), put: of(MayHave), seen: readFailed, stopped: yes,
		d: Decision{Result: MaybeSent, Reason: fromStop, Next: Done}},
	{stage: of(AfterPut), put: of(MayHave), seen: own,
		d: Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	{stage: of(AfterPut), put: of(MayHave), seen: cannotTell,
		d: Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{stage: of(AfterPut), put: of(MayHave), seen: absence, proven: no,
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{stage: of(AfterPut), put: of(MayHave), seen: absence, proven: yes, stopped: yes,
		d: Decision{Result: MaybeSent, Reason: fromStop, Next: Done}},
	{stage: of(AfterPut), put: of(MayHave), seen: of(OtherRunning), proven: yes, stopped: no, wait: yes,
		d: Decision{Result: NotSent, Reason: Conflict, Next: Wait}},
	{stage: of(AfterPut), put: of(MayHave), seen: of(OtherRunning), proven: yes, stopped: no, wait: no,
		d: Decision{Result: MaybeSent, Reason: Conflict, Next: Done}},
	{stage: of(AfterPut), put: of(MayHave), seen: of(NoJob, OtherQueued, OtherFinished, Earlier), proven: yes, stopped: no, canResend: yes,
		d: Decision{Result: NotSent, Reason: NotShown, Next: SendAgain}},
	{stage: of(AfterPut), put: of(MayHave), seen: of(NoJob, OtherQueued, OtherFinished, Earlier), proven: yes, stopped: no, canResend: no,
		d: Decision{Result: MaybeSent, Reason: NotShown, Next: Done}},

	// A 409: Konnect refused the window while a job runs. If that job is of
	// this very window, Konnect is replaying it, and it is not sent again.
	{stage: of(AfterPut), put: of(Met409), seen: of(Unread), stopped: no,
		d: Decision{Result: NotSent, Reason: Conflict, Next: Read}},
	{stage: of(AfterPut), put: of(Met409), seen: own,
		d: Decision{Result: Sent, Reason: Replaying, Next: Done, Ours: true}},
	{stage: of(AfterPut), put: of(Met409), seen: cannotTell,
		d: Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{stage: of(AfterPut), put: of(Met409), seen: of(FailedRead).with(absence), wait: yes, stopped: no,
		d: Decision{Result: NotSent, Reason: Conflict, Next: Wait}},
	{stage: of(AfterPut), put: of(Met409), seen: of(FailedRead).with(absence), wait: no, stopped: no,
		d: Decision{Result: NotSent, Reason: Conflict, Next: Done}},
	{stage: of(AfterPut), put: of(Met409), seen: of(RefusedRead), stopped: no,
		d: Decision{Result: NotSent, Reason: Conflict, Next: Done}},
	{stage: of(AfterPut), put: of(Met409), seen: of(Unread).with(readFailed).with(absence), stopped: yes,
		d: Decision{Result: NotSent, Reason: fromStop, Next: Done}},

	// PUTs that Konnect did not take.
	{stage: of(AfterPut), put: of(Rejected),
		d: Decision{Result: NotSent, Reason: Refused, Next: Done}},
	{stage: of(AfterPut), put: of(NotProcessed),
		d: Decision{Result: NotSent, Reason: Unavailable, Next: Done}},
	{stage: of(AfterPut), put: of(NeverLeft), stopped: no,
		d: Decision{Result: NotSent, Reason: Unreachable, Next: Done}},
	{stage: of(AfterPut), put: of(NeverLeft), stopped: yes,
		d: Decision{Result: NotSent, Reason: fromStop, Next: Done}},
	// No PUT: not evidence a run gathers; say nothing more than "maybe".
	{stage: of(AfterPut), put: of(NoPut),
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},

	// Blocked by another window's job: the window is not in Konnect. A job of
	// this window that shows up is being replayed, and is not sent again.
	{stage: of(Blocked), seen: own,
		d: Decision{Result: Sent, Reason: Replaying, Next: Done, Ours: true}},
	{stage: of(Blocked), seen: cannotTell,
		d: Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{stage: of(Blocked), seen: of(Unread, FailedRead, OtherRunning), stopped: no,
		d: Decision{Result: NotSent, Reason: Conflict, Next: Wait}},
	{stage: of(Blocked), seen: of(NoJob, OtherQueued, OtherFinished, Earlier), stopped: no, reached: no,
		d: Decision{Result: NotSent, Reason: Conflict, Next: SendAgain}},
	// After a PUT that may have reached Konnect, sending once more is a
	// resend, within max_retries like any other.
	{stage: of(Blocked), seen: of(NoJob, OtherQueued, OtherFinished, Earlier), stopped: no, reached: yes, canResend: yes,
		d: Decision{Result: NotSent, Reason: Conflict, Next: SendAgain}},
	{stage: of(Blocked), seen: of(NoJob, OtherQueued, OtherFinished, Earlier), stopped: no, reached: yes, canResend: no,
		d: Decision{Result: MaybeSent, Reason: NotShown, Next: Done}},
	{stage: of(Blocked), seen: of(RefusedRead), stopped: no,
		d: Decision{Result: NotSent, Reason: ReadFailed, Next: Done}},
	{stage: of(Blocked), seen: of(Unread).with(readFailed).with(absence), stopped: yes,
		d: Decision{Result: NotSent, Reason: fromStop, Next: Done}},

	// Awaiting the window's job. A read that does not show it yet lags, or
	// cannot tell: the wait goes on. Another window's job in progress has
	// replaced it.
	{stage: of(Awaiting), stopped: yes,
		d: Decision{Result: Sent, Next: Done, Finish: fromStop}},
	{stage: of(Awaiting), seen: of(Ongoing), stopped: no,
		d: Decision{Result: Sent, Next: Read, Ours: true}},
	// A job of this window that finished just before it was sent is taken
	// for its own here, as in a refresh: it reads so only when Konnect's
	// clock is behind this one, or a read lags by more than the poll
	// interval since Konnect took the window.
	{stage: of(Awaiting), seen: of(Unsure, Finished), stopped: no,
		d: Decision{Result: Sent, Next: Done, Ours: true, Finish: finishFromStatus}},
	{stage: of(Awaiting), seen: of(Unread, FailedRead, NoJob, OtherFinished, Earlier, NoTimes), stopped: no,
		d: Decision{Result: Sent, Next: Read}},
	// Another window's job in progress replaced it, once reads that agree
	// show so: one may lag behind the window, showing the job it replaced.
	{stage: of(Awaiting), seen: of(OtherRunning, OtherQueued), stopped: no, proven: no,
		d: Decision{Result: Sent, Next: Read}},
	{stage: of(Awaiting), seen: of(OtherRunning, OtherQueued), stopped: no, proven: yes,
		d: Decision{Result: Sent, Next: Done, Finish: Replaced}},
	{stage: of(Awaiting), seen: of(RefusedRead), stopped: no,
		d: Decision{Result: Sent, Next: Done, Finish: WaitReadFailed}},

	// A refresh of a window Konnect took: it stays sent, whatever Konnect
	// shows. Another window or none means it was superseded; nothing is
	// sent again.
	{stage: of(Refresh), seen: of(Unread),
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{stage: of(Refresh), record: of(Sent), seen: of(Unsure, Ongoing, Finished),
		d: Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	{stage: of(Refresh), record: of(Sent), seen: absence,
		d: Decision{Result: Sent, Reason: Superseded, Next: Done}},
	{stage: of(Refresh), record: of(Sent), seen: of(NoTimes),
		d: Decision{Result: Sent, Reason: CannotTell, Next: Done}},
	{stage: of(Refresh), record: of(Sent), seen: readFailed,
		d: Decision{Result: Sent, Reason: ReadFailed, Next: Done}},
	// A refresh of a window that may have reached Konnect: settled as a
	// run would settle it, by reads that agree. Long after the window was
	// sent, another window's job that changed since may have replaced it,
	// so only no job, an earlier job of this window, or another window's
	// job unchanged since before it was sent show that Konnect never took
	// it. After a 409, Konnect did not take it, and one read showing
	// another window is enough.
	{stage: of(Refresh), record: of(MaybeSent), seen: own,
		d: Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	{stage: of(Refresh), record: of(MaybeSent), seen: cannotTell,
		d: Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{stage: of(Refresh), record: of(MaybeSent), put: of(Met409), seen: absence,
		d: Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{stage: of(Refresh), record: of(MaybeSent), put: of(NoPut, Showed, Took, MayHave, Rejected, NotProcessed, NeverLeft), seen: of(OtherRunning, OtherQueued, OtherFinished), changed: yes,
		d: Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	// Too soon after the window was sent, a read may still lag behind it:
	// a missing window settles nothing yet.
	{stage: of(Refresh), record: of(MaybeSent), put: of(NoPut, Showed, Took, MayHave, Rejected, NotProcessed, NeverLeft), seen: of(NoJob, Earlier), early: yes,
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},
	{stage: of(Refresh), record: of(MaybeSent), put: of(NoPut, Showed, Took, MayHave, Rejected, NotProcessed, NeverLeft), seen: of(OtherRunning, OtherQueued, OtherFinished), changed: no, early: yes,
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},
	{stage: of(Refresh), record: of(MaybeSent), put: of(NoPut, Showed, Took, MayHave, Rejected, NotProcessed, NeverLeft), seen: of(NoJob, Earlier), early: no, proven: no,
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{stage: of(Refresh), record: of(MaybeSent), put: of(NoPut, Showed, Took, MayHave, Rejected, NotProcessed, NeverLeft), seen: of(OtherRunning, OtherQueued, OtherFinished), changed: no, early: no, proven: no,
		d: Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{stage: of(Refresh), record: of(MaybeSent), put: of(NoPut, Showed, Took, MayHave, Rejected, NotProcessed, NeverLeft), seen: of(NoJob, Earlier), early: no, proven: yes,
		d: Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{stage: of(Refresh), record: of(MaybeSent), put: of(NoPut, Showed, Took, MayHave, Rejected, NotProcessed, NeverLeft), seen: of(OtherRunning, OtherQueued, OtherFinished), changed: no, early: no, proven: yes,
		d: Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{stage: of(Refresh), record: of(MaybeSent), seen: readFailed,
		d: Decision{Result: MaybeSent, Reason: ReadFailed, Next: Done}},
	// A refresh of a window that reads showed Konnect lacks: it stays so,
	// for the plan to send, unless Konnect now shows it after all.
	{stage: of(Refresh), record: of(NotSent), seen: own,
		d: Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	{stage: of(Refresh), record: of(NotSent), seen: cannotTell.with(absence),
		d: Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{stage: of(Refresh), record: of(NotSent), seen: readFailed,
		d: Decision{Result: NotSent, Reason: ReadFailed, Next: Done}},
	// Not a record a refresh is given; say nothing more than "maybe".
	{stage: of(Refresh), record: of[Result](0), seen: of(FailedRead, RefusedRead, NoJob, OtherRunning, OtherQueued, OtherFinished, NoTimes, Earlier, Unsure, Ongoing, Finished),
		d: Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},

	// An import adopts the job Konnect shows, with its window; with no
	// window known, every job with its times reads as another window's.
	{stage: of(Import), seen: of(Unread),
		d: Decision{Result: NotSent, Reason: NoAnswer, Next: Read}},
	{stage: of(Import), seen: of(OtherRunning, OtherQueued, OtherFinished, Earlier, Unsure, Ongoing, Finished),
		d: Decision{Result: Sent, Reason: Adopted, Next: Done, Ours: true}},
	{stage: of(Import), seen: of(NoJob),
		d: Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{stage: of(Import), seen: of(NoTimes),
		d: Decision{Result: NotSent, Reason: CannotTell, Next: Done}},
	{stage: of(Import), seen: readFailed,
		d: Decision{Result: NotSent, Reason: ReadFailed, Next: Done}},
}

// set is a set of enum values; the empty set stands for all of them.
type set[T ~int] uint64

func of[T ~int](vs ...T) set[T] {
	var s set[T]
	for _, v := range vs {
		s |= 1 << uint(v)
	}
	return s
}

func (s set[T]) with(o set[T]) set[T] { return s | o }

func (s set[T]) has(v T) bool { return s == 0 || s&(1<<uint(v)) != 0 }

// tri is a condition on a yes-or-no fact: either, yes or no.
type tri int

const (
	either tri = iota
	yes
	no
)

func (t tri) is(b bool) bool { return t == either || (t == yes) == b }

var putNames = map[Put]string{
	NoPut: "none", Showed: "showed", Took: "took", MayHave: "may have", Met409: "409",
	Rejected: "rejected", NotProcessed: "not processed", NeverLeft: "never left",
}

func (p Put) String() string { return putNames[p] }

// ParsePut reads a Put's String; ok is false for any other text.
func ParsePut(s string) (p Put, ok bool) {
	for p, name := range putNames {
		if name == s {
			return p, true
		}
	}
	return 0, false
}

var seenNames = map[Seen]string{
	Unread: "unread", FailedRead: "read failed", RefusedRead: "read refused", NoJob: "no job",
	OtherRunning: "other running", OtherQueued: "other queued", OtherFinished: "other finished", NoTimes: "no times",
	Earlier: "earlier", Unsure: "unsure", Ongoing: "ongoing", Finished: "finished",
}

func (s Seen) String() string { return seenNames[s] }

var stageNames = map[Stage]string{AfterPut: "after put", Blocked: "blocked", Awaiting: "awaiting", Refresh: "refresh", Import: "import"}

func (s Stage) String() string { return stageNames[s] }

var nextNames = map[Next]string{Done: "done", Read: "read", Wait: "wait", SendAgain: "send again"}

func (n Next) String() string { return nextNames[n] }
