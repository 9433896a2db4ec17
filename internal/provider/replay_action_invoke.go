package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// Invoke sends the window through the replay engine, as the resource does:
// the webhook checked first, a job of another window waited out, the window
// sent once. Each change of a job's status is reported as it happens; how it
// ended is reported in the resource's words.
func (a *replayAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	m := a.kind.newModel()
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	checkWindowForm(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.data == nil || a.data.engine == nil {
		a.data.clientOrError(&resp.Diagnostics)
		return
	}
	ctx = a.data.masked(ctx)
	f := m.fields()
	win, windowAt, ok := invokeWindow(f, a.data.now(), &resp.Diagnostics)
	if !ok {
		return
	}
	timeout := defaultSendTimeout
	if !f.Timeout.IsNull() {
		timeout, _ = parseDayDuration(f.Timeout.ValueString()) // validated
	}
	check := f.CheckWebhook.IsNull() || f.CheckWebhook.ValueBool()
	// The lookup of a portal's API is part of the invoke, within timeout.
	ctx, cancel := a.data.clock.WithTimeout(ctx, timeout)
	defer cancel()
	t, found, ok := a.data.dataTarget(ctx, a.kind.target, m.target(), sendLookup(check, "timeout", timeout), &resp.Diagnostics)
	if !ok {
		return
	}

	say := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	out := a.data.engine.Run(ctx, replay.Request{
		Scope: t.scope(),
		// A window of last is worked out again just before it is sent,
		// after the lookups above and any wait for another job.
		Window:       win,
		WindowAt:     windowAt,
		Wait:         f.Wait.IsNull() || f.Wait.ValueBool(),
		Timeout:      timeout,
		CheckWebhook: check,
		Webhook:      webhookRead(found),
		OnProgress:   func(p replay.Progress) { say(progressText(t, p)) },
	})
	if out.Result == replay.NotSent && a.data.recheck(ctx, &t, failedThing(out), out.Err, true, &resp.Diagnostics) {
		return
	}
	w := sendReport{by: byAction, timeout: timeout, jobType: a.kind.job.typeName()}
	if !f.Last.IsNull() {
		w.windowAttribute = "last"
		w.windowNote = fmt.Sprintf("The window of last = %q was %s to %s.", f.Last.ValueString(),
			out.Window.StartAt.UTC().Format(time.RFC3339), out.Window.EndAt.UTC().Format(time.RFC3339))
	}
	a.report(&resp.Diagnostics, t, w, out)
}

// report turns an Outcome into diagnostics. With no state to record, a
// window that may have been sent is an error: the action cannot say that it
// did what it was asked.
func (a *replayAction) report(diags *diag.Diagnostics, t target, w sendReport, out replay.Outcome) {
	reportWebhook(diags, t, out)
	reportResent(diags, t, out)
	switch out.Result {
	case replay.Sent:
		reportSent(diags, t, w, out)
		reportFinish(diags, t, w, out, false, true)
	case replay.MaybeSent:
		reportMaybeSent(diags, t, w, out, true)
	default:
		reportNotSent(diags, t, w, out)
	}
}

// progressText is a job's progress as the action reports it: the window
// about to be sent; "accepted", "running, 1m20s since sent", "completed,
// 2m05s since sent", each time counted from when Konnect took the window;
// or, for a blocker (another window's job), that it is waited for and when
// it has finished.
func progressText(t target, p replay.Progress) string {
	if p.Sending {
		return fmt.Sprintf("sending the window %s to %s to the replay job of %s",
			p.Window.StartAt.UTC().Format(time.RFC3339), p.Window.EndAt.UTC().Format(time.RFC3339), t.where())
	}
	if p.Other {
		job := &konnect.ReplayJob{Window: p.Window, Status: p.Status}
		if p.Status.Finished() {
			return fmt.Sprintf("the other replay job is %s, after %s of waiting", p.Status, durationtext.Format(p.Elapsed, durationtext.Clock))
		}
		if p.Window.StartAt.IsZero() || p.Window.EndAt.IsZero() {
			return fmt.Sprintf("another replay job (status %s) is in the way: waiting for it", p.Status)
		}
		return fmt.Sprintf("another replay job, of %s, is in the way: waiting for it", job)
	}
	if p.Elapsed < time.Second {
		return string(p.Status)
	}
	return fmt.Sprintf("%s, %s since sent", p.Status, durationtext.Format(p.Elapsed, durationtext.Clock))
}
