package clocktest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
)

var start = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func TestAutoSleepMovesTheClockAtOnce(t *testing.T) {
	c := NewAuto(start)
	if err := c.Sleep(context.Background(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := c.Now(); !got.Equal(start.Add(time.Hour)) {
		t.Errorf("after sleeping an hour the clock reads %s, want %s", got, start.Add(time.Hour))
	}
}

func TestFakeSleepWaitsForTheTest(t *testing.T) {
	c := NewFake(start)
	done := make(chan error, 1)
	go func() { done <- c.Sleep(context.Background(), time.Minute) }()
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
	c := NewFake(start)
	cause := errors.New("interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	go cancel(cause)
	if err := c.Sleep(ctx, time.Hour); !errors.Is(err, cause) {
		t.Errorf("Sleep = %v, want the context's cause", err)
	}
}

func TestWithTimeoutOnlyRecordsTheDeadline(t *testing.T) {
	ctx, cancel := NewFake(start).WithTimeout(context.Background(), time.Millisecond)
	if _, ok := ctx.Deadline(); ok {
		t.Error("a fake clock's context has a deadline; net/http would read it as real time")
	}
	cancel()
	if ctx.Err() == nil {
		t.Error("cancel did not end the fake clock's context")
	}
}

func TestSleepStopsAtTheDeadline(t *testing.T) {
	c := NewAuto(start)
	ctx, cancel := c.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := c.Sleep(ctx, time.Minute); err != nil {
		t.Fatalf("a sleep within the deadline = %v", err)
	}
	if err := c.Sleep(ctx, time.Minute); !errors.Is(err, clock.ErrTimedOut) {
		t.Fatalf("a sleep past the deadline = %v, want ErrTimedOut", err)
	}
	if got := c.Now(); !got.Equal(start.Add(90 * time.Second)) {
		t.Errorf("the clock reads %s, want the deadline %s", got, start.Add(90*time.Second))
	}
	if d, ok := c.Deadline(ctx); !ok || !d.Equal(start.Add(90*time.Second)) {
		t.Errorf("Deadline = %s, %v", d, ok)
	}
}

func TestFakeDeadlinesNest(t *testing.T) {
	c := NewFake(start)
	outer, cancel := c.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	inner, cancel2 := c.WithTimeout(outer, time.Hour)
	defer cancel2()
	if d, _ := c.Deadline(inner); !d.Equal(start.Add(time.Minute)) {
		t.Errorf("a longer inner timeout moved the deadline to %s; want the outer one, %s", d, start.Add(time.Minute))
	}
}
