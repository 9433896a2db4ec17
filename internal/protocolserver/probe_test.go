package protocolserver

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type probeKey struct{}

// probe is a framework provider with one resource, which does nothing, and
// one action, whose invoke runs the given function.
type probe struct {
	invoke func(ctx context.Context, resp *action.InvokeResponse)
}

// framework is the framework's own server for p.
func (p probe) framework() tfprotov6.ProviderServer { return providerserver.NewProtocol6(p)() }

func (p probe) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "probe"
}
func (p probe) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse)          {}
func (p probe) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}
func (p probe) DataSources(context.Context) []func() datasource.DataSource                        { return nil }
func (p probe) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return probeResource{} }}
}
func (p probe) Actions(context.Context) []func() action.Action {
	return []func() action.Action{func() action.Action { return probeAction(p) }}
}

type probeResource struct{}

func (probeResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "probe_resource"
}
func (probeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{}
}
func (probeResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (probeResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (probeResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (probeResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type probeAction probe

func (a probeAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = "probe_action"
}
func (a probeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = aschema.Schema{}
}
func (a probeAction) Invoke(ctx context.Context, _ action.InvokeRequest, resp *action.InvokeResponse) {
	a.invoke(ctx, resp)
}

// emptyConfig is the configuration of the probe's resource or action: both
// have no attributes.
func emptyConfig(t *testing.T) *tfprotov6.DynamicValue {
	t.Helper()
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{}))
	must(t, err)
	return &config
}

// invokeProbe invokes the probe's action with ctx and returns its stream.
func invokeProbe(ctx context.Context, t *testing.T, s tfprotov6.ProviderServer) *tfprotov6.InvokeActionServerStream {
	t.Helper()
	stream, err := s.(tfprotov6.ActionServer).InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "probe_action", Config: emptyConfig(t)})
	must(t, err)
	return stream
}

// diagText is diagnostics as "severity: summary: detail", one a line.
func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s\n", strings.ToLower(d.Severity.String()), d.Summary, d.Detail)
	}
	return b.String()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
