package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

var start = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func TestAutoSleepMovesTheClockAtOnce(t *testing.T) {
	c := NewAuto(start)
	if err := Sleep(context.Background(), c, time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := c.Now(); !got.Equal(start.Add(time.Hour)) {
		t.Errorf("after sleeping an hour the clock reads %s, want %s", got, start.Add(time.Hour))
	}
}

func TestFakeSleepWaitsForTheTest(t *testing.T) {
	c := NewFake(start)
	done := make(chan error, 1)
	go func() { done <- Sleep(context.Background(), c, time.Minute) }()
	if err := c.BlockUntilContext(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("the sleep ended before the clock moved: %v", err)
	default:
	}
	c.Set(start.Add(30 * time.Second))
	select {
	case err := <-done:
		t.Fatalf("the sleep ended half-way: %v", err)
	default:
	}
	c.Advance(30 * time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestSleepEndsWithTheContext(t *testing.T) {
	for name, c := range map[string]Clock{"fake": NewFake(start), "real": Real()} {
		t.Run(name, func(t *testing.T) {
			cause := errors.New("interrupted")
			ctx, cancel := context.WithCancelCause(context.Background())
			go cancel(cause)
			if err := Sleep(ctx, c, time.Hour); !errors.Is(err, cause) {
				t.Errorf("Sleep = %v, want the context's cause", err)
			}
		})
	}
}

func TestWithTimeout(t *testing.T) {
	ctx, cancel := WithTimeout(context.Background(), Real(), time.Millisecond)
	defer cancel()
	<-ctx.Done()
	if !errors.Is(context.Cause(ctx), ErrTimedOut) {
		t.Errorf("cause = %v, want ErrTimedOut", context.Cause(ctx))
	}

	fctx, fcancel := WithTimeout(context.Background(), NewFake(start), time.Millisecond)
	if _, ok := fctx.Deadline(); ok {
		t.Error("a fake clock's context has a deadline; net/http would read it as real time")
	}
	fcancel()
	if fctx.Err() == nil {
		t.Error("cancel did not end the fake clock's context")
	}
}

func TestSleepStopsAtTheDeadline(t *testing.T) {
	c := NewAuto(start)
	ctx, cancel := WithTimeout(context.Background(), c, 90*time.Second)
	defer cancel()
	if err := Sleep(ctx, c, time.Minute); err != nil {
		t.Fatalf("a sleep within the deadline = %v", err)
	}
	if err := Sleep(ctx, c, time.Minute); !errors.Is(err, ErrTimedOut) {
		t.Fatalf("a sleep past the deadline = %v, want ErrTimedOut", err)
	}
	if got := c.Now(); !got.Equal(start.Add(90 * time.Second)) {
		t.Errorf("the clock reads %s, want the deadline %s", got, start.Add(90*time.Second))
	}
	if d, ok := Deadline(ctx, c); !ok || !d.Equal(start.Add(90*time.Second)) {
		t.Errorf("Deadline = %s, %v", d, ok)
	}
}

func TestFakeDeadlinesNest(t *testing.T) {
	c := NewFake(start)
	outer, cancel := WithTimeout(context.Background(), c, time.Minute)
	defer cancel()
	inner, cancel2 := WithTimeout(outer, c, time.Hour)
	defer cancel2()
	if d, _ := Deadline(inner, c); !d.Equal(start.Add(time.Minute)) {
		t.Errorf("a longer inner timeout moved the deadline to %s; want the outer one, %s", d, start.Add(time.Minute))
	}
}
