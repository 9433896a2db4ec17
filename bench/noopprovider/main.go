// Command noopprovider is the benchmark's floor: a terraform-plugin-framework
// provider whose one resource, noop_replay_job, has the attributes of
// konnect_portal_audit_log_replay_job and does nothing. Whatever it costs,
// every framework provider pays; what the Konnect provider costs beyond it is
// its own.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noopProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/bench/noop"})
	if err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noop"
}

func (noopProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return job{} }}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

var _ provider.Provider = noopProvider{}

// job mirrors the replay job's attributes, without validators or defaults.
type job struct{}

type jobModel struct {
	ID                types.String `tfsdk:"id"`
	PortalID          types.String `tfsdk:"portal_id"`
	Region            types.String `tfsdk:"region"`
	StartAt           types.String `tfsdk:"start_at"`
	EndAt             types.String `tfsdk:"end_at"`
	WaitForCompletion types.Bool   `tfsdk:"wait_for_completion"`
	APIVersion        types.String `tfsdk:"api_version"`
	CheckWebhook      types.Bool   `tfsdk:"check_webhook"`
	Status            types.String `tfsdk:"status"`
	UpdatedAt         types.String `tfsdk:"updated_at"`
}

func (job) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replay_job"
}

func (job) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                  schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"portal_id":           schema.StringAttribute{Required: true},
		"region":              schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep},
		"start_at":            schema.StringAttribute{Required: true},
		"end_at":              schema.StringAttribute{Required: true},
		"wait_for_completion": schema.BoolAttribute{Optional: true},
		"api_version":         schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep},
		"check_webhook":       schema.BoolAttribute{Optional: true},
		"status":              schema.StringAttribute{Computed: true, PlanModifiers: keep},
		"updated_at":          schema.StringAttribute{Computed: true, PlanModifiers: keep},
	}}
}

func (job) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m jobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Region.IsUnknown() {
		m.Region = types.StringValue("us")
	}
	if m.APIVersion.IsUnknown() {
		m.APIVersion = types.StringValue("v2")
	}
	m.ID = types.StringValue(m.Region.ValueString() + "/" + m.PortalID.ValueString())
	m.Status = types.StringValue("accepted")
	m.UpdatedAt = m.EndAt
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (job) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (job) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan)...)
}

func (job) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (job) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
