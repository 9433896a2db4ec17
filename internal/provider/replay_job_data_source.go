package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

func newReplayJobDataSource(kind replayJobKind) func() datasource.DataSource {
	return func() datasource.DataSource { return &replayJobDataSource{kind: kind} }
}

// replayJobDataSource reads the current replay job of any kind.
type replayJobDataSource struct {
	kind replayJobKind
	data *providerData
}

var _ datasource.DataSourceWithConfigure = (*replayJobDataSource)(nil)

func (d *replayJobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.kind.typeSuffix
}

func (d *replayJobDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"region": schema.StringAttribute{
			MarkdownDescription: "The Konnect region of the job: one of " + regionList() + ". Defaults to the provider's `region`.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.OneOf(konnect.Regions...)},
		},
		"start_at": schema.StringAttribute{
			MarkdownDescription: "The start of the job's window, in RFC 3339; null when there is no job.",
			Computed:            true,
			CustomType:          instantType{},
		},
		"end_at": schema.StringAttribute{
			MarkdownDescription: "The end of the job's window, in RFC 3339; null when there is no job.",
			Computed:            true,
			CustomType:          instantType{},
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "`unconfigured` when there is no job, otherwise `accepted`, `pending`, `running`, `completed` or `failed`.",
			Computed:            true,
		},
		"updated_at": schema.StringAttribute{
			MarkdownDescription: "When Konnect last changed the job, in RFC 3339; null when there is no job.",
			Computed:            true,
			CustomType:          instantType{},
		},
	}
	if s := d.kind.scope; s != nil {
		attrs[s.name] = schema.StringAttribute{
			MarkdownDescription: s.description,
			Required:            true,
			Validators:          []validator.String{uuidValidator()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the current audit log replay job of " + d.kind.owner + " in a region. " +
			"A " + d.kind.scopeNoun() + " that never had a job reads as `status = \"unconfigured\"` with null times.",
		Attributes: attrs,
	}
}

func (d *replayJobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *replayJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m := d.kind.newDataModel()
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	client := d.data.clientOrError(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := d.data.reading(ctx)
	defer cancel()
	f := m.fields()
	if f.Region.IsNull() {
		region := d.data.defaultRegion()
		if region == "" {
			resp.Diagnostics.AddAttributeError(path.Root("region"), "Region Not Known",
				"The provider's region is known only after apply; set region on the data source.")
			return
		}
		f.Region = types.StringValue(region)
	}
	if err := d.data.regionServed(f.Region.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("region"), "Region Not Served by server_url", err.Error()+".")
		return
	}
	ref := d.kind.ref(f.Region.ValueString(), m.scopeID().ValueString())
	job, err := client.GetReplayJob(ctx, ref)
	if err != nil {
		reportReadError(&resp.Diagnostics, d.kind.where(ref, m.scopeID()), err, d.data.readTimeout)
		return
	}
	f.StartAt, f.EndAt = newInstant(job.StartAt), newInstant(job.EndAt)
	f.Status = types.StringValue(string(job.Status))
	f.UpdatedAt = newInstant(job.UpdatedAt)
	if !job.Configured() {
		f.Status = types.StringValue(string(konnect.StatusUnconfigured))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
