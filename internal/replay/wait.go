package replay

import (
	"context"
	"fmt"
	"time"
)

// Poll says how often a job is read while waiting: every quarter of the time
// waited so far, from Min up to Max. A finished job is noticed within Max,
// and a long wait asks Konnect about every Max.
type Poll struct {
	Min, Max time.Duration
}

// DefaultPoll notices a finished job within 10 s, and a job that takes a
// few seconds within about one.
var DefaultPoll = Poll{Min: time.Second, Max: 10 * time.Second}

func (p Poll) min() time.Duration { return max(p.Min, time.Millisecond) }

// next is the delay before the next read, after waiting for waited.
func (p Poll) next(waited time.Duration) time.Duration {
	return min(max(waited/4, p.min()), max(p.Max, p.min()))
}

// await reads the sent window's job, as the table asks, until it decides:
// the job finished, another window's job replaced it, a read was refused,
// or the run was stopped. out.Job follows every read that shows the
// window's job, so the caller can record the last status seen.
func (r *run) await(ctx context.Context, out *Outcome) {
	begin := r.clk.Now()
	defer func() { out.WaitedFor = r.clk.Since(begin) }()
	k := Known{Stage: Awaiting, Seen: Unread, Wait: true}
	if out.Job != nil {
		k.Seen, k.Status = Classify(out.Job, nil, r.req.Window, r.sentAt), out.Job.Status
	}
	var lastErr error
	for {
		d := Decide(k)
		if d.Next == Done {
			out.Finish = d.Finish
			switch d.Finish {
			case Replaced:
				out.WaitErr = fmt.Errorf("Konnect now shows %s", out.Shows)
			case WaitReadFailed:
				out.WaitErr = lastErr
			case WaitTimedOut, WaitInterrupted, NotWaited, Completed, Failed:
			}
			return
		}
		if err := r.clk.Sleep(ctx, r.e.Poll.next(r.clk.Since(begin))); err != nil {
			k.Seen, k.Stop, out.WaitErr = Unread, stopOf(ctx, err), withLast(err, lastErr)
			continue
		}
		job, err := r.e.Client.GetReplayJob(ctx, r.req.Scope)
		if isStop(err) {
			k.Seen, k.Stop, out.WaitErr = Unread, stopOf(ctx, err), withLast(err, lastErr)
			continue
		}
		k.Seen = Classify(job, err, r.req.Window, r.sentAt)
		if k.Seen == OtherRunning || k.Seen == OtherQueued {
			k.Absent++
		}
		switch {
		case err != nil:
			lastErr = err
			r.log(ctx, "Reading the job failed; waiting on", map[string]any{"error": err.Error()})
			continue
		case Decide(Known{Stage: Awaiting, Seen: k.Seen, Wait: true, Status: job.Status}).Ours:
			out.Job, k.Status, k.Absent = job, job.Status, 0
			r.progress(job, false)
		default:
			r.log(ctx, "Konnect does not show the window's job; waiting on", map[string]any{"shows": job.String(), "seen": k.Seen.String()})
		}
		lastErr, out.Shows = nil, job
	}
}
