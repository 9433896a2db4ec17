package replay

import (
	"context"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// act is what follows a PUT.
type act int

const (
	// check the answer: it must show the window.
	checkAnswer act = iota + 1
	// readBack: the PUT may have been taken; read the job to settle it.
	readBack
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
	konnect.Unreadable:           {readBack, 0},
	konnect.ServerFault:          {readBack, 0},
	konnect.NoAnswer:             {readBack, 0},
	konnect.StoppedInFlight:      {readBack, 0},
	konnect.Conflict:             {conflict, 0},
	konnect.Rejected:             {giveUp, Refused},
	konnect.Unavailable:          {giveUp, Unavailable},
	konnect.Unreachable:          {giveUp, Unreachable},
	konnect.StoppedBeforeSending: {giveUp, 0},
}

// send PUTs the window until an Outcome is reached.
func (r *run) send(ctx context.Context) Outcome {
	win := r.req.Window
	resends, first409 := 0, true
	for {
		job, err := r.e.Client.PutReplayJob(ctx, r.req.Ref, win)
		next := afterPut[konnect.EndingOf(err)]
		var (
			out   Outcome
			again bool
		)
		switch next.act {
		case checkAnswer:
			if job != nil && job.Configured() && (shows(job, win) || sparse(job)) {
				return r.done(Outcome{Result: Sent, Reason: Accepted, Job: job})
			}
			// 204, or an answer that does not show the window (no job, or
			// another window): Konnect's own read decides.
			out, again = r.readBack(ctx, err)
		case readBack:
			out, again = r.readBack(ctx, err)
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
			r.log(ctx, "Konnect shows that it did not take the window; sending it again", map[string]any{"resend": resends})
			if serr := clock.Sleep(ctx, r.clk, r.e.Poll.min()); serr != nil {
				return r.done(Outcome{Result: NotSent, Reason: stopped(ctx, serr), Job: out.Job, Err: out.Err})
			}
		}
	}
}

// readBack settles a PUT that may have been taken by reading the job. Once
// the caller has stopped, one quick read still runs, detached from the stop.
// again means the window was not taken and may be sent again (out then says
// NotShown, for when it may not).
func (r *run) readBack(ctx context.Context, putErr error) (out Outcome, again bool) {
	client, rctx := r.e.Client, ctx
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
		defer cancel()
		client = client.WithRetry(konnect.Retry{})
	}
	cur, err := client.GetReplayJob(rctx, r.req.Ref)
	switch {
	case err != nil:
		reason := NoAnswer
		if ctx.Err() != nil {
			reason = stopped(ctx, nil)
		}
		r.log(ctx, "The window may have reached Konnect, and the job could not be read; the next read decides", map[string]any{"error": err.Error()})
		return r.done(Outcome{Result: MaybeSent, Reason: reason, Err: putErr, ReadErr: err}), false
	case shows(cur, r.req.Window):
		return r.done(Outcome{Result: Sent, Reason: Shown, Job: cur, Err: putErr}), false
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
	cur, err := r.e.Client.GetReplayJob(ctx, r.req.Ref)
	if err != nil {
		// The 409 refused the window; only what runs is unknown.
		return r.done(Outcome{Result: NotSent, Reason: Conflict, Err: putErr, ReadErr: err}), false
	}
	if shows(cur, r.req.Window) {
		r.log(ctx, "Konnect is already replaying this window; recording it instead of sending it again", map[string]any{"status": string(cur.Status)})
		return r.done(Outcome{Result: Sent, Reason: Replaying, Job: cur}), false
	}
	return r.inTheWay(ctx, putErr, cur)
}

// inTheWay waits for another window's job (cur, when known) if the request
// asks to: at least one poll interval before the next PUT, whatever Konnect
// reports meanwhile, since a 409 while a read says the job is not running
// is Konnect's own lag. again means send the window now.
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
	for {
		delay := r.e.Poll.next(r.clk.Since(r.behindSince))
		r.log(ctx, "Another replay job is in the way; waiting for it before sending the window", map[string]any{"retry_in_ms": delay.Milliseconds()})
		if err := clock.Sleep(ctx, r.clk, delay); err != nil {
			return r.done(Outcome{Result: NotSent, Reason: stopped(ctx, err), Job: r.behind, Err: err}), false
		}
		cur, err := r.e.Client.GetReplayJob(ctx, r.req.Ref)
		if err != nil {
			reason := ReadFailed
			if isStop(err) {
				reason = stopped(ctx, err)
			}
			return r.done(Outcome{Result: NotSent, Reason: reason, Job: r.behind, Err: err}), false
		}
		if shows(cur, r.req.Window) {
			return r.done(Outcome{Result: Sent, Reason: Replaying, Job: cur}), false
		}
		r.behind = cur
		if cur.Status != konnect.StatusRunning {
			return Outcome{}, true
		}
	}
}

// isStop reports whether a request failed because the caller's context ended.
func isStop(err error) bool {
	e := konnect.EndingOf(err)
	return e == konnect.StoppedBeforeSending || e == konnect.StoppedInFlight
}
