package provider

import (
	"context"
	"fmt"
	"math/big"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock/clocktest"
	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// harness is the provider's protocol server as Terraform talks to it, with a
// mock Konnect of its own and no CLI: validation, plans, reads, applies and
// their diagnostics are tested here, in milliseconds. Provider and mock share
// one automatic fake clock (the mock's offset by a skew when asked), so jobs
// move on as the provider waits, and no wait takes real time. Its tests run
// with make unit too.
type harness struct {
	t       *testing.T
	mock    *mockkonnect.Server
	clock   *clocktest.Fake
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
	url     string // the mock's server_url, with {region}
	paths
}

// newHarness starts a mock with opts, whose clock reads mockSkew later than
// the provider's (earlier when negative), and a provider server not yet
// configured.
func newHarness(t *testing.T, opts mockkonnect.Options, mockSkew time.Duration) *harness {
	t.Helper()
	h := &harness{t: t, clock: clocktest.NewAuto(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)),
		paths: paths{region: "eu", portal: testPortal}}
	if opts.Token == "" {
		opts.Token = testToken
	}
	opts.Now = func() time.Time { return h.clock.Now().Add(mockSkew) }
	h.mock = mockkonnect.New(opts)
	srv := httptest.NewServer(h.mock)
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/{region}"

	h.server = testServer(WithClock(h.clock))
	schemas, err := h.server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, diagText(schemas.Diagnostics))
	}
	h.schemas = schemas
	return h
}

// newConfiguredHarness is a harness whose provider is configured for its
// mock in region eu, plus the extra settings.
func newConfiguredHarness(t *testing.T, opts mockkonnect.Options, extra cfg) *harness {
	t.Helper()
	h := newHarness(t, opts, 0)
	h.mustConfigure(extra)
	return h
}

// cfg is a configuration: attribute names and values, strings, bools, ints,
// nested cfgs for nested attributes and blocks, tftypes.Values, or
// tftypes.UnknownValue. What it leaves out is null.
type cfg map[string]any

// settings are the provider settings for the harness's mock, with extra
// ones over them (a nil value unsets one).
func (h *harness) settings(extra cfg) cfg {
	c := cfg{"server_url": h.url, "personal_access_token": testToken, "region": h.region}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// configure validates and configures the provider with settings c, as
// Terraform does, and gives the diagnostics; it stops at validation errors.
func (h *harness) configure(c cfg) []*tfprotov6.Diagnostic {
	h.t.Helper()
	ctx := context.Background()
	config := h.value(h.schemas.Provider.ValueType(), c)
	v, err := h.server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config})
	if err != nil {
		h.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return v.Diagnostics
	}
	resp, err := h.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: config})
	if err != nil {
		h.t.Fatal(err)
	}
	return append(v.Diagnostics, resp.Diagnostics...)
}

// mustConfigure configures the provider with the harness's settings plus
// extra, and fails the test on an error.
func (h *harness) mustConfigure(extra cfg) {
	h.t.Helper()
	if diags := h.configure(h.settings(extra)); hasError(diags) {
		h.t.Fatalf("configure: %s", diagText(diags))
	}
}

// planned is what planning a new resource gave: the diagnostics of its
// validation, or of the plan when it validated.
type planned struct {
	diags []*tfprotov6.Diagnostic
	state *tfprotov6.DynamicValue // nil when validation or the plan failed
	// private is the plan's private state.
	private []byte
}

// plan validates a new resource of typeName with configuration c and plans
// its creation, as Terraform does; the plan is skipped when validation fails.
func (h *harness) plan(typeName string, c cfg) planned {
	h.t.Helper()
	ctx := context.Background()
	config := h.value(h.resourceType(typeName), c)
	v, err := h.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: config})
	if err != nil {
		h.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return planned{diags: v.Diagnostics}
	}
	null := h.value(h.resourceType(typeName), nil)
	resp, err := h.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: null, ProposedNewState: config, Config: config,
		ClientCapabilities: &tfprotov6.PlanResourceChangeClientCapabilities{},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	p := planned{diags: append(v.Diagnostics, resp.Diagnostics...), private: resp.PlannedPrivate}
	if !hasError(resp.Diagnostics) {
		p.state = resp.PlannedState
	}
	return p
}

// applied is what creating a resource gave.
type applied struct {
	diags []*tfprotov6.Diagnostic
	state map[string]tftypes.Value // nil when nothing was created
}

// create plans a new resource of typeName and, when the plan succeeds,
// applies it, as terraform apply does.
func (h *harness) create(typeName string, c cfg) applied {
	h.t.Helper()
	p := h.plan(typeName, c)
	if p.state == nil {
		return applied{diags: p.diags}
	}
	resp, err := h.server.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: h.value(h.resourceType(typeName), nil), PlannedState: p.state,
		Config: h.value(h.resourceType(typeName), c), PlannedPrivate: p.private,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return applied{diags: append(p.diags, resp.Diagnostics...), state: h.attrs(h.resourceType(typeName), resp.NewState)}
}

// read validates a data source of typeName with configuration c and reads
// it, as Terraform does; the read is skipped when validation fails.
func (h *harness) read(typeName string, c cfg) applied {
	h.t.Helper()
	ctx := context.Background()
	s, ok := h.schemas.DataSourceSchemas[typeName]
	if !ok {
		h.t.Fatalf("no data source %s", typeName)
	}
	config := h.value(s.ValueType(), c)
	v, err := h.server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: typeName, Config: config})
	if err != nil {
		h.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return applied{diags: v.Diagnostics}
	}
	resp, err := h.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
	if err != nil {
		h.t.Fatal(err)
	}
	return applied{diags: append(v.Diagnostics, resp.Diagnostics...), state: h.attrs(s.ValueType(), resp.State)}
}

func (h *harness) resourceType(typeName string) tftypes.Type {
	h.t.Helper()
	s, ok := h.schemas.ResourceSchemas[typeName]
	if !ok {
		h.t.Fatalf("no resource %s", typeName)
	}
	return s.ValueType()
}

// value is v as a DynamicValue of type typ (an object type).
func (h *harness) value(typ tftypes.Type, v any) *tfprotov6.DynamicValue {
	h.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, h.tfValue(typ, v, "config"))
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

// tfValue is v as a value of type typ; at names where it is, for errors.
func (h *harness) tfValue(typ tftypes.Type, v any, at string) tftypes.Value {
	h.t.Helper()
	switch v := v.(type) {
	case nil:
		return tftypes.NewValue(typ, nil)
	case tftypes.Value:
		return v
	case string:
		return tftypes.NewValue(tftypes.String, v)
	case bool:
		return tftypes.NewValue(tftypes.Bool, v)
	case int:
		return tftypes.NewValue(tftypes.Number, v)
	case cfg:
		obj, ok := typ.(tftypes.Object)
		if !ok {
			h.t.Fatalf("%s is %s, not an object", at, typ)
		}
		for name := range v {
			if _, ok := obj.AttributeTypes[name]; !ok {
				h.t.Fatalf("%s has no attribute %q", at, name)
			}
		}
		values := map[string]tftypes.Value{}
		for name, at2 := range obj.AttributeTypes {
			values[name] = h.tfValue(at2, v[name], at+"."+name)
		}
		return tftypes.NewValue(typ, values)
	}
	if v == tftypes.UnknownValue {
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	h.t.Fatalf("%s: cannot use %T as a value", at, v)
	return tftypes.Value{}
}

// attrs are the attributes of an object the server returned; nil when it is
// null.
func (h *harness) attrs(typ tftypes.Type, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	h.t.Helper()
	if dv == nil {
		return nil
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		h.t.Fatal(err)
	}
	if v.IsNull() {
		return nil
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		h.t.Fatal(err)
	}
	return attrs
}

// rfc formats the provider's time ago as RFC 3339.
func (h *harness) rfc(ago time.Duration) string {
	return h.clock.Now().Add(-ago).UTC().Format(time.RFC3339)
}

// requests are the mock's requests so far, as "METHOD path status".
func (h *harness) requests() []string { return requestLines(h.mock.Requests()) }

// puts are the bodies of the PUTs the mock received.
func (h *harness) puts() []string {
	var got []string
	for _, r := range h.mock.Requests() {
		if r.Method == "PUT" {
			got = append(got, r.Body)
		}
	}
	return got
}

// stringAttr is an attribute's value as text: a string as it is, a bool
// or number written out, "<null>" or "<unknown>" when it has none.
func stringAttr(attrs map[string]tftypes.Value, name string) string {
	v, ok := attrs[name]
	switch {
	case !ok || v.IsNull():
		return "<null>"
	case !v.IsKnown():
		return "<unknown>"
	}
	var (
		s string
		b bool
		n big.Float
	)
	switch {
	case v.As(&s) == nil:
		return s
	case v.As(&b) == nil:
		return fmt.Sprint(b)
	case v.As(&n) == nil:
		return n.String()
	}
	return v.String()
}

// putBody is a PUT body of the window from start to end.
func putBody(start, end time.Time) string {
	return fmt.Sprintf(`{"start_at":%q,"end_at":%q}`, start.UTC().Format(time.RFC3339Nano), end.UTC().Format(time.RFC3339Nano))
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d *tfprotov6.Diagnostic) bool { return d.Severity == tfprotov6.DiagnosticSeverityError })
}

// diagText is diagnostics as "severity: summary: detail [at attribute]", one a line.
func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s: %s", strings.ToLower(d.Severity.String()), d.Summary, d.Detail)
		if d.Attribute != nil {
			fmt.Fprintf(&b, " [at %s]", attributePath(d.Attribute))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// attributePath is an attribute path as its names joined by dots, such as
// timeouts.create.
func attributePath(p *tftypes.AttributePath) string {
	if p == nil {
		return ""
	}
	var names []string
	for _, s := range p.Steps() {
		if name, ok := s.(tftypes.AttributeName); ok {
			names = append(names, string(name))
		} else {
			names = append(names, fmt.Sprint(s))
		}
	}
	return strings.Join(names, ".")
}

// expectDiags checks that diags are exactly summaries, each as
// "error: Summary" or "warning: Summary", with " at attribute" when it has
// one, and that their text says each of parts, in order.
func expectDiags(t *testing.T, diags []*tfprotov6.Diagnostic, summaries []string, parts ...string) {
	t.Helper()
	var got []string
	for _, d := range diags {
		line := strings.ToLower(d.Severity.String()) + ": " + d.Summary
		if d.Attribute != nil {
			line += " at " + attributePath(d.Attribute)
		}
		got = append(got, line)
	}
	if !slices.Equal(got, summaries) {
		t.Errorf("diagnostics %q, want %q:\n%s", got, summaries, diagText(diags))
		return
	}
	if len(parts) > 0 && !errorLike(parts...).MatchString(diagText(diags)) {
		t.Errorf("diagnostics do not say, in order, %q:\n%s", parts, diagText(diags))
	}
}

// destroy destroys a resource of typeName whose state is prior, as
// terraform destroy does once it has planned, and gives the diagnostics and
// the new state.
func (h *harness) destroy(typeName string, prior map[string]tftypes.Value) applied {
	h.t.Helper()
	typ := h.resourceType(typeName)
	null := h.value(typ, nil)
	state, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, prior))
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.server.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: &state, PlannedState: null, Config: null,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return applied{diags: resp.Diagnostics, state: h.attrs(typ, resp.NewState)}
}

// importState imports a resource of typeName by id, as terraform import
// does, and gives the diagnostics and the state of the one resource
// imported (nil for none).
func (h *harness) importState(typeName, id string) applied {
	h.t.Helper()
	resp, err := h.server.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName, ID: id, ClientCapabilities: &tfprotov6.ImportResourceStateClientCapabilities{},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	got := applied{diags: resp.Diagnostics}
	if len(resp.ImportedResources) == 1 {
		got.state = h.attrs(h.resourceType(typeName), resp.ImportedResources[0].State)
	}
	return got
}
