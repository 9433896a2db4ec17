package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleepEndsWithTheContext(t *testing.T) {
	cause := errors.New("interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	go cancel(cause)
	if err := Real().Sleep(ctx, time.Hour); !errors.Is(err, cause) {
		t.Errorf("Sleep = %v, want the context's cause", err)
	}
}

func TestWithTimeout(t *testing.T) {
	ctx, cancel := Real().WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	<-ctx.Done()
	if !errors.Is(context.Cause(ctx), ErrTimedOut) {
		t.Errorf("cause = %v, want ErrTimedOut", context.Cause(ctx))
	}
}
