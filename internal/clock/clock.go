// Package clock is the provider's time. Production uses the system clock;
// tests give the client, the engine and the mock Konnect one fake clock
// (package clocktest), so that a job changes status when the test says so
// and a wait takes no real time.
package clock

import (
	"context"
	"errors"
	"time"
)

// Clock tells the time, and owns every wait and timeout measured in it, so
// that each one runs on the same time as Now.
type Clock interface {
	Now() time.Time
	Since(t time.Time) time.Duration
	// Sleep waits d, or until ctx ends, and then returns the context's
	// cause. A wait that would pass ctx's Deadline ends at it with
	// ErrTimedOut.
	Sleep(ctx context.Context, d time.Duration) error
	// WithTimeout bounds ctx by d; a context it ends has ErrTimedOut as
	// its cause. An outer deadline that comes sooner still holds.
	WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
	// Detach is ctx without its cancellation and deadline, bounded
	// instead by d from now: for work that must outlive a stop a little
	// while.
	Detach(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
	// Deadline is the earliest deadline of ctx on this clock, if it has one.
	Deadline(ctx context.Context) (time.Time, bool)
}

// ErrTimedOut is the cause of a context that WithTimeout ended.
var ErrTimedOut = errors.New("timed out")

// Real is the system clock.
func Real() Clock { return system{} }

type system struct{}

func (system) Now() time.Time                  { return time.Now() }
func (system) Since(t time.Time) time.Duration { return time.Since(t) }

func (c system) Sleep(ctx context.Context, d time.Duration) error {
	return SleepOn(ctx, c, d, func(d time.Duration) (<-chan time.Time, func() bool) {
		t := time.NewTimer(d)
		return t.C, t.Stop
	})
}

func (system) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, d, ErrTimedOut)
}

func (system) Detach(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(context.WithoutCancel(ctx), d, ErrTimedOut)
}

func (system) Deadline(ctx context.Context) (time.Time, bool) { return ctx.Deadline() }

// SleepOn is Sleep as every Clock does it, written once for each to use: it
// waits d of c's time, or until ctx ends. start starts a timer of c's time
// and returns its channel and a function that stops it.
func SleepOn(ctx context.Context, c Clock, d time.Duration, start func(time.Duration) (<-chan time.Time, func() bool)) error {
	if err := ctx.Err(); err != nil {
		return context.Cause(ctx)
	}
	timedOut := false
	if deadline, ok := c.Deadline(ctx); ok && !c.Now().Add(d).Before(deadline) {
		d, timedOut = deadline.Sub(c.Now()), true
	}
	if d <= 0 {
		if timedOut {
			return ErrTimedOut
		}
		return nil
	}
	fired, stop := start(d)
	defer stop()
	select {
	case <-fired:
		if timedOut {
			return ErrTimedOut
		}
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
