package replay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// send PUTs the window, and does what the table says after each PUT, until
// it reaches a final decision.
func (r *run) send(ctx context.Context) Outcome {
	resends := 0
	// moving: no send so far may have reached Konnect (each met a 409), so
	// a window that ends "now" may still move.
	moving := r.req.WindowAt != nil
	for {
		if err := r.pace(ctx); err != nil {
			return r.done(r.conclude(Decide(Known{Stage: AfterPut, Put: NeverLeft, Stop: stopOf(ctx, err), Reached: r.mayHave}), nil, nil, err, nil))
		}
		if moving {
			r.req.Window = r.req.WindowAt(r.clk.Now())
		}
		win := r.req.Window
		if r.mayHave {
			r.resent = true
		}
		r.sending(win)
		at := r.clk.Now()
		job, err := r.e.Client.PutReplayJob(ctx, r.req.Scope, win)
		r.answeredAt = r.clk.Now()
		put := PutOf(job, err, win)
		r.puts = append(r.puts, Attempt{At: at, Put: put, Err: err})
		switch put {
		case Showed, Took, MayHave:
			if r.sentAt.IsZero() {
				r.sentAt = at
			}
		case NoPut, Met409, Rejected, NotProcessed, NeverLeft:
		}
		r.mayHave = r.mayHave || put == MayHave
		moving = moving && put == Met409
		out, again := r.afterPut(ctx, put, job, err, resends < r.e.Resends)
		if !again {
			return out
		}
		if r.mayHave {
			resends++
			r.log(ctx, "Reads that agree show that Konnect does not have the window; sending it again", map[string]any{"resend": resends})
		}
	}
}

// pace holds a PUT back until a poll interval has passed since the last
// one was answered: after a 409, and after reads that found the window
// missing, Konnect is never asked again at once.
func (r *run) pace(ctx context.Context) error {
	if r.answeredAt.IsZero() {
		return nil
	}
	return r.clk.Sleep(ctx, r.e.Poll.min()-r.clk.Since(r.answeredAt))
}

// afterPut reads the job as the table asks, until it decides. Once the
// caller has stopped, the reads that settle an unclear answer still run,
// detached from the stop, for settleTimeout. again means send the window
// now.
func (r *run) afterPut(ctx context.Context, put Put, answer *konnect.ReplayJob, putErr error, canResend bool) (out Outcome, again bool) {
	k := Known{Stage: AfterPut, Put: put, Seen: Unread, Wait: r.req.Wait, Reached: r.mayHave, CanResend: canResend}
	var (
		shown   *konnect.ReplayJob
		readErr error
		reads   int
		// stopCause is why the run was stopped, once it was: the reads
		// that settle the PUT go on, detached, for a little while.
		stopCause = stopErr(putErr)
	)
	reader := r.settling(ctx)
	defer reader.release()
	for {
		k.Stop = stopOf(ctx, stopCause)
		d := Decide(k)
		switch d.Next {
		case Done:
			return r.done(r.conclude(d, answer, shown, putErr, readErr)), false
		case SendAgain:
			return r.done(Outcome{Result: d.Result, Reason: d.Reason, Shows: shown, Err: putErr}), true
		case Wait:
			return r.waitForBlocker(ctx, k, shown, putErr)
		case Read:
		}
		rctx, client := reader.get(k.Stop != NotStopped)
		if reads > 0 {
			if err := r.clk.Sleep(rctx, r.e.Poll.min()); err != nil {
				if reader.detached() {
					k.Seen, readErr = FailedRead, err
				} else {
					stopCause = err
				}
				continue
			}
		}
		cur, err := client.GetReplayJob(rctx, r.req.Scope)
		reads++
		k.Seen = Classify(cur, err, r.req.Window, r.since())
		if cur != nil {
			shown, k.Status = cur, cur.Status
		}
		readErr = err
		if absence.has(k.Seen) {
			k.Absent++
		}
		if isStop(err) && !reader.detached() {
			stopCause = err
		}
		r.log(ctx, "Read the job after sending the window", map[string]any{"shows": cur.String(), "seen": k.Seen.String()})
	}
}

// since is the moment a job of the window must have finished after to be
// the one this run sent: the first PUT that Konnect may have taken, or
// while none may have, the last PUT.
func (r *run) since() time.Time {
	if !r.sentAt.IsZero() || len(r.puts) == 0 {
		return r.sentAt
	}
	return r.puts[len(r.puts)-1].At
}

// conclude is the Outcome of a final decision after a PUT.
func (r *run) conclude(d Decision, answer, shown *konnect.ReplayJob, putErr, readErr error) Outcome {
	out := Outcome{Result: d.Result, Reason: d.Reason, Shows: shown, Err: putErr, ReadErr: readErr}
	switch {
	case d.Ours && d.Reason == Accepted:
		out.Job = answer
	case d.Ours:
		out.Job = shown
	case d.Reason == Conflict:
		out.Job = shown // the blocker
	}
	if putErr == nil && d.Reason != Accepted {
		out.Err = unclearAnswer(answer)
	}
	return out
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

// waitForBlocker waits for another window's job, shown when known, as the
// table asks: at least one poll interval before the next PUT, whatever
// Konnect reports meanwhile, since a 409 while a read says the job is not
// running is Konnect's own lag. again means send the window now.
func (r *run) waitForBlocker(ctx context.Context, k Known, shown *konnect.ReplayJob, putErr error) (out Outcome, again bool) {
	if shown != nil && k.Seen != NoTimes {
		r.blocker = shown
	}
	if r.blockedSince.IsZero() {
		r.blockedSince = r.clk.Now()
	}
	r.progress(r.blocker, true)
	k.Stage, k.Seen = Blocked, Unread
	var lastErr, stopped error
	for {
		d := Decide(k)
		switch d.Next {
		case Done:
			o := Outcome{Result: d.Result, Reason: d.Reason, Shows: shown, Job: r.blocker, Err: putErr}
			switch {
			case d.Ours:
				o.Job, o.Err = shown, nil
			case stopped != nil:
				o.Err = stopped
			case d.Reason == ReadFailed:
				o.Err = lastErr
			}
			return r.done(o), false
		case SendAgain:
			return Outcome{}, true
		case Read, Wait:
		}
		r.log(ctx, "Another window's job is running; waiting for it before sending the window", map[string]any{})
		if err := r.clk.Sleep(ctx, r.e.Poll.next(r.clk.Since(r.blockedSince))); err != nil {
			stopped = withLast(err, lastErr)
			k.Seen, k.Stop = Unread, stopOf(ctx, err)
			continue
		}
		cur, err := r.e.Client.GetReplayJob(ctx, r.req.Scope)
		if isStop(err) {
			stopped = withLast(err, lastErr)
			k.Seen, k.Stop = Unread, stopOf(ctx, err)
			continue
		}
		k.Seen = Classify(cur, err, r.req.Window, r.since())
		switch {
		case err != nil:
			lastErr = err
			r.log(ctx, "Reading the job failed; waiting on", map[string]any{"error": err.Error()})
		default:
			lastErr, shown = nil, cur
			if k.Seen != NoTimes && !(k.Seen == Ongoing || k.Seen == Finished) {
				r.blocker = cur
				r.progress(cur, true)
			}
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
	return err != nil && (e == konnect.StoppedBeforeSending || e == konnect.StoppedInFlight)
}

// stopErr is err when it says the caller's context ended, else nil.
func stopErr(err error) error {
	if isStop(err) {
		return err
	}
	return nil
}

// settler hands out the context and client for the reads that settle a
// PUT: the run's own, or once the run has been stopped, a context detached
// from the stop, bounded by settleTimeout, and a client that does not retry.
type settler struct {
	ctx    context.Context
	client *konnect.Client
	cancel context.CancelFunc
}

func (r *run) settling(ctx context.Context) *settler {
	return &settler{ctx: ctx, client: r.e.Client}
}

func (s *settler) get(stopped bool) (context.Context, *konnect.Client) {
	if s.cancel == nil && (stopped || s.ctx.Err() != nil) {
		s.ctx, s.cancel = s.client.Clock().Detach(s.ctx, settleTimeout)
		s.client = s.client.WithRetry(konnect.Retry{})
	}
	return s.ctx, s.client
}

func (s *settler) detached() bool { return s.cancel != nil }

func (s *settler) release() {
	if s.cancel != nil {
		s.cancel()
	}
}
