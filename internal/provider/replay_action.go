package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// replayActionKind declares one replay action: its name and its target, the
// organization or a Dev Portal (target.go). The action sends a window when
// invoked, through the same engine and with the same words as the replay job
// resource, and keeps no state.
type replayActionKind struct {
	// typeSuffix follows "konnect_" in the action's name.
	typeSuffix string
	target     targetKind
	// job is the kind of replay job the action sends a window to; its data
	// source reads what came of it.
	job      replayJobKind
	newModel func() actionModel
}

var (
	portalReplayAction = replayActionKind{
		typeSuffix: "portal_audit_log_replay",
		target:     portalTarget,
		job:        portalReplayJob,
		newModel:   func() actionModel { return &portalActionModel{} },
	}
	organizationReplayAction = replayActionKind{
		typeSuffix: "audit_log_replay",
		target:     organizationTarget,
		job:        organizationReplayJob,
		newModel:   func() actionModel { return &organizationActionModel{} },
	}
)

// replayActionFields are the attributes every replay action has besides its
// target's.
type replayActionFields struct {
	StartAt      instantValue `tfsdk:"start_at"`
	EndAt        instantValue `tfsdk:"end_at"`
	Last         types.String `tfsdk:"last"`
	Wait         types.Bool   `tfsdk:"wait"`
	Timeout      types.String `tfsdk:"timeout"`
	CheckWebhook types.Bool   `tfsdk:"check_webhook"`
}

// actionModel is an action's configuration, of any kind.
type actionModel interface {
	fields() *replayActionFields
	target() targetValues
}

type portalActionModel struct {
	portalFields
	replayActionFields
}

func (m *portalActionModel) fields() *replayActionFields { return &m.replayActionFields }

type organizationActionModel struct {
	organizationFields
	replayActionFields
}

func (m *organizationActionModel) fields() *replayActionFields { return &m.replayActionFields }

func newReplayAction(kind replayActionKind) func() action.Action {
	return func() action.Action { return &replayAction{kind: kind} }
}

// replayAction sends a window of audit logs to a target's webhook again.
type replayAction struct {
	kind replayActionKind
	data *providerData
}

var (
	_ action.ActionWithConfigure        = (*replayAction)(nil)
	_ action.ActionWithConfigValidators = (*replayAction)(nil)
	_ action.ActionWithModifyPlan       = (*replayAction)(nil)
)

func (a *replayAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.kind.typeSuffix
}

func (a *replayAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	k := a.kind.target
	attrs := map[string]schema.Attribute{
		"region": schema.StringAttribute{
			MarkdownDescription: regionDescription(k.noun() + "'s replay job"),
			Optional:            true,
			Validators:          []validator.String{stringvalidator.OneOf(konnect.Regions...)},
		},
		"start_at": schema.StringAttribute{
			MarkdownDescription: "The start of the window of audit logs to replay, in RFC 3339 (for example `2026-11-20T08:00:00Z`), " +
				"with `end_at`. Must be within the last 7 days when the action is planned and when it is invoked. Conflicts with `last`.",
			Optional:   true,
			CustomType: instantType{},
		},
		"end_at": schema.StringAttribute{
			MarkdownDescription: "The end of the window, in RFC 3339, with `start_at`. Never before `start_at`; not in the future. Conflicts with `last`.",
			Optional:            true,
			CustomType:          instantType{},
		},
		"last": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("The window as a duration that ends when the action is invoked, such as `30m`, `6h`, `24h` or `7d` "+
				"(units `s`, `m`, `h` and `d`, a day being 24 hours), a whole number of seconds from `1s` to `7d`. It is worked out when the action is invoked, "+
				"just before the window is sent (after any wait for another replay job), "+
				"on the clock of the machine that runs Terraform, to the whole second, and keeps `%[1]s` from the edges of what Konnect replays, "+
				"so that a Konnect clock that far off still takes it: it ends `%[1]s` before now, and starts no earlier than 7 days less `%[1]s` "+
				"before now. Conflicts with `start_at` and `end_at`.", durationtext.Format(lastMargin, durationtext.Go)),
			Optional:   true,
			Validators: []validator.String{durationValidator{days: true, min: minDuration, max: maxWindowAge, whole: true, examples: "30m, 6h, 24h or 7d"}},
		},
		"wait": schema.BoolAttribute{
			MarkdownDescription: "Wait until the job has finished: first for a job of another window that is already running, then, after sending " +
				"the window, until its job has `completed`; each change of status is reported as it happens. A `failed` job is an error. " +
				"With `false`, a job of another window that is running is an error, and the action ends once Konnect has taken the window. " +
				"Defaults to `true`.",
			Optional: true,
		},
		"timeout": schema.StringAttribute{
			MarkdownDescription: "How long sending the window and waiting may take in all, as a duration of at least `1s`, such as `45m` or `2h`. " +
				"Defaults to `" + durationtext.Format(defaultSendTimeout, durationtext.Go) + "`.",
			Optional:   true,
			Validators: []validator.String{durationValidator{days: true, min: minDuration, examples: "45m or 2h"}},
		},
		"check_webhook": schema.BoolAttribute{
			MarkdownDescription: "Before sending the window, read the status of the " + k.noun() + "'s audit log webhook once " +
				"(`GET …/audit-log-webhook/status`). A disabled webhook stops the window with an error, since Konnect would replay into " +
				"nothing; an inactive one sends it with a warning quoting the webhook's last attempt. A token that may not read the status " +
				"(403) sends with a warning. Set `false` to skip the read. Defaults to `true`.",
			Optional: true,
		},
	}
	if k.portal {
		attrs["portal_id"] = schema.StringAttribute{
			MarkdownDescription: portalIDDescription,
			Required:            true,
			Validators:          []validator.String{uuidValidator()},
		}
		attrs["api_version"] = schema.StringAttribute{
			MarkdownDescription: apiVersionDescription + " Leave it unset and the provider finds out when the action is invoked, " +
				"within `timeout`, by asking both APIs at once for the webhook's status (with `check_webhook = false`, for the job); " +
				"set it to save one request.",
			Optional:   true,
			Validators: apiVersionValidators(),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends a window of " + k.owner() + "'s audit logs to its audit log webhook again, now: " +
			"`terraform apply -invoke=action." + typeName(a.kind.typeSuffix) + ".<name>`, or from a resource's `lifecycle` " +
			"`action_trigger`. The window is `start_at` and `end_at`, or `last`, a duration that ends when the action is invoked. Konnect keeps one replay job per " +
			k.noun() + " and region, and the window replaces it; the data source `" + a.kind.job.typeName() + "` reads it. Needs Terraform 1.14 or later.",
		Attributes: attrs,
	}
}

func (a *replayAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{windowFormValidator{}, windowOrderValidator{}}
}

func (a *replayAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan checks what the clock decides, as the resource's plan does: a
// window of start_at and end_at must be within Konnect's 7 days, and the
// region one that server_url serves. A window given as last is worked out
// only when the action is invoked.
func (a *replayAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	m := a.kind.newModel()
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if region := m.target().region; !region.IsNull() && !region.IsUnknown() {
		if err := a.data.regionServed(region.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("region"), "Region Not Served by server_url", err.Error()+".")
		}
	}
	f := m.fields()
	if start, end, ok := knownWindow(f.StartAt, f.EndAt); ok {
		addWindowProblems(&resp.Diagnostics, checkWindowReach(start, end, a.data.now()))
	}
}

// ValidateAction lets the resource's check that a window does not end
// before it starts serve the action too.
func (v windowOrderValidator) ValidateAction(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var r resource.ValidateConfigResponse
	v.ValidateResource(ctx, resource.ValidateConfigRequest{Config: req.Config}, &r)
	resp.Diagnostics.Append(r.Diagnostics...)
}
