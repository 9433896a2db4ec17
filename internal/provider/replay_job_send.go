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
func (r *replayJobResource) send(ctx context.Context, s sending, state *tfsdk.State, private privateState, diags *diag.Diagnostics) {
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
	check := f.CheckWebhook.ValueBool()
	// The lookup of a portal's API is part of creating the job, within
	// the same timeout as the rest.
	ctx, cancel := r.data.clock.WithTimeout(ctx, s.timeout)
	defer cancel()
	found, ok := r.data.findPortal(ctx, &t, s.plan.target().apiVersion, sendLookup(check, s.timeoutName, s.timeout), diags)
	if !ok {
		return
	}
	out := r.data.engine.Run(ctx, replay.Request{
		Scope:        t.scope(),
		Window:       konnect.Window{StartAt: start, EndAt: end},
		Wait:         f.WaitForCompletion.ValueBool(),
		Timeout:      s.timeout,
		CheckWebhook: check,
		Webhook:      webhookRead(found),
	})
	if out.Result == replay.NotSent && r.data.recheck(ctx, &t, failedThing(out), out.Err, true, diags) {
		return
	}
	r.keep(ctx, s, out, t, state, private, diags)
}

// keep turns an Outcome into state, private state and diagnostics; it is
// the only place that does. A window Konnect took is recorded with its job
// (its status null while Konnect has not shown it), a window that may have
// been sent with a null status for a later refresh to settle, and for a
// window not sent, nothing new.
//
// Terraform saves a create that returns an error as tainted, and replaces a
// tainted object, which sends the window again. So once Konnect may have the
// window, a create ends with warnings that carry the errors' words, and the
// next refresh tells the rest. The one exception is a job Konnect reports
// failed while the window can still be sent: that error taints the job, so
// that the next apply sends it again. An update keeps its state whatever
// it returns, so its errors stay errors.
func (r *replayJobResource) keep(ctx context.Context, s sending, out replay.Outcome, t target, state *tfsdk.State, private privateState, diags *diag.Diagnostics) {
	f := s.plan.fields()
	w := s.report()
	creating := s.prior == nil
	reportWebhook(diags, t, out)
	switch out.Result {
	case replay.Sent, replay.MaybeSent:
		f.Status, f.UpdatedAt = types.StringNull(), nullInstant()
		if out.Job != nil {
			setStatus(f, out.Job)
		}
		f.Superseded = types.BoolValue(false)
		if d := s.plan.portalDeleted(); d != nil {
			*d = types.BoolValue(false)
		}
		diags.Append(state.Set(ctx, s.plan)...)
		diags.Append(writeEvidence(ctx, private, out.Result, out.Put, out.SentAt, replay.ShownInstead(out))...)
		reportResent(diags, t, out)
		if out.Result == replay.MaybeSent {
			reportMaybeSent(diags, t, w, out, !creating)
			return
		}
		reportSent(diags, t, w, out)
		sendable := len(checkWindowReach(out.Window.StartAt, out.Window.EndAt, r.data.now())) == 0
		reportFinish(diags, t, w, out, creating, sendable)
		if creating && diags.HasError() {
			diags.Append(private.SetKey(ctx, taintedKey, []byte("true"))...)
		}
	default:
		if s.prior != nil {
			diags.Append(state.Set(ctx, s.prior)...)
		}
		reportNotSent(diags, t, w, out)
	}
}

// report is what the resource's messages quote beside the Outcome.
func (s sending) report() sendReport {
	return sendReport{by: byResource, timeout: s.timeout, timeoutName: s.timeoutName}
}

func setStatus(f *replayJobFields, job *konnect.ReplayJob) {
	f.Status = types.StringValue(string(job.Status))
	f.UpdatedAt = newInstant(job.UpdatedAt)
}
