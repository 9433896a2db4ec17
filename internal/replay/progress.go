package replay

import (
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// Progress is a change in how a job stands, as a run learns of it: the
// window's own job, or another window's job that the run waits for before
// sending; or, with Sending, that the window is about to be sent.
type Progress struct {
	// Sending says the run is about to send Window, as it does before each
	// PUT; Status and Elapsed are then zero.
	Sending bool
	// Status is the job's status as Konnect last showed it.
	Status konnect.Status
	// Other says the job is another window's, which the run waits for;
	// Window is then that job's window (zero when Konnect left it out).
	// With Sending, Window is the window sent.
	Other  bool
	Window konnect.Window
	// Elapsed is how long the run has watched the job, on the engine's
	// clock: since Konnect took the window for the window's own job, since
	// the wait began for another's.
	Elapsed time.Duration
}

// progress tells the request's OnProgress of a job's status, once per change.
// It only reports: nothing it does feeds back into what the run decides.
func (r *run) progress(job *konnect.ReplayJob, other bool) {
	if r.req.OnProgress == nil || job == nil {
		return
	}
	p := Progress{Status: job.Status, Other: other}
	if other {
		p.Window = job.Window
		if r.blockedSince.IsZero() || (r.otherSeen && sameTimes(r.otherSeenAs, p.Window) && r.otherStatus == p.Status) {
			return
		}
		r.otherSeen, r.otherSeenAs, r.otherStatus = true, p.Window, p.Status
		p.Elapsed = r.clk.Since(r.blockedSince)
	} else {
		if r.ownStatus == p.Status {
			return
		}
		if r.takenAt.IsZero() {
			r.takenAt = r.clk.Now()
		}
		r.ownStatus = p.Status
		p.Elapsed = r.clk.Since(r.takenAt)
	}
	r.req.OnProgress(p)
}

// sending tells the request's OnProgress that win is about to be sent.
func (r *run) sending(win konnect.Window) {
	if r.req.OnProgress != nil {
		r.req.OnProgress(Progress{Sending: true, Window: win})
	}
}

// sameTimes reports whether two windows hold the same instants.
func sameTimes(a, b konnect.Window) bool {
	return a.StartAt.Equal(b.StartAt) && a.EndAt.Equal(b.EndAt)
}
