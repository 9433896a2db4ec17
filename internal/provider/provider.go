// Package provider is the Terraform provider for Kong Konnect. It turns the
// konnect client's results into Terraform state and diagnostics.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// Address is the provider's source address in the Terraform Registry.
const Address = "registry.terraform.io/konnect-iac/konnect"

// Option changes how the provider runs; tests use them to control time.
type Option func(*konnectProvider)

// WithClock replaces the clock that checks replay windows and times every
// wait and timeout; tests share a fake one with the mock Konnect.
func WithClock(c clock.Clock) Option { return func(p *konnectProvider) { p.clock = c } }

// New returns a constructor of the provider, as providerserver.Serve wants it.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &konnectProvider{version: version, clock: clock.Real()}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type konnectProvider struct {
	version string
	clock   clock.Clock
}

var (
	_ provider.Provider                     = (*konnectProvider)(nil)
	_ provider.ProviderWithConfigValidators = (*konnectProvider)(nil)
	_ provider.ProviderWithActions          = (*konnectProvider)(nil)
	_ provider.ProviderWithListResources    = (*konnectProvider)(nil)
)

type providerModel struct {
	PersonalAccessToken      types.String `tfsdk:"personal_access_token"`
	SystemAccountAccessToken types.String `tfsdk:"system_account_access_token"`
	Region                   types.String `tfsdk:"region"`
	ServerURL                types.String `tfsdk:"server_url"`
	MaxRetries               types.Int64  `tfsdk:"max_retries"`
	RequestTimeout           types.String `tfsdk:"request_timeout"`
	ReadTimeout              types.String `tfsdk:"read_timeout"`
	AllowInsecureHTTP        types.Bool   `tfsdk:"allow_insecure_http"`
}

// providerName is the provider's type name, which begins every type name of
// its resources, data sources and actions.
const providerName = "konnect"

// typeName is the type of one of the provider's resources, data sources or
// actions, as a configuration writes it: "konnect_" and its suffix.
func typeName(suffix string) string { return providerName + "_" + suffix }

func (p *konnectProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = providerName
	resp.Version = p.version
}

func (p *konnectProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A community provider for Kong Konnect, published as `konnect-iac/konnect`. It is not Kong's provider, " +
			"`kong/konnect`, but works next to it, under the local name `konnect-iac`, and manages what that one leaves out. " +
			"Authenticate with a personal access token or a system account access token (exactly one); choose a default " +
			"`region` for every resource, and override it per resource.",
		Attributes: map[string]schema.Attribute{
			"personal_access_token": schema.StringAttribute{
				MarkdownDescription: "A Konnect personal access token (`kpat_…`). May also be set with the `KONNECT_TOKEN` " +
					"environment variable. Conflicts with `system_account_access_token`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"system_account_access_token": schema.StringAttribute{
				MarkdownDescription: "A Konnect system account access token (`spat_…`), the better choice for automation. " +
					"May also be set with the `KONNECT_SPAT` environment variable. Conflicts with `personal_access_token`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "The region of resources and data sources that do not set their own: one of " +
					regionList() + ". May also be set with the `KONNECT_REGION` environment variable. Defaults to `us`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(konnect.Regions...)},
			},
			"server_url": schema.StringAttribute{
				MarkdownDescription: "The base URL of the Konnect API. The text `{region}` is replaced with each resource's " +
					"region, so one provider serves every region. A URL of one region's host without it, such as " +
					"`https://eu.api.konghq.com` (as users of Kong's own provider set it), serves that region only: it becomes " +
					"the default region, and any other region is an error at plan time. Any other URL without `{region}` sends every region to the same server. " +
					"`https://` is required except for loopback hosts, as in `http://127.0.0.1:8080/{region}` for a local mock, " +
					"and for a mock reached by another name when `allow_insecure_http` is `true`. " +
					"May also be set with the `KONNECT_SERVER_URL` environment variable. Defaults to `" + konnect.DefaultServerURL + "`.",
				Optional:   true,
				Validators: []validator.String{serverURLValidator{}},
			},
			"allow_insecure_http": schema.BoolAttribute{
				MarkdownDescription: "Accept a `server_url` of plain `http://` to a host that is not loopback, such as " +
					"`http://konnect-mock:8080/{region}` for a mock Konnect run as a CI service container or in docker-compose. " +
					"For a mock in CI only: the access token then travels in clear text, and every plan and apply warns so, naming the host. " +
					"May also be set with the `" + envAllowInsecureHTTP + "` environment variable (`true` or `false`); this attribute wins when set. " +
					"Defaults to `false`.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried. A read is retried after a connection failure or an answer of "+
					"429, 502, 503 or 504; a replay window only after failures that prove Konnect did not take it (no connection, 429, 503). "+
					"After any other failure of a window, Konnect is asked whether it has the window, and the window is sent again only if it has not, "+
					"up to this many times. Retries wait as long as Konnect's `Retry-After` says (at most 5 minutes, plus a little jitter), otherwise a random "+
					"wait of up to 1 s, 2 s, 4 s … (at most %d s). Other errors are never retried. From `0` (no retries) to `%d`. Defaults to `%d`.",
					int(konnect.DefaultRetry.WaitMax.Seconds()), maxRetriesLimit, konnect.DefaultRetry.Max),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one attempt of a request may take, as a Go duration such as `30s` or `2m`, "+
					"from `1s` to `10m`. A read that times out is retried; a replay window that times out is not sent again "+
					"before Konnect has been asked whether it took it. On create and update, the resource's `timeouts` "+
					"(30 minutes by default) bound all attempts, retries and waits together. Defaults to `%s`.",
					durationtext.Format(konnect.DefaultRequestTimeout, durationtext.Go)),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: minRequestTimeout, max: maxRequestTimeout, examples: "30s or 2m"}},
			},
			"read_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one read of a job may take in all, its attempts, retries and "+
					"waits for `Retry-After` together, as a Go duration from `1s` to `1h`: a refresh, a data source, an import. "+
					"When Konnect asks to wait longer than the time left, the read stops at once with Konnect's answer. "+
					"Defaults to `%s`.", durationtext.Format(defaultReadTimeout, durationtext.Go)),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: minReadTimeout, max: maxReadTimeout, examples: "30s or 2m"}},
			},
		},
	}
}

func (p *konnectProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{
		providervalidator.Conflicting(path.MatchRoot("personal_access_token"), path.MatchRoot("system_account_access_token")),
	}
}

func (p *konnectProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := resolveConfig(ctx, cfg, p, req.TerraformVersion, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *konnectProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newReplayJobResource(portalReplayJob),
		newReplayJobResource(organizationReplayJob),
	}
}

func (p *konnectProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newReplayJobDataSource(portalReplayJob),
		newReplayJobDataSource(organizationReplayJob),
		newWebhookStatusDataSource(portalWebhookStatus),
		newWebhookStatusDataSource(organizationWebhookStatus),
	}
}

// ListResources are for terraform query, in Terraform 1.14 and later;
// earlier versions ignore them.
func (p *konnectProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		newReplayJobList(portalReplayJob),
		newReplayJobList(organizationReplayJob),
	}
}

// Actions are for Terraform 1.14 and later; earlier versions ignore them.
func (p *konnectProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		newReplayAction(portalReplayAction),
		newReplayAction(organizationReplayAction),
	}
}
