package provider

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

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
	_ resource.ResourceWithIdentity         = (*replayJobResource)(nil)
)

func (r *replayJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.kind.typeSuffix
}

func (r *replayJobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	k := r.kind.target
	attrs := resourceTargetAttributes(k, "job")
	for name, a := range map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: jobIDDescription(k),
			Computed:            true,
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
			MarkdownDescription: "Wait until the job has finished: first for a job of another window that is already running, then, after sending " +
				"the window, until the new job has `completed`. A `failed` job is an error, and the next apply sends the window again. " +
				"The `timeouts` block bounds sending and waiting together. Defaults to `false`.",
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
		},
		"check_webhook": schema.BoolAttribute{
			MarkdownDescription: "Before sending a window, read the status of the " + k.noun() + "'s audit log webhook once " +
				"(`GET …/audit-log-webhook/status`; never at plan or refresh). A disabled webhook stops the window with an error, since Konnect " +
				"would replay into nothing; an inactive one sends it with a warning quoting the webhook's last attempt. A token that may not " +
				"read the status (403) sends with a warning. Set `false` to skip the read. Defaults to `true`.",
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(true),
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "The last known status of this window's job: `accepted`, `pending`, `running`, `completed` or `failed`. " +
				"Null when Konnect took the window but has not shown its job yet (a 204, a read lagging behind), or when the window " +
				"may have reached Konnect but no answer said so (a lost answer, an interrupted apply): a later refresh reads it. " +
				"A `failed` job is the one thing a refresh sends again, while the window is within Konnect's 7 days.",
			Computed: true,
		},
		"updated_at": schema.StringAttribute{
			MarkdownDescription: "When Konnect last changed this window's job, as last seen, in RFC 3339.",
			Computed:            true,
			CustomType:          instantType{},
		},
		"superseded": schema.BoolAttribute{
			MarkdownDescription: "`true` once Konnect, having taken this window, shows another window's job or none: a replay sent " +
				"from the UI, an action or another configuration replaced it" + portalGoneText(k) + ". The record keeps its window and " +
				"last known status, and nothing is sent again; the refresh that finds it says so once. Sending a window again " +
				"on purpose is `terraform apply -replace`, or an action.",
			Computed: true,
		},
	} {
		attrs[name] = a
	}
	if k.portal {
		attrs["portal_deleted"] = schema.BoolAttribute{
			MarkdownDescription: "`true` once Konnect reports that the portal itself is gone (its own 404 for the portal). " +
				"The record stays, marked, until the configuration removes it (delete the resource, or a `removed` block).",
			Computed: true,
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Replays the audit logs of " + k.owner() + " for a window of time to its audit log webhook, once, " +
			"and keeps the record of that replay. Konnect keeps one replay job per " + k.noun() + " and region; sending a window " +
			"replaces the previous one. A window Konnect took is never sent again by a refresh, whatever Konnect shows later, " +
			"except when Konnect reports this window's own job `failed` while the window can still be sent. " +
			"Konnect cannot delete a job, so destroying this resource only removes it from the state.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": sendTimeouts(ctx)},
	}
}

// IdentitySchema is the target's: Terraform and OpenTofu 1.12 and later keep
// it beside the state and can import by it; older versions never ask for it.
func (r *replayJobResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.kind.target.identitySchema("job")
}

// sendTimeouts bound sending a window: its requests and retries, waiting for
// another window's job, and with wait_for_completion waiting for its own.
func sendTimeouts(ctx context.Context) schema.Block {
	b := timeouts.Block(ctx, timeouts.Opts{
		Create:            true,
		Update:            true,
		CreateDescription: "How long creating the job may take in all, as a Go duration of at least `1s`, such as `45m`: sending the window (its requests and retries), waiting for a job of another window, and with `wait_for_completion` waiting for the job. Defaults to `30m`.",
		UpdateDescription: "The same for an update that sends the window again. Defaults to `30m`.",
	})
	if nested, ok := b.(schema.SingleNestedBlock); ok {
		nested.MarkdownDescription = "How long sending a window, and waiting, may take."
		return nested
	}
	return b
}

func (r *replayJobResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{windowOrderValidator{}, atLeastASecond}
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
	timeout, diags := m.fields().Timeouts.Create(ctx, defaultSendTimeout)
	resp.Diagnostics.Append(diags...)
	if !resp.Diagnostics.HasError() {
		r.send(ctx, sending{plan: m, from: versionConfigured, timeout: timeout, timeoutName: "timeouts.create"}, &resp.State, resp.Private, &resp.Diagnostics)
	}
	r.recordIdentity(ctx, m, resp.State, resp.Identity, &resp.Diagnostics)
}

// jobIDDescription describes a job's ID, which is its target's.
func jobIDDescription(k targetKind) string {
	if k.portal {
		return "The job's region and portal, as `<region>/<portal_id>`: a job has no ID of its own."
	}
	return "The job's region: a job has no ID of its own, and the organization has one job per region."
}

// portalGoneText adds, for a portal, that a deleted one supersedes its job.
func portalGoneText(k targetKind) string {
	if !k.portal {
		return ""
	}
	return ", or the portal was deleted"
}

// recordIdentity sets the identity of the job in m when the state holds it.
func (r *replayJobResource) recordIdentity(ctx context.Context, m jobModel, state tfsdk.State, id *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if !state.Raw.IsNull() {
		diags.Append(r.kind.target.targetOf(m.target(), versionRecorded).setIdentity(ctx, id)...)
	}
}

// Read refreshes the record: it asks the replay engine what Konnect shows
// means for the recorded window, by the table every path asks. A window
// Konnect took stays recorded, whatever Konnect shows: another window or
// none marks it superseded, a deleted portal marks it so, and only this
// window's own job gives it a status. A window that may have been sent is
// settled as a run would settle it. On import, the job Konnect shows is
// adopted.
func (r *replayJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	m := r.kind.newModel()
	resp.Diagnostics.Append(req.State.Get(ctx, m)...)
	client := r.data.clientOrError(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := r.data.reading(ctx)
	defer cancel()
	f := m.fields()
	known, deleted := *f, m.portalDeleted()
	wasDeleted := deleted != nil && deleted.ValueBool()
	t := r.kind.target.targetOf(m.target(), versionRecorded)
	// An import leaves a portal's API to this read, which finds it by
	// asking both APIs for the job at once, and takes the job that answers.
	var looked *konnect.ReplayJob
	finding := r.kind.target.portal && f.StartAt.IsNull() && m.target().apiVersion.IsNull()
	if finding {
		t.version = ""
		found, ok := r.data.findPortal(ctx, &t, m.target().apiVersion, lookup{probe: konnect.ProbeJob, limit: "read_timeout", within: r.data.readTimeout}, &resp.Diagnostics)
		if !ok {
			return
		}
		looked = found.Job
	}
	// The identity first, whatever the read finds: a state written without
	// one (by Terraform before 1.12, or before this provider had identities)
	// gets it, and the framework wants one even when the job leaves the state.
	resp.Diagnostics.Append(t.setIdentity(ctx, resp.Identity)...)
	rec, told := r.recordOf(ctx, req.Private, f, t)
	rec.Job = looked
	importing := rec.Window == (konnect.Window{})
	out := r.data.engine.Refresh(ctx, rec)
	if deleted != nil {
		*deleted = types.BoolValue(false)
	}
	switch {
	case konnect.StatusOf(out.ReadErr) == http.StatusNotFound:
		if !ownerGone(ctx, client, t, out.ReadErr, &resp.Diagnostics) {
			return
		}
		if importing || deleted == nil {
			resp.State.RemoveResource(ctx)
			return
		}
		// The record of a replay stays when its portal goes: dropping it
		// would make the next plan create it again, which cannot work.
		if !wasDeleted {
			resp.Diagnostics.AddWarning("Portal Deleted",
				fmt.Sprintf("Konnect reports that %s no longer exists, so its replay job is gone too. The record of the window %s is kept "+
					"in the state, with portal_deleted = true, and nothing is sent. Remove the resource from the configuration (or use a removed "+
					"block) when the record is no longer wanted.", t.where(), windowText(f.StartAt, f.EndAt)))
		}
		*deleted, f.Superseded = types.BoolValue(true), types.BoolValue(true)
	case out.ReadErr != nil:
		reportReadError(&resp.Diagnostics, t, "replay job", out.ReadErr, r.data.readTimeout)
		return
	case importing && out.Result == replay.Sent:
		f.StartAt, f.EndAt = newInstant(out.Job.StartAt), newInstant(out.Job.EndAt)
		setStatus(f, out.Job)
		f.Superseded = types.BoolValue(false)
		resp.Diagnostics.Append(writeEvidence(ctx, resp.Private, replay.Sent, replay.NoPut, time.Time{}, konnect.Window{})...)
	case importing && out.Reason == replay.CannotTell:
		resp.Diagnostics.AddError("Replay Job Cannot Be Imported",
			fmt.Sprintf("Konnect's answer for the replay job of %s leaves out the job's window (it shows %s), so there is no window to record. "+
				"Import it again once Konnect answers with the window.", t.where(), out.Shows))
		return
	case importing:
		tflog.Warn(ctx, "Konnect has no replay job to import here", map[string]any{"id": f.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	default:
		r.judged(ctx, f, rec, told, out, t, resp)
	}
	// A state written before api_version, check_webhook and superseded
	// existed gets what it meant: a classic portal, checked, current.
	upgraded := upgradeState(m, t)
	// Most refreshes find the job as the state has it; the state then stays
	// as it is, without the cost of setting it per job and plan.
	if upgraded || finding || !sameInstant(f.StartAt, known.StartAt) || !sameInstant(f.EndAt, known.EndAt) ||
		!f.Status.Equal(known.Status) || !f.UpdatedAt.Equal(known.UpdatedAt) || !f.Superseded.Equal(known.Superseded) ||
		(deleted != nil && deleted.ValueBool() != wasDeleted) {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

// judged records what the table made of a refresh of a recorded window,
// and says what changed, once.
func (r *replayJobResource) judged(ctx context.Context, f *replayJobFields, rec replay.Record, told bool, out replay.Outcome, t target, resp *resource.ReadResponse) {
	switch {
	case out.Result == replay.Sent && out.Job != nil:
		setStatus(f, out.Job)
		f.Superseded = types.BoolValue(false)
	case out.Result == replay.Sent && out.Reason == replay.Superseded:
		if !f.Superseded.ValueBool() {
			resp.Diagnostics.AddWarning("Replay Window Superseded",
				fmt.Sprintf("Konnect took the window %s for %s, and now shows %s: another window was sent since (from the UI, an action "+
					"or another configuration), or the job is gone. The record is kept with its window and last known status, superseded = true, "+
					"and nothing is sent. To send this window again on purpose, run terraform apply -replace on this resource, or invoke a replay action.",
					windowText(f.StartAt, f.EndAt), t.where(), out.Shows))
		}
		f.Superseded = types.BoolValue(true)
	case out.Result == replay.NotSent && rec.Result != replay.NotSent:
		resp.Diagnostics.AddWarning("Replay Window Never Reached Konnect",
			fmt.Sprintf("The window %s for %s may have reached Konnect when it was sent (%s), but reads a poll interval apart agree that Konnect "+
				"does not have it: it shows %s. The record says so, and the next apply sends the window, if it is still within Konnect's 7 days.",
				windowText(f.StartAt, f.EndAt), t.where(), sentAtText(rec.SentAt), out.Shows))
	}
	// A record that asks for its window to be sent again, which can no
	// longer be sent, says so on the refresh that finds it, not on every
	// plan: the plan just leaves it.
	asks, failed := asksToSend(f, nil, out.Result)
	start, end, _ := knownWindow(f.StartAt, f.EndAt)
	problems := checkWindowReach(start, end, r.data.now())
	stuck := asks && len(problems) > 0
	switch {
	case stuck && !told && failed:
		resp.Diagnostics.AddWarning("Failed Replay Job Not Sent Again",
			fmt.Sprintf("Konnect reports that the replay job of %s failed, but its window %s can no longer be sent: %s Nothing is sent, and the "+
				"record keeps the failed status. Change the window to replay what can still be replayed.", t.where(), windowText(f.StartAt, f.EndAt), problems[0].detail))
	case stuck && !told:
		resp.Diagnostics.AddWarning("Replay Window Never Sent",
			fmt.Sprintf("Konnect never took the window %s of the replay job of %s, and it can no longer be sent: %s Change the window to replay "+
				"what can still be replayed, or remove the resource.", windowText(f.StartAt, f.EndAt), t.where(), problems[0].detail))
	}
	if out.Result != rec.Result || stuck != told {
		rec.Result = out.Result
		resp.Diagnostics.Append(writeRecord(ctx, resp.Private, newEvidence(rec, stuck))...)
	}
}

// sentAtText says when a window was first sent, as far as it is known.
func sentAtText(at time.Time) string {
	if at.IsZero() {
		return "when is not recorded"
	}
	return "first sent at " + at.UTC().Format(time.RFC3339)
}

// upgradeState fills in the attributes an older state lacks, and reports
// whether it did.
func upgradeState(m jobModel, t target) bool {
	upgraded := false
	if f := m.fields(); f.Superseded.IsNull() {
		f.Superseded = types.BoolValue(false)
		upgraded = true
	}
	if v := m.target().apiVersion; v != nil && v.IsNull() {
		*v = types.StringValue(string(t.version))
		upgraded = true
	}
	if f := m.fields(); f.CheckWebhook.IsNull() {
		f.CheckWebhook = types.BoolValue(true)
		upgraded = true
	}
	return upgraded
}

func (r *replayJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	m, prior := r.kind.newModel(), r.kind.newModel()
	resp.Diagnostics.Append(req.Plan.Get(ctx, m)...)
	resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// ModifyPlan leaves status unknown exactly when the window must be sent
	// again; anything else (wait_for_completion, timeouts) is only recorded.
	if !m.fields().Status.IsUnknown() {
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	} else {
		timeout, diags := m.fields().Timeouts.Update(ctx, defaultSendTimeout)
		resp.Diagnostics.Append(diags...)
		// A portal's API version is the configuration's, or else the one
		// the state recorded, which ModifyPlan kept.
		from := versionRecorded
		if config := r.kind.newModel(); r.kind.target.portal {
			resp.Diagnostics.Append(req.Config.Get(ctx, config)...)
			if !config.target().apiVersion.IsNull() {
				from = versionConfigured
			}
		}
		if !resp.Diagnostics.HasError() {
			r.send(ctx, sending{plan: m, prior: prior, from: from, timeout: timeout, timeoutName: "timeouts.update"}, &resp.State, resp.Private, &resp.Diagnostics)
		}
	}
	// An update never changes the identity: another region or portal replaces the job.
	r.recordIdentity(ctx, m, resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete sends nothing: Konnect has no way to delete a replay job.
func (r *replayJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	m := r.kind.newModel()
	resp.Diagnostics.Append(req.State.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	f := m.fields()
	where := r.kind.target.targetOf(m.target(), versionRecorded).where()
	tflog.Info(ctx, "Replay job removed from the state and left in Konnect", map[string]any{
		"job": where, "start_at": f.StartAt.ValueString(), "end_at": f.EndAt.ValueString(), "status": f.Status.ValueString(),
	})
	// A tainted record is destroyed to be replaced, and its replacement
	// sends the window again: its job is not left in Konnect.
	if tainted, _ := req.Private.GetKey(ctx, taintedKey); string(tainted) == "true" {
		return
	}
	// Said once per run: a destroy of many jobs would repeat it for each.
	if r.data != nil && r.data.deletesTold.Swap(true) {
		return
	}
	resp.Diagnostics.AddWarning("Replay Jobs Left in Konnect",
		fmt.Sprintf("Konnect has no way to delete a replay job, so destroying a replay job resource only removes its record from the "+
			"Terraform state: the job (here, of %s, window %s to %s, status %s) stays in Konnect, and Konnect replaces it the next time "+
			"a window is sent for the same portal or organization and region. This is said once for all the replay jobs this apply "+
			"destroys; the provider's log (TF_LOG_PROVIDER=INFO) names each.",
			where, f.StartAt.ValueString(), f.EndAt.ValueString(), f.Status.ValueString()))
}

// ImportState reads the ID, or an import block's identity (Terraform and
// OpenTofu 1.12 and later); Read then finds out which API knows a portal,
// and fills in the job.
func (r *replayJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	k := r.kind.target
	summary := "Invalid Import ID"
	var region, portalID string
	var err error
	if req.ID == "" && req.Identity != nil {
		summary = "Invalid Import Identity"
		region, portalID, err = k.parseIdentity(ctx, req.Identity)
	} else {
		region, portalID, err = k.parseID(req.ID, r.data.defaultRegion())
	}
	if err == nil {
		err = r.data.regionServed(region)
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	// Read finds a portal's API, with the job in the same answer.
	t := target{kind: k, region: region, portalID: portalID}
	resp.Diagnostics.Append(setImported(ctx, &resp.State, t)...)
	resp.Diagnostics.Append(t.setIdentity(ctx, resp.Identity)...)
}

// attributeSetter is an imported resource's state, or a listed resource,
// which an import and a list fill in alike.
type attributeSetter interface {
	SetAttribute(ctx context.Context, p path.Path, v any) diag.Diagnostics
}

// setImported sets what an import knows before it reads the job: the
// target (a portal's API when known), and the settings a configuration
// leaves to their defaults.
func setImported(ctx context.Context, s attributeSetter, t target) diag.Diagnostics {
	var diags diag.Diagnostics
	set := func(name string, v any) { diags.Append(s.SetAttribute(ctx, path.Root(name), v)...) }
	if t.kind.portal {
		set("portal_id", t.portalID)
		set("portal_deleted", false)
		if t.version != "" {
			set("api_version", string(t.version))
		}
	}
	set("region", t.region)
	set("id", t.id())
	set("wait_for_completion", false)
	set("check_webhook", true)
	set("superseded", false)
	return diags
}

// setJob sets the job a list adopts, as Read adopts an imported one: its
// window and status.
func setJob(ctx context.Context, s attributeSetter, job *konnect.ReplayJob) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, v := range map[string]any{
		"start_at": newInstant(job.StartAt), "end_at": newInstant(job.EndAt),
		"status": types.StringValue(string(job.Status)), "updated_at": newInstant(job.UpdatedAt),
	} {
		diags.Append(s.SetAttribute(ctx, path.Root(name), v)...)
	}
	return diags
}
