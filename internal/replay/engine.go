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
	Client *konnect.Client
	// Clock times the waits and the request's timeout; nil is the real clock.
	Clock clock.Clock
	// Poll says how often a job is read while waiting.
	Poll Poll
	// Resends is how many times a window is sent again when, after an
	// unclear answer, Konnect shows that it did not take it.
	Resends int
	// Log, when set, hears of what the engine decides; it never gets secrets.
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
	// Slide, when set, is the window at a given moment on the engine's
	// clock, for a window that ends "now": the run asks it for the window
	// just before it first sends, and again before each send that follows
	// a wait for another window's job, so that however long the wait, the
	// window still ends when it is sent. Once a window may have reached
	// Konnect, it is never replaced: every later send repeats it. Window
	// then only stands for the window until the first send.
	Slide func(now time.Time) konnect.Window
	// OnProgress, when set, hears of each change in how the window's job
	// stands (from the moment Konnect takes the window) and, while the run
	// waits for it, another window's job. It is called on the run's
	// goroutine; it may block for a while (the run's clock goes on), and
	// nothing it does changes what the run decides.
	OnProgress func(Progress)
}

// settleTimeout bounds the one read that settles an unclear answer once the
// caller has stopped (Ctrl-C, or the timeout passed): long enough for one
// quick answer, short enough not to hold up the stop.
const settleTimeout = 5 * time.Second

// Run sends req's window, and waits if asked. It never sends the window
// twice: a request that may have reached Konnect is followed by a read of
// the job, never by another PUT, unless that read shows Konnect lacks it.
func (e *Engine) Run(ctx context.Context, req Request) Outcome {
	clk := e.Clock
	if clk == nil {
		clk = clock.Real()
	}
	ctx, cancel := clock.WithTimeout(ctx, clk, req.Timeout)
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
	// sentAt is when the window was first sent, on the engine's clock.
	sentAt time.Time
	// behind is the other job waited for, and since when.
	behind      *konnect.ReplayJob
	behindSince time.Time
	// resent says the window was sent again after a read showed that
	// Konnect lacked it. Such a read may lag Konnect's writes, so from then
	// on the run cannot prove the window was not sent.
	resent bool
	// webhook and webhookErr are what the check before sending found.
	webhook    *konnect.WebhookStatus
	webhookErr error
	// What OnProgress last heard, so it hears of changes only: the window's
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

// done finishes an Outcome with what every one carries. Once the window was
// sent again after a read said Konnect lacked it, an earlier attempt may yet
// have been taken: "not sent" is then only "maybe", for the next refresh to
// settle, except where a read has just shown Konnect lacks the window.
func (r *run) done(o Outcome) Outcome {
	o.Window = r.req.Window
	o.Webhook, o.WebhookErr = r.webhook, r.webhookErr
	if r.behind != nil {
		o.Behind = r.behind
		if !r.behindSince.IsZero() {
			o.Waited = r.clk.Since(r.behindSince)
		}
	}
	if o.Result == NotSent && r.resent && o.Reason != NotShown {
		o.Result = MaybeSent
	}
	if o.Result == Sent {
		r.progress(o.Job, false)
	}
	return o
}

// stopped says why ctx ended (or a wait on it did): the timeout, or the caller.
func stopped(ctx context.Context, err error) Reason {
	if errors.Is(err, clock.ErrTimedOut) || errors.Is(context.Cause(ctx), clock.ErrTimedOut) {
		return TimedOut
	}
	return Interrupted
}

// ClockSkew is how far Konnect's clock and the engine's may disagree.
const ClockSkew = 5 * time.Minute

// match is whether a job Konnect reports is the window's own.
type match int

const (
	notOurs match = iota
	isOurs
	// cannotTell: the answer left out the job's times.
	cannotTell
)

// match tells the window's own job from any other, including an earlier
// job of the same window (a failed one being replayed, say): that one
// finished before this run sent anything.
func (r *run) match(job *konnect.ReplayJob) match {
	switch {
	case job == nil || !job.Configured():
		return notOurs
	case job.StartAt.IsZero() || job.EndAt.IsZero():
		return cannotTell
	case !job.SameWindow(r.req.Window):
		return notOurs
	case !job.Status.Finished() || job.UpdatedAt.IsZero() || !job.UpdatedAt.Before(r.sentAt.Add(-ClockSkew)):
		return isOurs
	}
	return notOurs
}
