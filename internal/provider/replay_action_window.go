package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// lastMargin is how far a window given as last keeps from the edges of what
// Konnect replays, as its clock reads: it ends this long before the
// provider's now, since Konnect refuses an end_at after its own now, and it
// starts no earlier than this long after the 7 days begin, since Konnect
// refuses a start_at older than that. A Konnect clock up to this far behind
// the provider's, or ahead of it, still takes the window. Audit logs of the
// last minute are the ones the webhook is delivering anyway.
const lastMargin = time.Minute

// lastWindow is the window that last means when it is sent at now: last long, ending lastMargin before now (to the whole second, as
// Konnect may keep no more), and cut short at its start to stay within
// Konnect's 7 days.
func lastWindow(now time.Time, last time.Duration) konnect.Window {
	now = now.UTC().Truncate(time.Second)
	end := now.Add(-lastMargin)
	start := end.Add(-last)
	if oldest := now.Add(-maxWindowAge + lastMargin); start.Before(oldest) {
		start = oldest
	}
	return konnect.Window{StartAt: start, EndAt: end}
}

// windowFormValidator asks for exactly one form of window: start_at and
// end_at together, or last.
type windowFormValidator struct{}

var _ action.ConfigValidator = windowFormValidator{}

func (windowFormValidator) Description(context.Context) string {
	return "exactly one of start_at and end_at together, or last, must be set"
}

func (windowFormValidator) MarkdownDescription(context.Context) string {
	return "exactly one of `start_at` and `end_at` together, or `last`, must be set"
}

func (windowFormValidator) ValidateAction(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	checkWindowForm(ctx, req.Config, &resp.Diagnostics)
}

// checkWindowForm reports a configuration that does not give the window in
// exactly one form. One that may yet (an unknown value) passes; invoke,
// where every value is known, checks again.
func checkWindowForm(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var start, end instantValue
	var last types.String
	diags.Append(config.GetAttribute(ctx, path.Root("start_at"), &start)...)
	diags.Append(config.GetAttribute(ctx, path.Root("end_at"), &end)...)
	diags.Append(config.GetAttribute(ctx, path.Root("last"), &last)...)
	if diags.HasError() || start.IsUnknown() || end.IsUnknown() || last.IsUnknown() {
		return
	}
	hasStart, hasEnd, hasLast := !start.IsNull(), !end.IsNull(), !last.IsNull()
	switch {
	case hasLast && (hasStart || hasEnd):
		diags.AddAttributeError(path.Root("last"), "Conflicting Replay Window",
			"last conflicts with start_at and end_at: a window is either last (a duration that ends when the action is invoked), "+
				"or start_at and end_at. Remove last, or remove start_at and end_at.")
	case hasLast:
	case hasStart && !hasEnd:
		diags.AddAttributeError(path.Root("end_at"), "Replay Window Without an End",
			"start_at is set but end_at is not: a window needs both. Set end_at, or replace both with last.")
	case hasEnd && !hasStart:
		diags.AddAttributeError(path.Root("start_at"), "Replay Window Without a Start",
			"end_at is set but start_at is not: a window needs both. Set start_at, or replace both with last.")
	case !hasStart:
		diags.AddError("Replay Window Not Set",
			"The action needs a window to replay: set start_at and end_at (RFC 3339 times within the last 7 days), "+
				"or last, a duration such as 24h that ends when the action is invoked.")
	}
}

// invokeWindow is the window to send at now: start_at and end_at, checked
// against the clock once more, or last worked out, with windowAt, which works
// it out again when it is sent.
func invokeWindow(f *replayActionFields, now time.Time, diags *diag.Diagnostics) (win konnect.Window, windowAt func(time.Time) konnect.Window, ok bool) {
	if !f.Last.IsNull() {
		last, err := parseDayDuration(f.Last.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("last"), "Invalid Duration", err.Error()+".")
			return konnect.Window{}, nil, false
		}
		windowAt = func(at time.Time) konnect.Window { return lastWindow(at, last) }
		return windowAt(now), windowAt, true
	}
	start, end, ok := knownWindow(f.StartAt, f.EndAt)
	if !ok {
		diags.AddError("Replay Window Not Known", "start_at and end_at must be known when the action is invoked.")
		return konnect.Window{}, nil, false
	}
	addWindowProblems(diags, checkWindowReach(start, end, now))
	return konnect.Window{StartAt: start, EndAt: end}, nil, !diags.HasError()
}
