package replay

import (
	"context"
	"fmt"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
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

// waitRead sleeps until the next read of a wait that began at since, then
// reads the job. A read that fails for a passing reason returns neither job
// nor error, and is kept in last: the wait goes on. The error is what ends
// the wait: the clock's (the timeout, or the caller), with the last failed
// read, or a read Konnect refused.
func (r *run) waitRead(ctx context.Context, since time.Time, last *error) (*konnect.ReplayJob, error) {
	if err := clock.Sleep(ctx, r.clk, r.e.Poll.next(r.clk.Since(since))); err != nil {
		return nil, withLast(err, *last)
	}
	job, err := r.e.Client.GetReplayJob(ctx, r.req.Scope)
	switch {
	case err == nil:
		*last = nil
		return job, nil
	case isStop(err) || konnect.EndingOf(err) == konnect.Rejected:
		return nil, err
	}
	*last = err
	r.log(ctx, "Reading the job failed; waiting on", map[string]any{"error": err.Error()})
	return nil, nil
}

// await reads the sent window's job until it finishes, the time runs out,
// or the caller stops. out.Job follows every read, so the caller can record
// the last status seen. A read that fails for a passing reason, or that
// does not show the window yet (Konnect's reads may lag its writes), is
// waited out; a refused read, or another window's job in progress, ends it.
func (r *run) await(ctx context.Context, out *Outcome) {
	begin := r.clk.Now()
	defer func() { out.WaitedFor = r.clk.Since(begin) }()
	var lastErr error
	for !out.Job.Status.Finished() {
		job, err := r.waitRead(ctx, begin, &lastErr)
		switch {
		case err != nil && konnect.EndingOf(err) == konnect.Rejected:
			out.Finish, out.WaitErr = WaitReadFailed, err
			return
		case err != nil:
			out.Finish, out.WaitErr = WaitInterrupted, err
			if stopped(ctx, err) == TimedOut {
				out.Finish = WaitTimedOut
			}
			return
		case job == nil:
			continue
		}
		switch r.match(job) {
		case isOurs:
			out.Job = job
			r.progress(job, false)
		case cannotTell:
			out.Job = &konnect.ReplayJob{Window: out.Job.Window, Status: job.Status, UpdatedAt: job.UpdatedAt}
			r.progress(out.Job, false)
		default:
			if job.Configured() && !job.Status.Finished() {
				out.Finish = Replaced
				out.WaitErr = fmt.Errorf("Konnect now shows %s", job)
				return
			}
			lastErr = fmt.Errorf("Konnect showed %s", job)
			r.log(ctx, "Konnect does not show the window's job yet; waiting on", map[string]any{"shows": job.String()})
		}
	}
	out.Finish = Completed
	if out.Job.Status == konnect.StatusFailed {
		out.Finish = Failed
	}
}
