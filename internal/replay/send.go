package replay

import (
	"context"
	"errors"
	"fmt"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// act is what follows a PUT.
type act int

const (
	// checkAnswer: the answer must show the window.
	checkAnswer act = iota + 1
	// readBack: the PUT may have been taken; read the job to settle it.
	readBack
	// readBackTaken: Konnect took the PUT (2xx) but said nothing usable of
	// the job; read it to learn how it stands.
	readBackTaken
	// conflict: a job is running; it may be the window's own.
	conflict
	// give up: the window was not sent.
	giveUp
)

// afterPut is what each ending of a PUT means for the window. It is the only
// place that decides this; a test proves it covers every ending.
var afterPut = map[konnect.Ending]struct {
	act    act
	reason Reason // for giveUp; 0 means from the context
}{
	konnect.Answered:             {checkAnswer, 0},
	konnect.Unreadable:           {readBackTaken, 0},
	konnect.ServerFault:          {readBack, 0},
	konnect.NoAnswer:             {readBack, 0},
	konnect.StoppedInFlight:      {readBack, 0},
	konnect.Conflict:             {conflict, 0},
	konnect.Rejected:             {giveUp, Refused},
	konnect.Unavailable:          {giveUp, Unavailable},
	konnect.Unreachable:          {giveUp, Unreachable},
	konnect.StoppedBeforeSending: {giveUp, 0},
}

// settling says what is known of a PUT whose fate a read settles.
type settling int

const (
	// mayHaveArrived: no answer, or a server fault. A read showing that
	// Konnect lacks the window means it was not taken: send it again.
	mayHaveArrived settling = iota
	// taken: a success status without a usable job (204, a body cut
	// short). Konnect took the window; a read that does not show it lags.
	taken
	// contradicted: a success status whose job is none, or another
	// window. The read decides, and the window is not sent again.
	contradicted
)

// send PUTs the window until an Outcome is reached.
func (r *run) send(ctx context.Context) Outcome {
	resends, first409 := 0, true
	r.sentAt = r.clk.Now()
	// slide: no send so far may have reached Konnect (each met a 409), so
	// a window that ends "now" may still move.
	slide := r.req.Slide != nil
	for {
		if slide {
			r.req.Window = r.req.Slide(r.clk.Now())
		}
		win := r.req.Window
		r.sending(win)
		job, err := r.e.Client.PutReplayJob(ctx, r.req.Scope, win)
		next := afterPut[konnect.EndingOf(err)]
		slide = slide && next.act == conflict
		var (
			out   Outcome
			again bool
		)
		switch next.act {
		case checkAnswer:
			if job != nil && job.Configured() && (job.SameWindow(win) || job.StartAt.IsZero() || job.EndAt.IsZero()) {
				return r.done(Outcome{Result: Sent, Reason: Accepted, Job: job})
			}
			how := contradicted
			if job == nil {
				how = taken
			}
			out, again = r.readBack(ctx, unclearAnswer(job), how)
		case readBackTaken:
			out, again = r.readBack(ctx, err, taken)
		case readBack:
			out, again = r.readBack(ctx, err, mayHaveArrived)
		case conflict:
			out, again = r.conflict(ctx, err, first409)
			first409 = false
		default:
			reason := next.reason
			if reason == 0 {
				reason = stopped(ctx, err)
			}
			return r.done(Outcome{Result: NotSent, Reason: reason, Err: err})
		}
		if !again {
			return out
		}
		if out.Reason == NotShown {
			if resends >= r.e.Resends {
				return out
			}
			resends++
			r.resent = true
			r.log(ctx, "Konnect shows that it did not take the window; sending it again", map[string]any{"resend": resends})
			if serr := clock.Sleep(ctx, r.clk, r.e.Poll.min()); serr != nil {
				return r.done(Outcome{Result: NotSent, Reason: stopped(ctx, serr), Job: out.Job, Err: out.Err})
			}
		}
	}
}

// ErrNoContent is the Err of an Outcome whose PUT Konnect answered 204: it
// took the window and said nothing of the job, which is no fault.
var ErrNoContent = errors.New("Konnect took the window and answered 204 No Content, without the job")

// unclearAnswer says what was unclear about a successful answer.
func unclearAnswer(job *konnect.ReplayJob) error {
	if job == nil {
		return ErrNoContent
	}
	return fmt.Errorf("Konnect answered the window with %s", job)
}

// readBack settles a PUT by reading the job. Once the caller has stopped,
// one quick read still runs, detached from the stop. again means the window
// was not taken and may be sent again (out then says NotShown, for when it
// may not).
func (r *run) readBack(ctx context.Context, putErr error, how settling) (out Outcome, again bool) {
	client, rctx := r.e.Client, ctx
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
		defer cancel()
		client = client.WithRetry(konnect.Retry{})
	}
	cur, err := client.GetReplayJob(rctx, r.req.Scope)
	maybe := Outcome{Result: MaybeSent, Reason: NoAnswer, Job: cur, Err: putErr, ReadErr: err}
	if ctx.Err() != nil {
		maybe.Reason = stopped(ctx, nil)
	}
	switch m := r.match(cur); {
	case err != nil:
		maybe.Job = nil
		r.log(ctx, "The window may have reached Konnect, and the job could not be read; the next read decides", map[string]any{"error": err.Error()})
		return r.done(maybe), false
	case m == isOurs:
		return r.done(Outcome{Result: Sent, Reason: Shown, Job: cur, Err: putErr}), false
	case m == cannotTell:
		// The answer leaves out the window: whose job it is, nobody can say.
		return r.done(maybe), false
	case how == taken:
		// Konnect took it, and its read has not caught up.
		maybe.Reason = NotShown
		return r.done(maybe), false
	case how == contradicted:
		return r.done(Outcome{Result: NotSent, Reason: NotShown, Job: cur, Err: putErr}), false
	case ctx.Err() != nil:
		return r.done(Outcome{Result: NotSent, Reason: stopped(ctx, nil), Job: cur, Err: putErr}), false
	case cur.Status == konnect.StatusRunning:
		// Another window's job runs: the PUT met it, as a 409 would.
		return r.inTheWay(ctx, putErr, cur)
	}
	return r.done(Outcome{Result: NotSent, Reason: NotShown, Job: cur, Err: putErr}), true
}

// conflict handles a 409. The first one reads the job, to tell the window's
// own (sent by an earlier attempt or apply: recorded, never sent again) from
// another window's; later ones come while waiting, and go on waiting.
func (r *run) conflict(ctx context.Context, putErr error, first409 bool) (out Outcome, again bool) {
	if !first409 {
		return r.inTheWay(ctx, putErr, nil)
	}
	cur, err := r.e.Client.GetReplayJob(ctx, r.req.Scope)
	switch m := r.match(cur); {
	case err != nil && r.req.Wait && !isStop(err) && konnect.EndingOf(err) != konnect.Rejected:
		// A passing fault: wait and read again, as for any job in the way.
		return r.inTheWay(ctx, putErr, nil)
	case err != nil:
		// The 409 refused the window; only what runs is unknown.
		return r.done(Outcome{Result: NotSent, Reason: Conflict, Err: putErr, ReadErr: err}), false
	case m == isOurs:
		r.log(ctx, "Konnect is already replaying this window; recording it instead of sending it again", map[string]any{"status": string(cur.Status)})
		return r.done(Outcome{Result: Sent, Reason: Replaying, Job: cur}), false
	case m == cannotTell:
		// A job runs whose window the answer leaves out: it may be this one.
		return r.done(Outcome{Result: MaybeSent, Reason: NoAnswer, Job: cur, Err: putErr}), false
	}
	return r.inTheWay(ctx, putErr, cur)
}

// inTheWay waits for another window's job (cur, when known) if the request
// asks to: at least one poll interval before the next PUT, whatever Konnect
// reports meanwhile, since a 409 while a read says the job is not running
// is Konnect's own lag. Reads that fail for a passing reason are waited
// out; a refused read ends the wait. again means send the window now.
func (r *run) inTheWay(ctx context.Context, putErr error, cur *konnect.ReplayJob) (out Outcome, again bool) {
	if cur != nil {
		r.behind = cur
	}
	if !r.req.Wait {
		return r.done(Outcome{Result: NotSent, Reason: Conflict, Job: r.behind, Err: putErr}), false
	}
	if r.behindSince.IsZero() {
		r.behindSince = r.clk.Now()
	}
	r.progress(r.behind, true)
	var lastErr error
	for {
		r.log(ctx, "Another replay job is in the way; waiting for it before sending the window", map[string]any{})
		cur, err := r.waitRead(ctx, r.behindSince, &lastErr)
		switch {
		case err != nil && konnect.EndingOf(err) == konnect.Rejected:
			return r.done(Outcome{Result: NotSent, Reason: ReadFailed, Job: r.behind, Err: err}), false
		case err != nil:
			return r.done(Outcome{Result: NotSent, Reason: stopped(ctx, err), Job: r.behind, Err: err}), false
		case cur == nil:
			continue
		case r.match(cur) == isOurs:
			return r.done(Outcome{Result: Sent, Reason: Replaying, Job: cur}), false
		}
		r.behind = cur
		r.progress(cur, true)
		if cur.Status != konnect.StatusRunning {
			return Outcome{}, true
		}
	}
}

// WaitEnded is the error that ended a wait whose last read of the job had
// failed, with that failure.
type WaitEnded struct {
	Err      error // why the wait ended: the timeout, or the caller
	LastRead error
}

func (e *WaitEnded) Error() string {
	return fmt.Sprintf("%v; the last read of the job had failed: %v", e.Err, e.LastRead)
}

func (e *WaitEnded) Unwrap() error { return e.Err }

// withLast adds the last failed read to the error that ended a wait.
func withLast(err, last error) error {
	if last == nil {
		return err
	}
	return &WaitEnded{Err: err, LastRead: last}
}

// isStop reports whether a request failed because the caller's context ended.
func isStop(err error) bool {
	e := konnect.EndingOf(err)
	return e == konnect.StoppedBeforeSending || e == konnect.StoppedInFlight
}
