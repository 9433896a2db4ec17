package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// ModifyPlan fills in the region and ID, and decides whether the window is
// sent: on create, on replacement, when the window changes, and when a job
// that was waited for has failed. Only then are status and updated_at unknown
// and the 7-day rule checked, so a window sent long ago keeps planning cleanly.
// Terraform plans twice (plan, then apply); both use the provider's clock.
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
	var configRegion types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("region"), &configRegion)...)
	if resp.Diagnostics.HasError() {
		return
	}

	p := plan.fields()
	proposed := *p
	if configRegion.IsNull() {
		switch region := r.data.defaultRegion(); {
		case region != "":
			p.Region = types.StringValue(region)
		case prior != nil:
			// The provider's region is known only after apply: an existing
			// job keeps its region rather than being replaced (and its window
			// sent again) for a value that may well turn out the same.
			p.Region = prior.fields().Region
			// Only a job with changes is planned again at apply, when the
			// region is known.
			if !req.Plan.Raw.Equal(req.State.Raw) {
				resp.Diagnostics.AddAttributeWarning(path.Root("region"), "Provider Region Not Known Yet",
					fmt.Sprintf("The provider's region is known only after apply, so this replay job keeps its region %q in the plan. "+
						"Should the provider's region turn out to be another, Terraform stops the apply before anything is sent, reporting an "+
						"inconsistent final plan, and the next plan replaces the job in the new region. Set region on the resource to avoid this.",
						p.Region.ValueString()))
			}
		default:
			p.Region = types.StringUnknown()
		}
	}
	if !p.Region.IsUnknown() {
		if err := r.data.regionServed(p.Region.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("region"), "Region Not Served by server_url", err.Error()+".")
			return
		}
	}

	replacing := prior == nil
	if prior != nil {
		if !p.Region.Equal(prior.fields().Region) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("region"))
			replacing = true
		}
		replacing = replacing || plan.scopeID().IsUnknown() || !sameUUID(plan.scopeID().ValueString(), prior.scopeID().ValueString())
	}

	p.ID = types.StringUnknown()
	if !p.Region.IsUnknown() && !plan.scopeID().IsUnknown() {
		p.ID = types.StringValue(r.kind.id(p.Region.ValueString(), plan.scopeID().ValueString()))
	}

	resend := replacing
	if !replacing {
		pf := prior.fields()
		windowChanged := !sameInstant(p.StartAt, pf.StartAt) || !sameInstant(p.EndAt, pf.EndAt)
		resend = windowChanged || r.retryFailed(prior, plan, &resp.Diagnostics)
		if !resend {
			p.Status, p.UpdatedAt = pf.Status, pf.UpdatedAt
		}
	}
	if resend {
		p.Status, p.UpdatedAt = types.StringUnknown(), unknownInstant()
		if start, end, ok := knownWindow(p.StartAt, p.EndAt); ok {
			addWindowProblems(&resp.Diagnostics, checkWindowReach(start, end, r.data.now()))
		}
	}
	// In a plan with nothing to change, Terraform's proposal already holds
	// these values; setting the plan anyway costs every job of every plan.
	if !p.Region.Equal(proposed.Region) || !p.ID.Equal(proposed.ID) ||
		!p.Status.Equal(proposed.Status) || !p.UpdatedAt.Equal(proposed.UpdatedAt) {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
	}
}

// retryFailed reports whether an unchanged window is sent again because the
// job failed while the configuration asked to wait for it, as a tainted
// resource would be. A window too old to replay is not: the plan stays clean
// and says why.
func (r *replayJobResource) retryFailed(prior, plan jobModel, diags *diag.Diagnostics) bool {
	pf, p := prior.fields(), plan.fields()
	if pf.Status.ValueString() != string(konnect.StatusFailed) || !p.WaitForCompletion.ValueBool() {
		return false
	}
	start, end, ok := knownWindow(p.StartAt, p.EndAt)
	if !ok {
		return true
	}
	if problems := checkWindowReach(start, end, r.data.now()); len(problems) > 0 {
		diags.AddWarning("Failed Replay Job Not Sent Again",
			fmt.Sprintf("The replay job %s failed, but its window can no longer be sent: %s Change the window to replay it.",
				p.ID.ValueString(), problems[0].detail))
		return false
	}
	return true
}
