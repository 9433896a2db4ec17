package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// The environment variables the provider reads, named as Kong's own provider names them.
const (
	envToken     = "KONNECT_TOKEN"
	envSPAT      = "KONNECT_SPAT"
	envRegion    = "KONNECT_REGION"
	envServerURL = "KONNECT_SERVER_URL"
)

const registryURL = "https://registry.terraform.io/providers/konnect-iac/konnect"

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	// client and engine are nil while the provider's configuration holds
	// values that are known only after apply; plans still work, requests do not.
	client *konnect.Client
	engine *replay.Engine
	// region is the default region; null or unknown ones read as "".
	region types.String
	// pinned is the only region server_url serves, when it names one
	// region's host without {region}; "" otherwise.
	pinned      string
	clock       clock.Clock
	readTimeout time.Duration
	// secrets are kept only to mask them in logs.
	secrets []string
	// claims are the replay jobs this run's resources plan for.
	claims *jobClaims
	// deletesTold says this run has said what destroying a job does, which
	// it says once, not once per resource.
	deletesTold atomic.Bool
}

// resolveConfig merges the configuration with the environment (the
// configuration wins) and builds the client.
func resolveConfig(ctx context.Context, cfg providerModel, p *konnectProvider, tfVersion string, diags *diag.Diagnostics) *providerData {
	data := &providerData{clock: p.clock, readTimeout: defaultReadTimeout, claims: &jobClaims{}}

	var optIn insecureHTTP
	if !cfg.AllowInsecureHTTP.IsUnknown() {
		optIn = insecureHTTPOptIn(cfg.AllowInsecureHTTP, diags)
	}
	serverURL, source, at := cfg.ServerURL.ValueString(), "server_url", path.Root("server_url")
	if cfg.ServerURL.IsNull() {
		serverURL, source, at = envOr(envServerURL, konnect.DefaultServerURL), "The "+envServerURL+" environment variable", path.Empty()
	}
	if !cfg.ServerURL.IsUnknown() {
		err := konnect.ValidateServerURL(serverURL)
		switch {
		case konnect.IsInsecureHTTP(err) && (cfg.AllowInsecureHTTP.IsUnknown() || optIn.invalid):
			// Decided on the plan that knows the opt-in, nothing sent before;
			// or the opt-in itself is the error already reported.
		case konnect.IsInsecureHTTP(err) && optIn.allowed:
			// Configure runs on every plan and apply, so each one says it.
			warnInsecureHTTP(diags, at, konnect.InsecureHTTPHost(serverURL), optIn)
		case err != nil:
			diags.AddAttributeError(path.Root("server_url"), "Invalid Konnect Server URL", serverURLProblem(source, serverURL, err))
		}
		data.pinned = konnect.PinnedRegion(serverURL)
	}

	data.region = cfg.Region
	switch {
	case cfg.Region.IsNull() && cfg.ServerURL.IsUnknown() && strings.TrimSpace(os.Getenv(envRegion)) == "":
		// A server_url known only after apply may name one region's host,
		// which would be the default: the region is not known either.
		data.region = types.StringUnknown()
	case cfg.Region.IsNull():
		fallback := "us"
		if data.pinned != "" {
			fallback = data.pinned
		}
		data.region = types.StringValue(envOr(envRegion, fallback))
		if !konnect.IsRegion(data.region.ValueString()) {
			diags.AddAttributeError(path.Root("region"), "Invalid Konnect Region",
				fmt.Sprintf("The %s environment variable is %q; it must be one of %s.", envRegion, data.region.ValueString(), regionList()))
		}
	}
	if r := data.region; data.pinned != "" && !r.IsUnknown() && r.ValueString() != data.pinned {
		source := "region"
		if cfg.Region.IsNull() {
			source = "The " + envRegion + " environment variable"
		}
		diags.AddAttributeError(path.Root("region"), "Region Not Served by server_url",
			fmt.Sprintf("%s is %q, but the server URL %s serves region %q only. Leave region unset, set it to %q, "+
				"or write {region} into server_url (as in https://{region}.api.konghq.com) to serve every region.",
				source, r.ValueString(), serverURL, data.pinned, data.pinned))
	}

	if cfg.PersonalAccessToken.IsUnknown() || cfg.SystemAccountAccessToken.IsUnknown() || cfg.ServerURL.IsUnknown() ||
		cfg.MaxRetries.IsUnknown() || cfg.RequestTimeout.IsUnknown() || cfg.ReadTimeout.IsUnknown() || cfg.AllowInsecureHTTP.IsUnknown() {
		tflog.Info(ctx, "The provider configuration is not fully known yet; Konnect is not called until it is")
		return data
	}
	tok := token(cfg, diags)
	data.secrets = secrets(cfg)
	if diags.HasError() {
		return nil
	}

	retry := konnect.DefaultRetry
	if !cfg.MaxRetries.IsNull() {
		retry.Max = int(cfg.MaxRetries.ValueInt64())
	}
	timeout := konnect.DefaultRequestTimeout
	if !cfg.RequestTimeout.IsNull() {
		timeout, _ = time.ParseDuration(cfg.RequestTimeout.ValueString()) // validated
	}
	if !cfg.ReadTimeout.IsNull() {
		data.readTimeout, _ = time.ParseDuration(cfg.ReadTimeout.ValueString()) // validated
	}
	client, err := konnect.New(konnect.Config{
		ServerURL:         serverURL,
		Token:             tok,
		AllowInsecureHTTP: optIn.allowed,
		UserAgent:         fmt.Sprintf("terraform-provider-konnect/%s (+%s) Terraform/%s", p.version, registryURL, tfVersion),
		HTTPClient:        konnect.NewHTTPClient(timeout),
		Retry:             retry,
		Clock:             p.clock,
		Secrets:           data.secrets,
		Observe:           logRequest,
	})
	if err != nil {
		diags.AddError("Cannot Configure the Konnect Client", err.Error())
		return nil
	}
	data.client = client
	data.engine = &replay.Engine{Client: client, Poll: replay.DefaultPoll, Resends: retry.Max, Log: logDecision}
	return data
}

func envOr(name, fallback string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return fallback
}

// The bounds of the retry settings: enough to ride out any outage worth
// waiting for in a plan, and never so little that a slow answer always fails.
const (
	maxRetriesLimit    = 10
	minRequestTimeout  = time.Second
	maxRequestTimeout  = 10 * time.Minute
	defaultReadTimeout = 2 * time.Minute
	minReadTimeout     = time.Second
	maxReadTimeout     = time.Hour
)

// logDecision logs what the replay engine decides, at Info: an apply that
// waits or resends explains itself at TF_LOG=INFO.
func logDecision(ctx context.Context, msg string, fields map[string]any) {
	tflog.Info(ctx, msg, fields)
}

// logRequest logs every attempt of every request; a retry is a warning, so
// that a slow apply under rate limits explains itself at TF_LOG=WARN.
//
// Requests may run at once (a lookup asks both APIs), and terraform-plugin-log
// masks a line by writing into the fields of the logger in ctx
// (hashicorp/terraform-plugin-log#246): each request logs on a logger of its
// own, which SetField copies.
func logRequest(ctx context.Context, info konnect.RequestInfo) {
	ctx = tflog.SetField(ctx, "method", info.Method)
	fields := map[string]any{
		"url":         info.URL,
		"attempt":     info.Attempt,
		"status":      info.Status,
		"duration_ms": info.Duration.Milliseconds(),
	}
	if info.Err != nil {
		fields["error"] = info.Err.Error()
	}
	switch {
	case info.Retrying:
		fields["retry_in_ms"] = info.RetryIn.Milliseconds()
		tflog.Warn(ctx, "Konnect request failed; retrying", fields)
	case info.Err != nil:
		tflog.Debug(ctx, "Konnect request failed", fields)
	default:
		tflog.Debug(ctx, "Konnect request", fields)
	}
}

func regionList() string {
	return regionNames(konnect.Regions) + " (`ap` as older Kong documents name it)"
}

// regionNames is regions in code spans, for docs.
func regionNames(regions []string) string {
	quoted := make([]string, len(regions))
	for i, r := range regions {
		quoted[i] = "`" + r + "`"
	}
	return strings.Join(quoted, ", ")
}

// serverURLValidator rejects a server URL that could not work, or would send a
// token in clear text to another machine, before any plan.
type serverURLValidator struct{}

func (serverURLValidator) Description(context.Context) string {
	return "must be an https:// URL (http:// only for loopback hosts, or with allow_insecure_http), optionally containing {region}"
}

func (v serverURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (serverURLValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	err := konnect.ValidateServerURL(raw)
	if err == nil {
		return
	}
	if konnect.IsInsecureHTTP(err) {
		var allow types.Bool
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("allow_insecure_http"), &allow)...)
		if allow.IsUnknown() {
			return // Configure decides once it is known
		}
		if insecureHTTPOptIn(allow, &resp.Diagnostics).allowed || resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Konnect Server URL", serverURLProblem("server_url", raw, err))
}

// configuredData unpacks what Configure passed on; nil before Configure has run.
func configuredData(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	d, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider's maintainers.", v))
	}
	return d
}

// clientOrError returns the client, or says why there is none.
func (d *providerData) clientOrError(diags *diag.Diagnostics) *konnect.Client {
	if d == nil || d.client == nil {
		diags.AddError("Provider Not Configured",
			"The konnect provider's configuration is not known yet (it depends on values known only after apply), so Konnect cannot be called. "+
				"Apply the resources it depends on first, for example with -target.")
		return nil
	}
	return d.client
}

// reading bounds a read (refresh, data source, import) by read_timeout, on
// the provider's clock, and masks the tokens in its logs.
func (d *providerData) reading(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx = d.masked(ctx)
	if d == nil || d.clock == nil {
		return context.WithCancel(ctx)
	}
	return d.clock.WithTimeout(ctx, d.readTimeout)
}

// regionServed says whether the server URL serves a region: one that names
// one region's host serves no other.
func (d *providerData) regionServed(region string) error {
	if d == nil || d.pinned == "" || region == d.pinned {
		return nil
	}
	return fmt.Errorf("region %q is not served by the provider's server_url, which names the host of region %q only; "+
		"use region %q, or write {region} into server_url (as in https://{region}.api.konghq.com)", region, d.pinned, d.pinned)
}

// now is the provider's notion of now.
func (d *providerData) now() time.Time {
	if d == nil || d.clock == nil {
		return time.Now()
	}
	return d.clock.Now()
}

// defaultRegion is the provider's region, or "" while it is unknown.
func (d *providerData) defaultRegion() string {
	if d == nil || d.region.IsUnknown() {
		return ""
	}
	return d.region.ValueString()
}

// masked makes sure no token reaches a log line, whatever is logged.
func (d *providerData) masked(ctx context.Context) context.Context {
	if d == nil || len(d.secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, d.secrets...)
	return tflog.MaskAllFieldValuesStrings(ctx, d.secrets...)
}
