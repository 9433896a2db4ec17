package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// replayJobKind declares one kind of replay job. Every kind shares one body,
// one answer and one lifecycle (replay_job_resource.go and
// replay_job_data_source.go); a kind says only what differs: its name and
// its target, the organization or a Dev Portal (target.go).
type replayJobKind struct {
	// typeSuffix follows "konnect_" in the resource and data source names.
	typeSuffix string
	target     targetKind
	// newModel and newDataModel return empty models whose fields match the
	// resource and data source schemas.
	newModel     func() jobModel
	newDataModel func() jobDataModel
}

// typeName is the resource's type, as a configuration writes it.
func (k replayJobKind) typeName() string { return typeName(k.typeSuffix) }

// portalReplayJob is the replay job of a Dev Portal, classic or new.
var portalReplayJob = replayJobKind{
	typeSuffix:   "portal_audit_log_replay_job",
	target:       portalTarget,
	newModel:     func() jobModel { return &portalJobModel{} },
	newDataModel: func() jobDataModel { return &portalJobDataModel{} },
}

// organizationReplayJob is the organization's own replay job.
var organizationReplayJob = replayJobKind{
	typeSuffix:   "audit_log_replay_job",
	target:       organizationTarget,
	newModel:     func() jobModel { return &organizationJobModel{} },
	newDataModel: func() jobDataModel { return &organizationJobDataModel{} },
}

// replayJobFields are the resource attributes every kind has besides its
// target's.
type replayJobFields struct {
	ID                types.String   `tfsdk:"id"`
	StartAt           instantValue   `tfsdk:"start_at"`
	EndAt             instantValue   `tfsdk:"end_at"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	CheckWebhook      types.Bool     `tfsdk:"check_webhook"`
	Status            types.String   `tfsdk:"status"`
	UpdatedAt         instantValue   `tfsdk:"updated_at"`
	Superseded        types.Bool     `tfsdk:"superseded"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// replayJobDataFields are the data source attributes every kind has besides
// its target's.
type replayJobDataFields struct {
	StartAt   instantValue `tfsdk:"start_at"`
	EndAt     instantValue `tfsdk:"end_at"`
	Status    types.String `tfsdk:"status"`
	UpdatedAt instantValue `tfsdk:"updated_at"`
}

// jobModel is a resource model of any kind: the shared fields and the target's.
type jobModel interface {
	fields() *replayJobFields
	target() targetValues
	// portalDeleted is the mark of a record whose portal Konnect no longer
	// has; nil for the organization, which is never deleted.
	portalDeleted() *types.Bool
}

// jobDataModel is a data source model of any kind.
type jobDataModel interface {
	fields() *replayJobDataFields
	target() targetValues
}

type portalJobModel struct {
	portalFields
	replayJobFields
	PortalDeleted types.Bool `tfsdk:"portal_deleted"`
}

func (m *portalJobModel) fields() *replayJobFields { return &m.replayJobFields }

func (m *portalJobModel) portalDeleted() *types.Bool { return &m.PortalDeleted }

type organizationJobModel struct {
	organizationFields
	replayJobFields
}

func (m *organizationJobModel) fields() *replayJobFields { return &m.replayJobFields }

func (m *organizationJobModel) portalDeleted() *types.Bool { return nil }

type portalJobDataModel struct {
	portalFields
	replayJobDataFields
}

func (m *portalJobDataModel) fields() *replayJobDataFields { return &m.replayJobDataFields }

type organizationJobDataModel struct {
	organizationFields
	replayJobDataFields
}

func (m *organizationJobDataModel) fields() *replayJobDataFields { return &m.replayJobDataFields }
