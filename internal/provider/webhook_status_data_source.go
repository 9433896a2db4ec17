package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// webhookStatusKind declares one webhook status data source: its name and
// its target.
type webhookStatusKind struct {
	typeSuffix string
	target     targetKind
	newModel   func() webhookStatusModel
}

var (
	portalWebhookStatus = webhookStatusKind{
		typeSuffix: "portal_audit_log_webhook_status",
		target:     portalTarget,
		newModel:   func() webhookStatusModel { return &portalWebhookStatusModel{} },
	}
	organizationWebhookStatus = webhookStatusKind{
		typeSuffix: "audit_log_webhook_status",
		target:     organizationTarget,
		newModel:   func() webhookStatusModel { return &organizationWebhookStatusModel{} },
	}
)

// typeName is the data source's type, as a configuration writes it.
func (k webhookStatusKind) typeName() string { return typeName(k.typeSuffix) }

// webhookStatusType is the data source that reads the target's webhook status.
func (t target) webhookStatusType() string {
	if t.kind.portal {
		return portalWebhookStatus.typeName()
	}
	return organizationWebhookStatus.typeName()
}

// webhookStatusFields are the attributes every webhook status has, as
// Konnect reports them.
type webhookStatusFields struct {
	WebhookEnabled      types.Bool   `tfsdk:"webhook_enabled"`
	WebhookStatus       types.String `tfsdk:"webhook_status"`
	LastAttemptAt       types.String `tfsdk:"last_attempt_at"`
	LastResponseCode    types.Int64  `tfsdk:"last_response_code"`
	LastResponseMessage types.String `tfsdk:"last_response_message"`
}

type webhookStatusModel interface {
	fields() *webhookStatusFields
	target() targetValues
	// setDestination records where the webhook sends, from Konnect's
	// webhook document; nil when it could not be read.
	setDestination(w *konnect.Webhook)
}

func (m *portalWebhookStatusModel) setDestination(w *konnect.Webhook) {
	m.DestinationID = types.StringNull()
	if w != nil {
		m.DestinationID = types.StringPointerValue(w.DestinationID)
	}
}

func (m *organizationWebhookStatusModel) setDestination(w *konnect.Webhook) {
	m.Endpoint = types.StringNull()
	if w != nil {
		m.Endpoint = types.StringPointerValue(w.Endpoint)
	}
}

type portalWebhookStatusModel struct {
	portalFields
	webhookStatusFields
	DestinationID types.String `tfsdk:"audit_log_destination_id"`
}

func (m *portalWebhookStatusModel) fields() *webhookStatusFields { return &m.webhookStatusFields }

type organizationWebhookStatusModel struct {
	organizationFields
	webhookStatusFields
	Endpoint types.String `tfsdk:"endpoint"`
}

func (m *organizationWebhookStatusModel) fields() *webhookStatusFields { return &m.webhookStatusFields }

func newWebhookStatusDataSource(kind webhookStatusKind) func() datasource.DataSource {
	return func() datasource.DataSource { return &webhookStatusDataSource{kind: kind} }
}

// webhookStatusDataSource reads the status of an audit log webhook, the
// destination of a replay job: whether it is enabled, and how its last
// delivery went.
type webhookStatusDataSource struct {
	kind webhookStatusKind
	data *providerData
}

var _ datasource.DataSourceWithConfigure = (*webhookStatusDataSource)(nil)

func (d *webhookStatusDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.kind.typeSuffix
}

func (d *webhookStatusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	k := d.kind.target
	attrs := dataTargetAttributes(k, "webhook")
	for name, a := range map[string]schema.Attribute{
		"webhook_enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether the webhook is enabled, that is set to receive audit logs. A replay into a disabled webhook sends nothing.",
			Computed:            true,
		},
		"webhook_status": schema.StringAttribute{
			MarkdownDescription: "`active` when the webhook is sending, or ready to send; `inactive` when Konnect turned it off after failed attempts.",
			Computed:            true,
		},
		"last_attempt_at": schema.StringAttribute{
			MarkdownDescription: "When Konnect last sent to the webhook, successfully or not, in RFC 3339 as Konnect reports it; null when Konnect reports none.",
			Computed:            true,
		},
		"last_response_code": schema.Int64Attribute{
			MarkdownDescription: "The HTTP status the destination answered the last attempt with; null when Konnect reports none.",
			Computed:            true,
		},
		"last_response_message": schema.StringAttribute{
			MarkdownDescription: "What the destination answered the last attempt, useful for debugging; null when Konnect reports none.",
			Computed:            true,
		},
	} {
		attrs[name] = a
	}
	if k.portal {
		attrs["audit_log_destination_id"] = schema.StringAttribute{
			MarkdownDescription: "Where a replay goes: the ID of the audit log destination the webhook sends to (Kong's " +
				"`konnect_audit_log_destination`), from `GET /v2|v3/portals/{portalId}/audit-log-webhook`; null when Konnect reports none, " +
				"or the webhook could not be read (a warning says why).",
			Computed: true,
		}
	} else {
		attrs["endpoint"] = schema.StringAttribute{
			MarkdownDescription: "Where a replay goes: the URL the organization's webhook sends to, from `GET /v2/audit-log-webhook`, " +
				"with the credentials a URL may carry (user info, query values, fragment) masked as `***`; null when Konnect reports none, " +
				"or the webhook could not be read (a warning says why).",
			Computed: true,
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the status of the audit log webhook of " + k.owner() + " in a region: the destination a replay job " +
			"sends to. Konnect replays only into an enabled webhook, and a replay into a failing destination fails the same way, so read " +
			"this before replaying. Kong's own provider manages the webhook itself (`" + k.webhookResource() + "`).",
		Attributes: attrs,
	}
}

func (d *webhookStatusDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookStatusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	m := d.kind.newModel()
	d.data.readData(ctx, req, resp, d.kind.target, m, webhookStatusThing, konnect.ProbeWebhook, func(ctx context.Context, client *konnect.Client, t target, found konnect.Found) error {
		// Where the webhook sends is read beside its status, once the
		// portal's API is known.
		var (
			hook    *konnect.Webhook
			hookErr error
			wg      sync.WaitGroup
		)
		wg.Go(func() { hook, hookErr = client.GetWebhook(ctx, t.scope()) })
		st := found.Webhook
		var err error
		if st == nil {
			st, err = client.GetWebhookStatus(ctx, t.scope())
		}
		wg.Wait()
		if err != nil {
			return err
		}
		setWebhookStatus(m.fields(), st)
		if hookErr != nil {
			resp.Diagnostics.AddWarning("Webhook Destination Not Read",
				fmt.Sprintf("The status of %s was read, but not where it sends (GET %s): %s. The destination is left null.",
					t.webhookName(), t.scope().WebhookPath(), explain(hookErr)))
			hook = nil
		}
		m.setDestination(hook)
		return nil
	})
}

// setWebhookStatus copies Konnect's answer as it is: what it leaves out is null.
func setWebhookStatus(f *webhookStatusFields, st *konnect.WebhookStatus) {
	f.WebhookEnabled = types.BoolPointerValue(st.Enabled)
	f.WebhookStatus = types.StringPointerValue(st.Status)
	f.LastAttemptAt = types.StringPointerValue(st.LastAttemptAt)
	f.LastResponseCode = types.Int64PointerValue(st.LastResponseCode)
	f.LastResponseMessage = types.StringPointerValue(st.LastResponseMessage)
}
