// Package clock is the provider's time. Production uses the real clock; tests
// share one fake clock between the provider and the mock Konnect, so that a
// job changes status when the test says so and a wait takes no real time.
package clock

import (
	"context"
	"errors"
	"time"

	"github.com/jonboulle/clockwork"
)

// Clock tells the time and makes timers.
type Clock = clockwork.Clock

// Real is the system clock.
func Real() Clock { return clockwork.NewRealClock() }

// ErrTimedOut is the cause of a context that WithTimeout ended.
var ErrTimedOut = errors.New("timed out")

// Sleep waits d on c, or until ctx ends, and then returns the context's cause.
// A wait that would pass the deadline WithTimeout set ends at the deadline
// with ErrTimedOut, on a fake clock as on the real one. On an automatic Fake
// the wait takes no real time.
func Sleep(ctx context.Context, c Clock, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return context.Cause(ctx)
	}
	timedOut := false
	if deadline, ok := Deadline(ctx, c); ok && !c.Now().Add(d).Before(deadline) {
		d, timedOut = deadline.Sub(c.Now()), true
	}
	if d <= 0 {
		if timedOut {
			return ErrTimedOut
		}
		return nil
	}
	t := c.NewTimer(d)
	defer t.Stop()
	if f, ok := c.(*Fake); ok && f.auto {
		f.Advance(d)
	}
	select {
	case <-t.Chan():
		if timedOut {
			return ErrTimedOut
		}
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// deadlineKey holds a deadline on a fake clock.
type deadlineKey struct{}

// WithTimeout bounds ctx by d of c's time. On the real clock the context ends
// at the deadline with ErrTimedOut as its cause. On a Fake the deadline is
// only recorded, for Deadline and Sleep: a context whose deadline were fake
// time would mislead net/http, which reads deadlines as real time.
func WithTimeout(ctx context.Context, c Clock, d time.Duration) (context.Context, context.CancelFunc) {
	if _, fake := c.(*Fake); fake {
		deadline := c.Now().Add(d)
		if outer, ok := Deadline(ctx, c); ok && outer.Before(deadline) {
			deadline = outer
		}
		return context.WithCancel(context.WithValue(ctx, deadlineKey{}, deadline))
	}
	return context.WithTimeoutCause(ctx, d, ErrTimedOut)
}

// Detach is ctx without its cancellation and deadline, bounded instead by d
// of c's time from now: for work that must outlive a stop a little while.
func Detach(ctx context.Context, c Clock, d time.Duration) (context.Context, context.CancelFunc) {
	ctx = context.WithoutCancel(ctx)
	if _, fake := c.(*Fake); fake {
		return context.WithCancel(context.WithValue(ctx, deadlineKey{}, c.Now().Add(d)))
	}
	return context.WithTimeoutCause(ctx, d, ErrTimedOut)
}

// Deadline is the earliest deadline of ctx on c's time, if it has one.
func Deadline(ctx context.Context, c Clock) (time.Time, bool) {
	if _, fake := c.(*Fake); fake {
		t, ok := ctx.Value(deadlineKey{}).(time.Time)
		return t, ok
	}
	return ctx.Deadline()
}

// Fake is a clock for tests. Its time moves only when the test calls Advance
// or Set or, if it is automatic, by as much as each Sleep on it asks for.
type Fake struct {
	*clockwork.FakeClock
	auto bool
}

// NewFake returns a fake clock at start that moves only when told.
func NewFake(start time.Time) *Fake {
	return &Fake{FakeClock: clockwork.NewFakeClockAt(start)}
}

// NewAuto returns a fake clock at start that also moves forward whenever code
// sleeps on it, by the time it sleeps: a wait of an hour is over at once, and
// whatever depends on the clock (a mock's jobs) has moved on by an hour.
func NewAuto(start time.Time) *Fake {
	return &Fake{FakeClock: clockwork.NewFakeClockAt(start), auto: true}
}

// Set moves the clock to t, which must not be before its current time.
func (f *Fake) Set(t time.Time) {
	if d := t.Sub(f.Now()); d > 0 {
		f.Advance(d)
	}
}
