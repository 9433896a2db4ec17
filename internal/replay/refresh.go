package replay

import (
	"context"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// Record is what the state records of a window, for a refresh to judge
// Konnect's answer by.
type Record struct {
	Scope konnect.Scope
	// Window is the recorded window; zero for an import, which adopts
	// whatever job Konnect shows.
	Window konnect.Window
	// Result is the verdict the record holds; Put and SentAt the evidence
	// it was reached on (NoPut and zero when not known: an import, or a
	// state written before the provider kept them).
	Result Result
	Put    Put
	SentAt time.Time
	// Shown is the other window Konnect showed in the window's place when
	// the run that sent it ended (zero when none): if Konnect still shows
	// it, nothing has replaced the window since.
	Shown konnect.Window
	// Job, when set, is the job as a lookup read it just before (an
	// import's, which found the portal's API by reading its job): the
	// first read is that one.
	Job *konnect.ReplayJob
}

// ShownInstead is the other window Konnect last showed in the place of a
// window that may have reached it, for Record.Shown; zero when none.
func ShownInstead(o Outcome) konnect.Window {
	if o.Result != MaybeSent || o.Shows == nil || !o.Shows.Configured() || o.Shows.StartAt.IsZero() || o.Shows.EndAt.IsZero() || o.Shows.SameWindow(o.Window) {
		return konnect.Window{}
	}
	return o.Shows.Window
}

// Refresh reads what Konnect shows for a recorded window, and asks the
// table what it means: the same rules as a run's, so that a refresh never
// takes for the window's job one that a run would not. A window that may
// have reached Konnect is judged missing only by reads that agree, a poll
// interval apart, no sooner than SettleAfter after it was sent: a refresh
// that comes sooner waits for that moment, never longer than SettleAfter.
// The Outcome carries the window's own job
// when Konnect shows it (Job), and the job the last read showed (Shows);
// ReadErr is a read that failed.
func (e *Engine) Refresh(ctx context.Context, rec Record) Outcome {
	clk := e.Client.Clock()
	k := Known{Stage: Refresh, Record: rec.Result, Put: rec.Put, Seen: Unread}
	if rec.Result == MaybeSent && !rec.SentAt.IsZero() {
		wait := rec.SentAt.Add(SettleAfter).Sub(clk.Now())
		if deadline, ok := clk.Deadline(ctx); ok && clk.Now().Add(wait).After(deadline) {
			wait = 0 // read_timeout would run out first: read now, and settle nothing
		}
		if wait > 0 && wait <= SettleAfter {
			if err := clk.Sleep(ctx, wait); err != nil {
				out := Outcome{Window: rec.Window, Put: rec.Put, SentAt: rec.SentAt, ReadErr: err}
				out.Result, out.Reason = MaybeSent, ReadFailed
				return out
			}
		}
		k.Early = clk.Now().Before(rec.SentAt.Add(SettleAfter))
	}
	if rec.Window == (konnect.Window{}) {
		k.Stage = Import
	}
	out := Outcome{Window: rec.Window, Put: rec.Put, SentAt: rec.SentAt}
	reads := 0
	for {
		d := Decide(k)
		if d.Next != Read {
			out.Result, out.Reason = d.Result, d.Reason
			if d.Ours {
				out.Job = out.Shows
			}
			return out
		}
		if reads > 0 {
			if err := clk.Sleep(ctx, e.Poll.min()); err != nil {
				k.Seen, out.ReadErr = FailedRead, err
				continue
			}
		}
		job, err := rec.Job, error(nil)
		if reads > 0 || job == nil {
			job, err = e.Client.GetReplayJob(ctx, rec.Scope)
		}
		reads++
		k.Seen, out.ReadErr = Classify(job, err, rec.Window, rec.SentAt), err
		if job != nil {
			out.Shows, k.Status, k.Changed = job, job.Status, ChangedSince(job, rec.SentAt, rec.Shown)
		}
		if absence.has(k.Seen) {
			k.Absent++
		}
	}
}
