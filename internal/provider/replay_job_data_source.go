package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
	attrs := dataTargetAttributes(d.kind.target, "job")
	for name, a := range map[string]schema.Attribute{
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
	} {
		attrs[name] = a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the current audit log replay job of " + d.kind.target.owner() + " in a region. " +
			"When there is no job, `status` is `\"unconfigured\"` and the times are null.",
		Attributes: attrs,
	}
}

func (d *replayJobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *replayJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m := d.kind.newDataModel()
	d.data.readData(ctx, req, resp, d.kind.target, m, "replay job", konnect.ProbeJob, func(ctx context.Context, client *konnect.Client, t target, found konnect.Found) error {
		job := found.Job
		if job == nil {
			var err error
			if job, err = client.GetReplayJob(ctx, t.scope()); err != nil {
				return err
			}
		}
		f := m.fields()
		f.StartAt, f.EndAt = newInstant(job.StartAt), newInstant(job.EndAt)
		f.Status = types.StringValue(string(job.Status))
		f.UpdatedAt = newInstant(job.UpdatedAt)
		return nil
	})
}
