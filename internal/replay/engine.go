package replay

import (
	"context"
	"errors"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// Engine sends windows. Its zero value is not usable: Client is required.
type Engine struct {
	// Client sends the requests, and its clock times the engine's waits and
	// timeouts: one clock for both, so that they cannot disagree.
	Client *konnect.Client
	// Poll says how often a job is read while waiting, and how far apart
	// reads and PUTs must be.
	Poll Poll
	// Resends is how many times a window is sent again when, after a PUT
	// that may have reached Konnect, reads that agree show it does not
	// have the window.
	Resends int
	// Log, when set, is told what the engine decides; it never gets secrets.
	Log func(ctx context.Context, msg string, fields map[string]any)
}

// Request is one window to send.
type Request struct {
	// Scope is whose job it is: the organization's or a portal's, in a region.
	Scope  konnect.Scope
	Window konnect.Window
	// Wait asks to wait for a running job of another window before sending,
	// and for the window's own job to finish after.
	Wait bool
	// Timeout bounds sending and waiting together.
	Timeout time.Duration
	// CheckWebhook asks to read the scope's webhook status once before the
	// window is first sent, and not to send it into a disabled webhook.
	CheckWebhook bool
	// Webhook, when set, is the webhook's status as the lookup that found
	// the scope read it just before: the check takes it instead of reading
	// the status again.
	Webhook *WebhookRead
	// WindowAt, when set, is the window at a given moment on the engine's
	// clock, for a window that ends "now": the run asks it for the window
	// just before it first sends, and again before each send that follows
	// a wait for another window's job, so that however long the wait, the
	// window still ends when it is sent. Once a window may have reached
	// Konnect, it is never replaced: every later send repeats it. Window
	// then only stands for the window until the first send.
	WindowAt func(now time.Time) konnect.Window
	// OnProgress, when set, is told of each change in how the window's job
	// stands (from the moment Konnect takes the window) and, while the run
	// waits for it, another window's job. It is called on the run's
	// goroutine; it may block for a while (the run's clock goes on), and
	// nothing it does changes what the run decides.
	OnProgress func(Progress)
}

// WebhookRead is one read of a webhook's status: the status Konnect
// answered, or the read's error.
type WebhookRead struct {
	Status *konnect.WebhookStatus
	Err    error
}

// settleTimeout bounds the reads that settle an unclear answer once the
// caller has stopped (Ctrl-C, or the timeout passed): long enough for a few
// quick answers a poll interval apart, short enough not to hold up the stop.
const settleTimeout = 5 * time.Second

// Run sends req's window, and waits if asked. It never sends the window
// twice on its own judgment: a PUT that may have reached Konnect is
// followed by reads of the job, and by another PUT only when reads that
// agree show that Konnect lacks it.
func (e *Engine) Run(ctx context.Context, req Request) Outcome {
	clk := e.Client.Clock()
	ctx, cancel := clk.WithTimeout(ctx, req.Timeout)
	defer cancel()
	r := &run{e: e, clk: clk, req: req}
	if req.CheckWebhook {
		if out, ready := r.checkWebhook(ctx); !ready {
			return out
		}
	}
	out := r.send(ctx)
	if out.Result == Sent && req.Wait {
		r.await(ctx, &out)
	}
	return out
}

// run is one Run's state.
type run struct {
	e   *Engine
	clk clock.Clock
	req Request
	// sentAt is when the first PUT that Konnect may have taken was sent,
	// on the engine's clock; zero until then.
	sentAt time.Time
	// answeredAt is when the last PUT ended: the next one waits at least a
	// poll interval after it.
	answeredAt time.Time
	// puts are the PUTs so far; mayHave says one of them may have reached
	// Konnect, and resent that a PUT followed it.
	puts    []Attempt
	mayHave bool
	resent  bool
	// blocker is the other window's job waited for, and blockedSince
	// when the wait began.
	blocker      *konnect.ReplayJob
	blockedSince time.Time
	// webhook and webhookErr are what the check before sending found.
	webhook    *konnect.WebhookStatus
	webhookErr error
	// What OnProgress was last told, so that it is told of changes only: the window's
	// own job's status, since takenAt; another job's window and status.
	ownStatus   konnect.Status
	takenAt     time.Time
	otherSeen   bool
	otherSeenAs konnect.Window
	otherStatus konnect.Status
}

func (r *run) log(ctx context.Context, msg string, fields map[string]any) {
	if r.e.Log != nil {
		fields["path"], fields["region"] = r.req.Scope.ReplayJobPath(), r.req.Scope.Region
		r.e.Log(ctx, msg, fields)
	}
}

// done finishes an Outcome with what every one carries.
func (r *run) done(o Outcome) Outcome {
	o.Window = r.req.Window
	o.Webhook, o.WebhookErr = r.webhook, r.webhookErr
	o.SentAt, o.Puts, o.Resent = r.since(), r.puts, r.resent
	if n := len(r.puts); n > 0 {
		o.Put = r.puts[n-1].Put
		// A window not taken by the last PUT is judged, later, by the
		// weakest evidence: an earlier PUT may have reached Konnect.
		if r.mayHave && o.Put != Showed && o.Put != Took {
			o.Put = MayHave
		}
	}
	if r.blocker != nil {
		o.Blocker = r.blocker
		if !r.blockedSince.IsZero() {
			o.BlockedFor = r.clk.Since(r.blockedSince)
		}
	}
	if o.Result == Sent && o.Job != nil {
		r.progress(o.Job, false)
	}
	return o
}

// stopOf says whether, and why, the run has been stopped: by its timeout,
// or by the caller. err is what a wait or a request that ended early
// returned, if any.
func stopOf(ctx context.Context, err error) Stop {
	switch {
	case errors.Is(err, clock.ErrTimedOut) || errors.Is(context.Cause(ctx), clock.ErrTimedOut):
		return StoppedByTimeout
	case ctx.Err() != nil || (err != nil && isStop(err)) || errors.Is(err, context.Canceled):
		return StoppedByCaller
	}
	return NotStopped
}
