package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// defaultWaitTimeout bounds wait_for_completion when no timeouts block says otherwise.
const defaultWaitTimeout = 30 * time.Minute

func newReplayJobResource(kind replayJobKind) func() resource.Resource {
	return func() resource.Resource { return &replayJobResource{kind: kind} }
}

// replayJobResource manages a replay job of any kind.
type replayJobResource struct {
	kind replayJobKind
	data *providerData
}

var (
	_ resource.ResourceWithConfigure        = (*replayJobResource)(nil)
	_ resource.ResourceWithConfigValidators = (*replayJobResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*replayJobResource)(nil)
	_ resource.ResourceWithImportState      = (*replayJobResource)(nil)
)

func (r *replayJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.kind.typeSuffix
}

func (r *replayJobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The job's region and " + r.kind.scopeNoun() + ", as `<region>/<" + r.kind.scopeName() + ">`: a job has no ID of its own.",
			Computed:            true,
		},
		"region": schema.StringAttribute{
			MarkdownDescription: "The Konnect region of the job: one of " + regionList() + ". Defaults to the provider's `region`. Changing it replaces the resource.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.OneOf(konnect.Regions...)},
		},
		"start_at": schema.StringAttribute{
			MarkdownDescription: "The start of the window of audit logs to replay, in RFC 3339 (for example `2026-11-20T08:00:00Z`). " +
				"Must be within the last 7 days when the window is sent.",
			Required:   true,
			CustomType: instantType{},
		},
		"end_at": schema.StringAttribute{
			MarkdownDescription: "The end of the window, in RFC 3339. Never before `start_at`; not in the future when the window is sent.",
			Required:            true,
			CustomType:          instantType{},
		},
		"wait_for_completion": schema.BoolAttribute{
			MarkdownDescription: "Wait until the job has finished: first for a job that is already running, then, after sending " +
				"the window, until the new job has `completed`. A `failed` job is an error, and the next apply sends the window again. " +
				"The `timeouts` block bounds the wait. Defaults to `false`.",
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "The job's status: `accepted`, `pending`, `running`, `completed` or `failed`.",
			Computed:            true,
		},
		"updated_at": schema.StringAttribute{
			MarkdownDescription: "When Konnect last changed the job, in RFC 3339.",
			Computed:            true,
			CustomType:          instantType{},
		},
	}
	if s := r.kind.scope; s != nil {
		attrs[s.name] = schema.StringAttribute{
			MarkdownDescription: s.description + " Changing it replaces the resource.",
			Required:            true,
			Validators:          []validator.String{uuidValidator()},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Replays the audit logs of " + r.kind.owner + " for a window of time to its audit log webhook. " +
			"Konnect keeps one replay job per " + r.kind.scopeNoun() + " and region; sending a window replaces the previous one. " +
			"Konnect cannot delete a job, so destroying this resource only removes it from the state.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": waitTimeouts(ctx)},
	}
}

// waitTimeouts bounds wait_for_completion; without waiting, nothing takes long.
func waitTimeouts(ctx context.Context) schema.Block {
	b := timeouts.Block(ctx, timeouts.Opts{
		Create:            true,
		Update:            true,
		CreateDescription: "How long to wait for the job with `wait_for_completion` on create (a Go duration such as `45m`). Defaults to `30m`.",
		UpdateDescription: "How long to wait for the job with `wait_for_completion` on update. Defaults to `30m`.",
	})
	if nested, ok := b.(schema.SingleNestedBlock); ok {
		nested.MarkdownDescription = "How long `wait_for_completion` waits for the job."
		return nested
	}
	return b
}

func (r *replayJobResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{windowOrderValidator{}}
}

func (r *replayJobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *replayJobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	m := r.kind.newModel()
	resp.Diagnostics.Append(req.Plan.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.fields().Timeouts.Create(ctx, defaultWaitTimeout)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() {
		r.send(ctx, m, timeout, &resp.State, &resp.Diagnostics)
	}
}

func (r *replayJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	m := r.kind.newModel()
	resp.Diagnostics.Append(req.State.Get(ctx, m)...)
	client := r.data.clientOrError(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.masked(ctx)
	f := m.fields()
	ref := r.kind.ref(f.Region.ValueString(), m.scopeID().ValueString())
	job, err := client.GetReplayJob(ctx, ref)
	switch {
	case konnect.StatusOf(err) == http.StatusNotFound:
		tflog.Warn(ctx, "Konnect no longer knows the replay job's owner; removing the job from the state", map[string]any{"id": f.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		reportError(&resp.Diagnostics, r.kind.where(ref, m.scopeID()), err)
		return
	case !job.Configured():
		tflog.Warn(ctx, "Konnect has no replay job here any more; removing it from the state", map[string]any{"id": f.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	// Kong marks no answer field required: a time left out keeps what the
	// state knows rather than reading as a change.
	known := *f
	if !job.StartAt.IsZero() {
		f.StartAt = newInstant(job.StartAt)
	}
	if !job.EndAt.IsZero() {
		f.EndAt = newInstant(job.EndAt)
	}
	setStatus(f, job)
	// Most refreshes find the job as the state has it; the state then stays
	// as it is, without the cost of setting it per job and plan.
	if !f.StartAt.Equal(known.StartAt) || !f.EndAt.Equal(known.EndAt) ||
		!f.Status.Equal(known.Status) || !f.UpdatedAt.Equal(known.UpdatedAt) {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

func (r *replayJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	m := r.kind.newModel()
	resp.Diagnostics.Append(req.Plan.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// ModifyPlan leaves status unknown exactly when the window must be sent
	// again; anything else (wait_for_completion, timeouts) is only recorded.
	if !m.fields().Status.IsUnknown() {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
		return
	}
	timeout, diags := m.fields().Timeouts.Update(ctx, defaultWaitTimeout)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() {
		r.send(ctx, m, timeout, &resp.State, &resp.Diagnostics)
	}
}

// Delete sends nothing: Konnect has no way to delete a replay job.
func (r *replayJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	m := r.kind.newModel()
	resp.Diagnostics.Append(req.State.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	f := m.fields()
	resp.Diagnostics.AddWarning("Replay Job Left in Konnect",
		fmt.Sprintf("Konnect has no way to delete a replay job, so the job of %s (window %s to %s, status %s) stays in Konnect; "+
			"it is only removed from the Terraform state. Konnect replaces it the next time a window is sent for the same %s and region.",
			r.kind.where(r.kind.ref(f.Region.ValueString(), m.scopeID().ValueString()), m.scopeID()),
			f.StartAt.ValueString(), f.EndAt.ValueString(), f.Status.ValueString(), r.kind.scopeNoun()))
}

func (r *replayJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, scopeID, err := r.kind.parseID(req.ID, r.data.defaultRegion())
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error())
		return
	}
	if s := r.kind.scope; s != nil {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(s.name), scopeID)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), r.kind.id(region, scopeID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_completion"), false)...)
}

// send PUTs the planned window and, with wait_for_completion, waits for the
// job to finish. The job is in the state as soon as Konnect has accepted it,
// so a failed or interrupted wait never loses it.
func (r *replayJobResource) send(ctx context.Context, m jobModel, timeout time.Duration, state *tfsdk.State, diags *diag.Diagnostics) {
	client := r.data.clientOrError(diags)
	if diags.HasError() {
		return
	}
	ctx = r.data.masked(ctx)
	f := m.fields()
	start, end, ok := knownWindow(f.StartAt, f.EndAt)
	if !ok {
		diags.AddError("Replay Window Not Known", "start_at and end_at must be known when the window is sent.")
		return
	}
	// A window unknown at plan time is checked here, once known.
	addWindowProblems(diags, checkWindowReach(start, end, r.data.clock()))
	if diags.HasError() {
		return
	}

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ref := r.kind.ref(f.Region.ValueString(), m.scopeID().ValueString())
	where := r.kind.where(ref, m.scopeID())
	wait := f.WaitForCompletion.ValueBool()

	job, err := r.put(ctx, client, ref, konnect.Window{StartAt: start, EndAt: end}, wait)
	var unusable *konnect.AnswerError
	switch {
	case errors.As(err, &unusable):
		// Konnect took the window but its answer cannot be read: record the
		// job, with its status read back if Konnect allows, so it is not lost.
		job, err = client.GetReplayJob(ctx, ref)
		if err != nil {
			f.Status, f.UpdatedAt = types.StringNull(), newInstant(time.Time{})
			diags.Append(state.Set(ctx, m)...)
			reportError(diags, where, unusable)
			return
		}
		diags.AddWarning("Unusable Answer from Konnect",
			fmt.Sprintf("Konnect accepted the window for %s, but its answer could not be read (%s); the job's status was read back with a GET instead.", where, unusable))
	case errors.As(err, new(waitingError)):
		reportWaitError(diags, where, timeout, err)
		return
	case err != nil:
		reportError(diags, where, err)
		return
	}
	setStatus(f, job)
	diags.Append(state.Set(ctx, m)...)
	if !wait {
		return
	}

	job, err = client.AwaitReplayJob(ctx, ref, r.data.poll, func(j *konnect.ReplayJob) bool { return j.Status.Finished() })
	if job != nil {
		setStatus(f, job)
		diags.Append(state.Set(ctx, m)...)
	}
	switch {
	case err != nil:
		reportWaitError(diags, where, timeout, err)
	case job.Status == konnect.StatusFailed:
		diags.AddError("Replay Job Failed",
			fmt.Sprintf("Konnect reports that the replay job of %s failed. The next apply sends the window again. "+
				"Check that the audit log webhook is enabled and its destination reachable (its status is at GET %s).",
				where, webhookStatusHint(ref)))
	}
}

// put sends the window; with wait, a 409 (a job is running) is answered by
// waiting for that job to finish and sending again, within ctx.
func (r *replayJobResource) put(ctx context.Context, client *konnect.Client, ref konnect.ReplayJobRef, win konnect.Window, wait bool) (*konnect.ReplayJob, error) {
	for {
		job, err := client.PutReplayJob(ctx, ref, win)
		if konnect.StatusOf(err) != http.StatusConflict {
			return job, err
		}
		// A 409 to a retried PUT may be our own first attempt, taken by
		// Konnect although its answer was lost: then the job is ours.
		if mine := r.ownRunningJob(ctx, client, ref, win, err); mine != nil {
			return mine, nil
		}
		if !wait {
			return nil, err
		}
		tflog.Info(ctx, "A replay job is running; waiting for it to finish before sending the window", map[string]any{"path": ref.Path, "region": ref.Region})
		_, err = client.AwaitReplayJob(ctx, ref, r.data.poll, func(j *konnect.ReplayJob) bool { return j.Status != konnect.StatusRunning })
		if err != nil {
			return nil, waitingError{fmt.Errorf("waiting for the running job to finish: %w", err)}
		}
	}
}

// ownRunningJob reads the job after a 409 that ended retries, and returns it
// when it runs exactly the window just sent.
func (r *replayJobResource) ownRunningJob(ctx context.Context, client *konnect.Client, ref konnect.ReplayJobRef, win konnect.Window, err error) *konnect.ReplayJob {
	var e *konnect.Error
	if !errors.As(err, &e) || e.Attempts < 2 {
		return nil
	}
	job, gerr := client.GetReplayJob(ctx, ref)
	if gerr != nil || !job.StartAt.Equal(win.StartAt) || !job.EndAt.Equal(win.EndAt) {
		return nil
	}
	tflog.Info(ctx, "Konnect is running the window this apply sent; an earlier attempt was accepted", map[string]any{"path": ref.Path, "region": ref.Region})
	return job
}

// waitingError is a wait for a running job that ended before the window was
// sent, as opposed to a failure of the PUT itself.
type waitingError struct{ error }

func (e waitingError) Unwrap() error { return e.error }

func setStatus(f *replayJobFields, job *konnect.ReplayJob) {
	f.Status = types.StringValue(string(job.Status))
	f.UpdatedAt = newInstant(job.UpdatedAt)
}
