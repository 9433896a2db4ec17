// Package clocktest is a fake clock.Clock for tests: its time moves only when
// the test moves it, or, if it is automatic, by as much as each Sleep asks.
// Production code never imports it.
package clocktest

import (
	"context"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
)

// Fake is a clock for tests. Its time moves only when the test calls Advance
// or Set or, if it is automatic, by as much as each Sleep on it asks for.
type Fake struct {
	fc   *clockwork.FakeClock
	auto bool
}

var _ clock.Clock = (*Fake)(nil)

// NewFake returns a fake clock at start that moves only when told.
func NewFake(start time.Time) *Fake {
	return &Fake{fc: clockwork.NewFakeClockAt(start)}
}

// NewAuto returns a fake clock at start that also moves forward whenever code
// sleeps on it, by the time it sleeps: a wait of an hour is over at once, and
// whatever depends on the clock (a mock's jobs) has moved on by an hour.
func NewAuto(start time.Time) *Fake {
	return &Fake{fc: clockwork.NewFakeClockAt(start), auto: true}
}

// Now is the fake's time.
func (f *Fake) Now() time.Time { return f.fc.Now() }

// Since is the fake time passed since t.
func (f *Fake) Since(t time.Time) time.Duration { return f.fc.Since(t) }

// Advance moves the clock forward by d, ending the sleeps it passes.
func (f *Fake) Advance(d time.Duration) { f.fc.Advance(d) }

// Set moves the clock to t, which must not be before its current time.
func (f *Fake) Set(t time.Time) {
	if d := t.Sub(f.Now()); d > 0 {
		f.Advance(d)
	}
}

// BlockUntilContext waits until n sleeps are waiting on the clock, or ctx ends.
func (f *Fake) BlockUntilContext(ctx context.Context, n int) error {
	return f.fc.BlockUntilContext(ctx, n)
}

// Sleep waits d of the fake's time; on an automatic Fake it takes no real time.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	return clock.SleepOn(ctx, f, d, func(d time.Duration) (<-chan time.Time, func() bool) {
		t := f.fc.NewTimer(d)
		if f.auto {
			f.fc.Advance(d)
		}
		return t.Chan(), t.Stop
	})
}

// deadlineKey holds a deadline of fake time in a context.
type deadlineKey struct{}

// WithTimeout only records the deadline, for Deadline and Sleep: a context
// whose deadline were fake time would mislead net/http, which reads
// deadlines as real time. Cancel still ends the context.
func (f *Fake) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	deadline := f.Now().Add(d)
	if outer, ok := f.Deadline(ctx); ok && outer.Before(deadline) {
		deadline = outer
	}
	return context.WithCancel(context.WithValue(ctx, deadlineKey{}, deadline))
}

// Detach records a deadline d from now, as WithTimeout does, in place of
// ctx's.
func (f *Fake) Detach(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx = context.WithoutCancel(ctx)
	return context.WithCancel(context.WithValue(ctx, deadlineKey{}, f.Now().Add(d)))
}

// Deadline is the deadline WithTimeout or Detach recorded in ctx, if any.
func (f *Fake) Deadline(ctx context.Context) (time.Time, bool) {
	t, ok := ctx.Value(deadlineKey{}).(time.Time)
	return t, ok
}
