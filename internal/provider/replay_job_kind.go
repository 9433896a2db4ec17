package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// replayJobKind declares one kind of replay job. Every kind shares one body,
// one answer and one lifecycle (replay_job_resource.go and
// replay_job_data_source.go); a kind says only what differs: its name, the
// object it belongs to, and where it lives. The org-level job and the /v3
// portal twin are each one more value of this type.
type replayJobKind struct {
	// typeSuffix follows "konnect_" in the resource and data source names.
	typeSuffix string
	// owner says whose job it is, for descriptions: "a Dev Portal".
	owner string
	// scope is the attribute naming the owning object, as "portal_id"; nil for
	// the organization's own job, which needs none.
	scope *scopeAttribute
	// ref locates the job; scopeID is "" when scope is nil.
	ref func(region, scopeID string) konnect.ReplayJobRef
	// newModel and newDataModel return empty models whose fields match the
	// resource and data source schemas.
	newModel     func() jobModel
	newDataModel func() jobDataModel
}

// scopeAttribute describes the ID attribute of the object a job belongs to.
type scopeAttribute struct {
	name        string // "portal_id"
	description string
}

// portalReplayJob is the replay job of a classic Dev Portal.
var portalReplayJob = replayJobKind{
	typeSuffix: "portal_audit_log_replay_job",
	owner:      "a Dev Portal",
	scope: &scopeAttribute{
		name:        "portal_id",
		description: "The ID (a UUID) of the Dev Portal the replay job belongs to.",
	},
	ref:          konnect.PortalReplayJob,
	newModel:     func() jobModel { return &portalJobModel{} },
	newDataModel: func() jobDataModel { return &portalJobDataModel{} },
}

// replayJobFields are the resource attributes every kind has.
type replayJobFields struct {
	ID                types.String   `tfsdk:"id"`
	Region            types.String   `tfsdk:"region"`
	StartAt           instantValue   `tfsdk:"start_at"`
	EndAt             instantValue   `tfsdk:"end_at"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Status            types.String   `tfsdk:"status"`
	UpdatedAt         instantValue   `tfsdk:"updated_at"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// replayJobDataFields are the data source attributes every kind has.
type replayJobDataFields struct {
	Region    types.String `tfsdk:"region"`
	StartAt   instantValue `tfsdk:"start_at"`
	EndAt     instantValue `tfsdk:"end_at"`
	Status    types.String `tfsdk:"status"`
	UpdatedAt instantValue `tfsdk:"updated_at"`
}

// jobModel is a resource model of any kind: the shared fields and the scope.
type jobModel interface {
	fields() *replayJobFields
	scopeID() types.String
	setScopeID(types.String)
}

// jobDataModel is a data source model of any kind.
type jobDataModel interface {
	fields() *replayJobDataFields
	scopeID() types.String
}

type portalJobModel struct {
	PortalID types.String `tfsdk:"portal_id"`
	replayJobFields
}

func (m *portalJobModel) fields() *replayJobFields  { return &m.replayJobFields }
func (m *portalJobModel) scopeID() types.String     { return m.PortalID }
func (m *portalJobModel) setScopeID(v types.String) { m.PortalID = v }

type portalJobDataModel struct {
	PortalID types.String `tfsdk:"portal_id"`
	replayJobDataFields
}

func (m *portalJobDataModel) fields() *replayJobDataFields { return &m.replayJobDataFields }
func (m *portalJobDataModel) scopeID() types.String        { return m.PortalID }

// scopeName is the scope attribute's name, or "region" for the organization's job.
func (k replayJobKind) scopeName() string {
	if k.scope == nil {
		return "region"
	}
	return k.scope.name
}

// scopeNoun names the owning object in prose: "portal" for "portal_id".
func (k replayJobKind) scopeNoun() string {
	if k.scope == nil {
		return "organization"
	}
	return strings.TrimSuffix(k.scope.name, "_id")
}

// where names a job's owner and region in messages: "portal <id> in region eu".
func (k replayJobKind) where(ref konnect.ReplayJobRef, scopeID types.String) string {
	if k.scope == nil {
		return "the organization in region " + ref.Region
	}
	return fmt.Sprintf("%s %s in region %s", k.scopeNoun(), scopeID.ValueString(), ref.Region)
}

// id is the resource ID of a job.
func (k replayJobKind) id(region, scopeID string) string {
	if k.scope == nil {
		return region
	}
	return jobID(region, scopeID)
}

// parseID reads an import ID: "<region>/<scope id>" or a bare scope ID, or for
// the organization's job just a region.
func (k replayJobKind) parseID(id, defaultRegion string) (region, scopeID string, err error) {
	if k.scope == nil {
		if !konnect.IsRegion(id) {
			return "", "", fmt.Errorf("%q is not a Konnect region; expected one of %s", id, strings.Join(konnect.Regions, ", "))
		}
		return id, "", nil
	}
	return parseJobID(id, defaultRegion, k.scope.name)
}
