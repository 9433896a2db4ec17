package konnect

import (
	"context"
	"fmt"
	"time"
)

// Poll says how often a wait asks Konnect for a job's status: first after
// Initial, then half again as long each time, never longer than Max.
type Poll struct {
	Initial time.Duration
	Max     time.Duration
}

// DefaultPoll suits jobs that take from seconds to many minutes without
// asking Konnect more than a few times a minute.
var DefaultPoll = Poll{Initial: 2 * time.Second, Max: 20 * time.Second}

func (p Poll) next(d time.Duration) time.Duration {
	if d == 0 {
		d = p.Initial
	} else {
		d += d / 2
	}
	return min(max(d, time.Millisecond), max(p.Max, p.Initial))
}

// AwaitReplayJob reads a job until done says so, or ctx ends. It returns the
// last job read with either nil or the reason it stopped, so a caller can
// report the last status it saw.
func (c *Client) AwaitReplayJob(ctx context.Context, ref ReplayJobRef, p Poll, done func(*ReplayJob) bool) (*ReplayJob, error) {
	var (
		last  *ReplayJob
		delay time.Duration
	)
	for {
		job, err := c.GetReplayJob(ctx, ref)
		if err != nil {
			return last, err
		}
		last = job
		if done(job) {
			return job, nil
		}
		delay = p.next(delay)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, fmt.Errorf("stopped waiting with the job %s: %w", job.Status, context.Cause(ctx))
		case <-t.C:
		}
	}
}
