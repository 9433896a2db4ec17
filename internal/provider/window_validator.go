package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

const (
	// maxWindowAge is how far back Konnect still replays audit logs.
	maxWindowAge = 7 * 24 * time.Hour
	// reachSlack is how far past Konnect's 7 days, or into the future, a
	// window may reach before the checks here refuse it: the benefit of the
	// doubt given to the machine that plans, whose clock may disagree with
	// Konnect's. Konnect has the last word. (replay.ClockSkew is another
	// fact: how far apart two clocks may be when a job is told from a
	// window's own.)
	reachSlack = 5 * time.Minute
	timeLayout = "2006-01-02 15:04:05 MST"
)

// windowProblem is one reason a window cannot be sent, and the attribute to blame.
type windowProblem struct {
	attribute string
	summary   string
	detail    string
}

// checkWindowOrder is the rule that holds whatever the time: a window must not
// end before it starts. An empty window (start equal to end) is legal.
func checkWindowOrder(start, end time.Time) *windowProblem {
	if !end.Before(start) {
		return nil
	}
	return &windowProblem{
		attribute: "end_at",
		summary:   "Replay Window Ends Before It Starts",
		detail: fmt.Sprintf("end_at (%s) is before start_at (%s). Set end_at to the same instant as start_at or later.",
			end.Format(time.RFC3339), start.Format(time.RFC3339)),
	}
}

// checkWindowReach holds only while a window is being sent: Konnect replays
// audit logs of the last 7 days and none of the future. A window that was sent
// long ago must not fail later plans, so callers check it only when the window
// is new or changed.
func checkWindowReach(start, end, now time.Time) []windowProblem {
	var out []windowProblem
	if oldest := now.Add(-maxWindowAge); start.Before(oldest.Add(-reachSlack)) {
		out = append(out, windowProblem{
			attribute: "start_at",
			summary:   "Replay Window Starts Too Long Ago",
			detail: fmt.Sprintf("start_at (%s) is more than 7 days ago: Konnect replays audit logs from %s onwards (the clock here reads %s). "+
				"Choose a start_at within the last 7 days, such as start_at = %q. The check is made at plan and again at apply, where a "+
				"start_at up to 5 minutes older still passes, so that a window within the 7 days at plan is still sent by an apply "+
				"within 5 minutes of it; Konnect has the last word.",
				start.Format(time.RFC3339), oldest.UTC().Format(time.RFC3339), now.UTC().Format(timeLayout), oldest.UTC().Format(time.RFC3339)),
		})
	}
	if end.After(now.Add(reachSlack)) {
		out = append(out, windowProblem{
			attribute: "end_at",
			summary:   "Replay Window Ends in the Future",
			detail: fmt.Sprintf("end_at (%s) is in the future (the clock here reads %s): only audit logs already written can be replayed. "+
				"Choose an end_at no later than now.",
				end.Format(time.RFC3339), now.UTC().Format(timeLayout)),
		})
	}
	return out
}

// addWindowProblems reports each problem at its attribute.
func addWindowProblems(diags *diag.Diagnostics, problems []windowProblem) {
	for _, p := range problems {
		diags.AddAttributeError(path.Root(p.attribute), p.summary, p.detail)
	}
}

// windowOrderValidator rejects a window that ends before it starts as soon as
// the configuration is validated, before any plan.
type windowOrderValidator struct{}

var _ resource.ConfigValidator = windowOrderValidator{}

func (windowOrderValidator) Description(context.Context) string {
	return "end_at must not be before start_at"
}

func (v windowOrderValidator) MarkdownDescription(context.Context) string {
	return "`end_at` must not be before `start_at`"
}

func (windowOrderValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var start, end instantValue
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("start_at"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("end_at"), &end)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, e, ok := knownWindow(start, end)
	if !ok {
		return
	}
	if p := checkWindowOrder(s, e); p != nil {
		resp.Diagnostics.AddAttributeError(path.Root(p.attribute), p.summary, p.detail)
	}
}

// knownWindow returns the window's times once both are known and valid; the
// type's own validation reports a malformed one.
func knownWindow(start, end instantValue) (s, e time.Time, ok bool) {
	if start.IsNull() || start.IsUnknown() || end.IsNull() || end.IsUnknown() {
		return s, e, false
	}
	s, errS := parseRFC3339(start.ValueString())
	e, errE := parseRFC3339(end.ValueString())
	return s, e, errS == nil && errE == nil
}
