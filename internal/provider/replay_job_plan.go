package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// ModifyPlan fills in the region, the ID and a portal's API version, and
// decides whether the window is sent: on create, on replacement, when the
// window changes, and when a job that was waited for has failed. Only then
// are status and updated_at unknown and the 7-day rule checked, so a window
// sent long ago keeps planning cleanly. Terraform plans twice (plan, then
// apply); both use the provider's clock.
func (r *replayJobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	plan := r.kind.newModel()
	resp.Diagnostics.Append(req.Plan.Get(ctx, plan)...)
	var prior jobModel
	if !req.State.Raw.IsNull() {
		prior = r.kind.newModel()
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
	}
	config := r.kind.newModel()
	resp.Diagnostics.Append(req.Config.Get(ctx, config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	p, pt := plan.fields(), plan.target()
	proposed, proposedTarget := *p, snapshot(pt)
	if config.target().region.IsNull() {
		switch region := r.data.defaultRegion(); {
		case region != "":
			*pt.region = types.StringValue(region)
		case prior != nil:
			// The provider's region is known only after apply: an existing
			// job keeps its region rather than being replaced (and its window
			// sent again) for a value that may well turn out the same.
			*pt.region = *prior.target().region
			// Only a job with changes is planned again at apply, when the
			// region is known.
			if !req.Plan.Raw.Equal(req.State.Raw) {
				resp.Diagnostics.AddAttributeWarning(path.Root("region"), "Provider Region Not Known Yet",
					fmt.Sprintf("The provider's region is known only after apply, so this replay job keeps its region %q in the plan. "+
						"Should the provider's region turn out to be another, Terraform stops the apply before anything is sent, reporting an "+
						"inconsistent final plan, and the next plan replaces the job in the new region. Set region on the resource to avoid this.",
						pt.region.ValueString()))
			}
		default:
			*pt.region = types.StringUnknown()
		}
	}
	if !pt.region.IsUnknown() {
		if err := r.data.regionServed(pt.region.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("region"), "Region Not Served by server_url", err.Error()+".")
			return
		}
	}

	replacing := prior == nil
	if prior != nil {
		if !pt.region.Equal(*prior.target().region) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("region"))
			replacing = true
		}
		if pt.portalID != nil {
			sameID := !pt.portalID.IsUnknown() && sameUUID(pt.portalID.ValueString(), prior.target().portalID.ValueString())
			replacing = replacing || !sameID
			if sameID {
				// The same portal in another case: the plan keeps the
				// recorded spelling, and shows nothing to change.
				*pt.portalID = *prior.target().portalID
			}
		}
	}
	if pt.apiVersion != nil {
		replacing = r.planAPIVersion(ctx, config.target().apiVersion, pt, prior, replacing, resp) || replacing
	}

	p.ID = types.StringUnknown()
	if !pt.region.IsUnknown() && (pt.portalID == nil || !pt.portalID.IsUnknown()) {
		p.ID = types.StringValue(r.kind.target.targetOf(pt, versionConfigured).id())
	}

	r.claimJob(pt, p, req.Config.Raw, prior == nil, prior != nil, &resp.Diagnostics)

	resend := replacing
	deleted, proposedDeleted := plan.portalDeleted(), types.BoolNull()
	if deleted != nil {
		proposedDeleted = *deleted
	}
	if !replacing {
		pf := prior.fields()
		windowChanged := !sameInstant(p.StartAt, pf.StartAt) || !sameInstant(p.EndAt, pf.EndAt)
		if !windowChanged {
			// The same instants spelled another way (+01:00 for Z): the
			// plan keeps the recorded spelling, and shows nothing to change.
			p.StartAt, p.EndAt = pf.StartAt, pf.EndAt
		}
		resend = windowChanged || r.sendAgain(ctx, prior, plan, req.Private)
		if !resend {
			// The record as it is: nothing a refresh saw sends it again.
			p.Status, p.UpdatedAt, p.Superseded = pf.Status, pf.UpdatedAt, pf.Superseded
			if deleted != nil {
				*deleted = *prior.portalDeleted()
			}
			if changed := settingsChanged(p, pf); len(changed) > 0 {
				// An update of settings alone, as after an import whose
				// configuration waits or sets timeouts: Terraform shows an
				// update in place, which sends nothing.
				resp.Diagnostics.AddWarning("Update Sends Nothing",
					fmt.Sprintf("This update of the replay job of %s changes only %s, which the provider keeps in the state: "+
						"nothing is sent to Konnect, and the window %s stays as Konnect has it. The next plan is empty.",
						r.kind.target.targetOf(pt, versionConfigured).where(), strings.Join(changed, " and "), windowText(pf.StartAt, pf.EndAt)))
			}
		}
	}
	if resend {
		p.Status, p.UpdatedAt, p.Superseded = types.StringUnknown(), unknownInstant(), types.BoolValue(false)
		if deleted != nil {
			*deleted = types.BoolValue(false)
		}
		if start, end, ok := knownWindow(p.StartAt, p.EndAt); ok {
			addWindowProblems(&resp.Diagnostics, checkWindowReach(start, end, r.data.now()))
		}
	}
	// In a plan with nothing to change, Terraform's proposal already holds
	// these values; setting the plan anyway costs every job of every plan.
	if snapshot(pt) != proposedTarget || !p.ID.Equal(proposed.ID) || !p.StartAt.Equal(proposed.StartAt) || !p.EndAt.Equal(proposed.EndAt) ||
		!p.Status.Equal(proposed.Status) || !p.UpdatedAt.Equal(proposed.UpdatedAt) || !p.Superseded.Equal(proposed.Superseded) ||
		(deleted != nil && !deleted.Equal(proposedDeleted)) {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
	}
}

// claimJob refuses a second resource of the run that manages the same job
// as another: each would send its window, replacing the other's, and the
// plan would never settle. Terraform tells a provider no resource's
// address; it names this resource beside the error, and the error names the
// other by its settings.
// A plan with a prior state may be followed by a second plan of the same
// resource with none: Terraform plans a replacement that way, whether the
// provider asked for it or the user did (-replace, replace_triggered_by).
// That second plan, with the same configuration, is the same resource. A
// second resource with exactly the same configuration as a planned one
// would also pass: two such records send one window, at worst twice.
func (r *replayJobResource) claimJob(pt targetValues, p *replayJobFields, config tftypes.Value, created, mayReplan bool, diags *diag.Diagnostics) {
	if r.data == nil || pt.region.IsUnknown() || (pt.portalID != nil && pt.portalID.IsUnknown()) {
		return
	}
	t := r.kind.target.targetOf(pt, versionConfigured)
	mine := jobClaim{window: windowText(p.StartAt, p.EndAt), config: config, replan: mayReplan}
	if pt.portalID != nil {
		mine.portalID = pt.portalID.ValueString()
	}
	other, taken := r.data.claims.claim(r.kind, t, mine, created)
	if !taken {
		return
	}
	which := "another " + r.kind.typeName()
	if other.portalID != "" {
		which += fmt.Sprintf(" with portal_id = %q", other.portalID)
	}
	at := path.Root("region")
	if pt.portalID != nil {
		at = path.Root("portal_id")
	}
	diags.AddAttributeError(at, "Two Resources Manage One Replay Job",
		fmt.Sprintf("This resource and %s (its window %s) both manage the replay job of %s (portal IDs are compared as UUIDs, whatever their case). "+
			"Konnect keeps one replay job per %s and region: each resource would send its own window, replacing the other's, and the same "+
			"window could reach the webhook twice. Keep one resource per job: to replay another window, change that resource's start_at and "+
			"end_at, or remove one of the two (a removed block keeps Konnect's job as it is). Terraform does not tell a provider the other "+
			"resource's address, so it is named here by its settings.",
			which, other.window, t.where(), r.kind.target.noun()))
}

// settingsChanged names the settings a plan changes that only the state
// keeps, and that send nothing: wait_for_completion, check_webhook and
// timeouts.
func settingsChanged(p, prior *replayJobFields) []string {
	var changed []string
	if !p.WaitForCompletion.Equal(prior.WaitForCompletion) {
		changed = append(changed, "wait_for_completion")
	}
	if !p.CheckWebhook.Equal(prior.CheckWebhook) {
		changed = append(changed, "check_webhook")
	}
	if !p.Timeouts.Equal(prior.Timeouts) {
		changed = append(changed, "timeouts")
	}
	return changed
}

// planAPIVersion plans a portal's api_version: as configured, or else what
// the state recorded, unless the job is replaced for another portal or
// region, when it is found again at apply. A configured version other than
// the recorded one replaces the job, and reports so; but as a portal is
// known to one API only, that is most often a slip, and replacing would
// drop the job from the state before the new version's 404 stops the
// create, so that correcting the slip sends the window again. So the
// configured API is asked first, and a portal it does not know fails the
// plan instead.
func (r *replayJobResource) planAPIVersion(ctx context.Context, configured *types.String, pt targetValues, prior jobModel, replacing bool, resp *resource.ModifyPlanResponse) bool {
	planned := pt.apiVersion
	var was types.String
	if prior != nil {
		was = *prior.target().apiVersion
		if was.IsNull() {
			was = types.StringValue(string(konnect.V2)) // a state from before api_version
		}
	}
	switch {
	case !configured.IsNull():
		*planned = *configured
		if prior == nil || configured.Equal(was) {
			return false
		}
		if !replacing && !configured.IsUnknown() && !r.configuredVersionKnows(ctx, pt, was, &resp.Diagnostics) {
			return false
		}
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("api_version"))
		return true
	case prior != nil && !replacing:
		*planned = was
	default:
		*planned = types.StringUnknown()
	}
	return false
}

// configuredVersionKnows asks the configured API whether it knows the
// portal, when the provider can ask: a Konnect 404 (or a failed read) is a
// plan error on api_version that names the recorded version.
func (r *replayJobResource) configuredVersionKnows(ctx context.Context, pt targetValues, was types.String, diags *diag.Diagnostics) bool {
	if r.data == nil || r.data.client == nil || pt.region.IsUnknown() || pt.portalID.IsUnknown() {
		return true // nothing to ask with; the create will tell
	}
	ctx, cancel := r.data.reading(ctx)
	defer cancel()
	t := target{kind: portalTarget, region: pt.region.ValueString(), portalID: pt.portalID.ValueString(),
		version: konnect.APIVersion(pt.apiVersion.ValueString()), from: versionConfigured}
	owner := t.scope().Owner
	exists, err := r.data.client.Exists(ctx, t.region, owner)
	switch {
	case err != nil:
		summary, detail := describeError(t, "", err)
		diags.AddAttributeError(path.Root("api_version"), summary,
			fmt.Sprintf("api_version changes from %s to %s, which would replace the job; the provider reads the portal under /%s first, "+
				"and that read failed, so nothing is planned.\n\n%s", was, *pt.apiVersion, t.version, detail))
	case !exists:
		recorded := konnect.APIVersion(was.ValueString())
		diags.AddAttributeError(path.Root("api_version"), "Portal Not Known to That API",
			fmt.Sprintf("api_version changes from %s to %s, which would replace the job, but Konnect's /%s API does not know %s "+
				"(GET %s answered 404): this portal is not %s; it is %s, which the state records under /%s. Replacing the job would only "+
				"lose it from the state, and a later apply would send its window again. Set api_version = %q, or leave it unset.",
				was, *pt.apiVersion, t.version, t.where(), r.data.client.BaseURL(t.region)+owner,
				portalKind(t.version), portalKind(recorded), recorded, recorded))
	}
	return err == nil && exists
}

// targetSnapshot is a target's planned values, to tell whether planning
// changed them.
type targetSnapshot struct{ region, portalID, apiVersion string }

func snapshot(v targetValues) targetSnapshot {
	text := func(s *types.String) string {
		if s == nil {
			return ""
		}
		return s.String() // tells null and unknown apart from values
	}
	return targetSnapshot{text(v.region), text(v.portalID), text(v.apiVersion)}
}

// sendAgain reports whether an unchanged window is sent again: when its
// record asks for it (asksToSend) and it can still be sent. Past Konnect's
// 7 days the plan stays clean; the refresh that found it so warned, once.
func (r *replayJobResource) sendAgain(ctx context.Context, prior, plan jobModel, private privateState) bool {
	_, result, _, _ := readEvidence(ctx, private)
	if asks, _ := asksToSend(prior.fields(), prior.portalDeleted(), result); !asks {
		return false
	}
	start, end, ok := knownWindow(plan.fields().StartAt, plan.fields().EndAt)
	return !ok || len(checkWindowReach(start, end, r.data.now())) == 0
}
