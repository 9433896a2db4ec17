package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// sending is one window to send: the planned job, the job as it was before
// (nil on create), and the time allowed.
type sending struct {
	plan, prior jobModel
	// from is where a portal's API version came from, when the plan knows it.
	from        versionFrom
	timeout     time.Duration
	timeoutName string // "timeouts.create", for messages
}

// send hands the planned window to the replay engine and records what came
// of it.
func (r *replayJobResource) send(ctx context.Context, s sending, state *tfsdk.State, diags *diag.Diagnostics) {
	if r.data == nil || r.data.engine == nil {
		r.data.clientOrError(diags)
		return
	}
	ctx = r.data.masked(ctx)
	f := s.plan.fields()
	start, end, ok := knownWindow(f.StartAt, f.EndAt)
	if !ok {
		diags.AddError("Replay Window Not Known", "start_at and end_at must be known when the window is sent.")
		return
	}
	// A window unknown at plan time is checked here, once known.
	addWindowProblems(diags, checkWindowReach(start, end, r.data.now()))
	if diags.HasError() {
		return
	}
	t := r.kind.target.targetOf(s.plan.target(), s.from)
	if !r.findVersion(ctx, &t, s.plan.target(), diags) {
		return
	}
	out := r.data.engine.Run(ctx, replay.Request{
		Scope:        t.scope(),
		Window:       konnect.Window{StartAt: start, EndAt: end},
		Wait:         f.WaitForCompletion.ValueBool(),
		Timeout:      s.timeout,
		CheckWebhook: f.CheckWebhook.ValueBool(),
	})
	r.record(ctx, s, out, t, state, diags)
}

// findVersion finds a portal's API version that the plan left to apply, as
// a read bounded by read_timeout.
func (r *replayJobResource) findVersion(ctx context.Context, t *target, v targetValues, diags *diag.Diagnostics) bool {
	ctx, cancel := r.data.reading(ctx)
	defer cancel()
	return r.data.findVersion(ctx, t, v.apiVersion, diags)
}

// record turns an Outcome into state and diagnostics; it is the only place
// that does. What Konnect has is recorded: a sent window with its job, a
// window that may have been sent with a null status for the next refresh to
// settle, and for a window not sent, nothing new.
//
// Terraform saves a create that returns an error as tainted, and replaces a
// tainted object, which sends the window again. So a window that may have
// been sent ends a create with a warning, never an error: the next refresh
// settles it instead. An error after the window was surely sent (its job
// failed, or the wait for it did not finish) still taints the job, as the
// next apply must send it again if it failed; a job still running then
// answers that apply's PUT with 409, which records it without sending.
func (r *replayJobResource) record(ctx context.Context, s sending, out replay.Outcome, t target, state *tfsdk.State, diags *diag.Diagnostics) {
	f := s.plan.fields()
	w := s.wording()
	reportWebhook(diags, t, out)
	switch out.Result {
	case replay.Sent:
		setStatus(f, out.Job)
		diags.Append(state.Set(ctx, s.plan)...)
		reportSent(diags, t, w, out)
		reportFinish(diags, t, w, out)
	case replay.MaybeSent:
		f.Status, f.UpdatedAt = types.StringNull(), nullInstant()
		diags.Append(state.Set(ctx, s.plan)...)
		reportMaybeSent(diags, t, w, out, s.prior != nil)
	default:
		if s.prior != nil {
			diags.Append(state.Set(ctx, s.prior)...)
		}
		reportNotSent(diags, t, w, out)
	}
}

// wording is how the resource's messages name what a user changes or runs.
func (s sending) wording() sendWording {
	return sendWording{
		timeoutName: s.timeoutName,
		timeout:     s.timeout,
		waitName:    "wait_for_completion",
		again:       "apply again",
		failedNext:  "The next apply sends the window again.",
		tookOver:    "it was recorded without sending it a second time",
		notTaken:    "it was not recorded as sent",
		statusNext:  "the next refresh reads its status",
		maybeNext: "It is recorded with an unknown status. The next plan reads the job from Konnect: if Konnect has this window, " +
			"nothing is sent again; if it has another window or none, the plan sends this one.",
	}
}

func setStatus(f *replayJobFields, job *konnect.ReplayJob) {
	f.Status = types.StringValue(string(job.Status))
	f.UpdatedAt = newInstant(job.UpdatedAt)
}
