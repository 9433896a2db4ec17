package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// testInProcess runs steps written for terraform-plugin-testing through the
// provider's protocol server, in process, with no CLI: each step's
// commands (plan, apply, the plans after it, and the destroy at the end) are
// the calls Terraform 1.11 makes for them, in the same order, against the
// same mock and clock. It is for the tests of what the provider sends and
// decides (faults, exactly-once, records, readiness), which do not depend on
// the CLI; the tests of what Terraform itself does (lifecycles, import,
// identity, taint, values unknown at plan) use e.test.
//
// It knows the part of Terraform those tests use: a provider block and
// resources and data sources of this provider, with literal values and
// nested blocks, no references. A step field it does not model fails the
// test. KONNECT_TEST_CLI=1 runs these tests with the CLI instead, to check
// that both agree.
func (e *testEnv) testInProcess(steps []resource.TestStep) {
	e.t.Helper()
	if os.Getenv("KONNECT_TEST_CLI") != "" {
		e.test(steps)
		return
	}
	r := &stepRunner{env: e, state: map[string]*instance{}}
	for i, step := range steps {
		r.checkSupported(i, step)
		if step.PreConfig != nil {
			step.PreConfig()
		}
		conf := r.parse(i, step.Config)
		err := r.runStep(conf, step)
		switch {
		case step.ExpectError == nil && err != nil:
			e.t.Fatalf("Step %d/%d error: %s", i+1, len(steps), err)
		case step.ExpectError != nil && err == nil:
			e.t.Fatalf("Step %d/%d, expected an error but got none", i+1, len(steps))
		case step.ExpectError != nil && !step.ExpectError.MatchString(err.Error()):
			e.t.Fatalf("Step %d/%d, expected an error with pattern, no match on: %s", i+1, len(steps), err)
		}
		if conf.provider != nil && step.ExpectError == nil {
			r.last = conf
		}
	}
	// terraform destroy, with no refresh, as terraform-plugin-testing ends.
	if r.last != nil && len(r.state) > 0 {
		if p, err := r.plan(r.last, false, true); err != nil {
			e.t.Fatalf("Error running post-test destroy: %s", err)
		} else if err := r.apply(r.last, p); err != nil {
			e.t.Fatalf("Error running post-test destroy: %s", err)
		}
	}
}

// stepRunner is Terraform's state between the steps of one test.
type stepRunner struct {
	env   *testEnv
	state map[string]*instance // by address
	data  map[string]*instance // the data sources read, by address
	last  *tfConfig            // the last configuration that applied
}

// instance is a managed resource in the state.
type instance struct {
	typ, name string
	value     tftypes.Value
	private   []byte
	tainted   bool
}

// tfConfig is a parsed configuration: the provider block and the
// resources and data sources, each as nested maps of cty values.
type tfConfig struct {
	provider  map[string]any
	resources []*configBlock
}

type configBlock struct {
	mode, typ, name string // mode is managed or data
	body            map[string]any
}

func (b *configBlock) addr() string {
	if b.mode == "data" {
		return "data." + b.typ + "." + b.name
	}
	return b.typ + "." + b.name
}

// checkSupported fails the test on a step field this runner does not model.
func (r *stepRunner) checkSupported(i int, s resource.TestStep) {
	r.env.t.Helper()
	unmodelled := s.Config == "" || s.ImportState || s.RefreshState || s.ResourceName != "" || len(s.Taint) > 0 ||
		s.SkipFunc != nil || s.ConfigDirectory != nil || s.ConfigFile != nil || s.ConfigVariables != nil ||
		s.ExternalProviders != nil || s.ProviderFactories != nil || s.ProtoV5ProviderFactories != nil ||
		s.ProtoV6ProviderFactories != nil || s.PreventPostDestroyRefresh || s.Query
	if unmodelled {
		r.env.t.Fatalf("step %d uses what testInProcess does not model; use e.test", i+1)
	}
}

// parse reads a configuration of literal values.
func (r *stepRunner) parse(i int, src string) *tfConfig {
	r.env.t.Helper()
	file, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		r.env.t.Fatalf("step %d: %s", i+1, diags)
	}
	conf := &tfConfig{}
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		body := r.body(i, b.Body)
		switch {
		case b.Type == "provider" && len(b.Labels) == 1 && b.Labels[0] == "konnect":
			conf.provider = body
		case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2 && strings.HasPrefix(b.Labels[0], "konnect_"):
			mode := map[string]string{"resource": "managed", "data": "data"}[b.Type]
			conf.resources = append(conf.resources, &configBlock{mode: mode, typ: b.Labels[0], name: b.Labels[1], body: body})
		default:
			r.env.t.Fatalf("step %d: testInProcess does not model a %s %q block; use e.test", i+1, b.Type, b.Labels)
		}
	}
	return conf
}

// body is a block's attributes as cty values, and its nested blocks as
// maps (a block given more than once, as a list of them).
func (r *stepRunner) body(i int, b *hclsyntax.Body) map[string]any {
	r.env.t.Helper()
	out := map[string]any{}
	for name, a := range b.Attributes {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			r.env.t.Fatalf("step %d: %s: only literal values are modelled: %s", i+1, name, diags)
		}
		out[name] = v
	}
	for _, nb := range b.Blocks {
		if nb.Type == "lifecycle" || nb.Type == "dynamic" {
			r.env.t.Fatalf("step %d: testInProcess does not model %s blocks", i+1, nb.Type)
		}
		body := r.body(i, nb.Body)
		switch prev := out[nb.Type].(type) {
		case nil:
			out[nb.Type] = body
		case map[string]any:
			out[nb.Type] = []map[string]any{prev, body}
		case []map[string]any:
			out[nb.Type] = append(prev, body)
		}
	}
	return out
}

// runStep runs one configuration step as terraform-plugin-testing does: a
// plan and the apply of that plan (not for PlanOnly), Check and the state
// checks, then a plan without and one with a refresh, each of which must be
// empty unless ExpectNonEmptyPlan.
func (r *stepRunner) runStep(conf *tfConfig, step resource.TestStep) error {
	ctx := context.Background()
	if !step.PlanOnly {
		p, err := r.plan(conf, true, step.Destroy)
		if err != nil {
			return fmt.Errorf("Error running pre-apply plan: %w", err)
		}
		if err := runPlanChecks(ctx, p.json(), step.ConfigPlanChecks.PreApply); err != nil {
			return fmt.Errorf("Pre-apply plan check(s) failed:\n%w", err)
		}
		if step.Destroy && step.Check != nil {
			if err := step.Check(nil); err != nil {
				return fmt.Errorf("Check failed: %w", err)
			}
		}
		if err := r.apply(conf, p); err != nil {
			return err
		}
		if !step.Destroy && step.Check != nil {
			if err := step.Check(nil); err != nil {
				return fmt.Errorf("Check failed: %w", err)
			}
		}
		if len(step.ConfigStateChecks) > 0 {
			if err := runStateChecks(ctx, r.stateJSON(), step.ConfigStateChecks); err != nil {
				return err
			}
		}
	}
	for _, refresh := range []bool{false, true} {
		p, err := r.plan(conf, refresh, step.Destroy)
		if err != nil {
			return fmt.Errorf("Error running plan (refresh %v): %w", refresh, err)
		}
		checks := step.ConfigPlanChecks.PostApplyPreRefresh
		if refresh {
			checks = step.ConfigPlanChecks.PostApplyPostRefresh
		}
		if err := runPlanChecks(ctx, p.json(), checks); err != nil {
			return fmt.Errorf("plan check(s) failed (refresh %v):\n%w", refresh, err)
		}
		switch {
		case !p.empty() && !step.ExpectNonEmptyPlan:
			return fmt.Errorf("the plan (refresh %v) was not empty: %s", refresh, p.summary())
		case refresh && p.empty() && step.ExpectNonEmptyPlan:
			return errors.New("Expected a non-empty plan, but got an empty refresh plan")
		}
	}
	return nil
}

func runPlanChecks(ctx context.Context, plan *tfjson.Plan, checks []plancheck.PlanCheck) error {
	var errs []error
	for _, c := range checks {
		resp := plancheck.CheckPlanResponse{}
		c.CheckPlan(ctx, plancheck.CheckPlanRequest{Plan: plan}, &resp)
		errs = append(errs, resp.Error)
	}
	return errors.Join(errs...)
}

func runStateChecks(ctx context.Context, state *tfjson.State, checks []statecheck.StateCheck) error {
	var errs []error
	for _, c := range checks {
		resp := statecheck.CheckStateResponse{}
		c.CheckState(ctx, statecheck.CheckStateRequest{State: state}, &resp)
		errs = append(errs, resp.Error)
	}
	return errors.Join(errs...)
}

// session is one Terraform command's provider: a new server, as the CLI
// starts one for each command, configured with the provider block.
type session struct {
	r       *stepRunner
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

// open starts and configures a provider for conf, validating conf as
// Terraform does first.
func (r *stepRunner) open(conf *tfConfig) (*session, error) {
	ctx := context.Background()
	server, err := r.env.factories()["konnect"]()
	if err != nil {
		return nil, err
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	s := &session{r: r, server: server, schemas: schemas}
	providerConfig, err := s.dynamic(schemas.Provider, conf.provider)
	if err != nil {
		return nil, err
	}
	v, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: providerConfig})
	if err != nil {
		return nil, err
	}
	if err := s.errorOf("", v.Diagnostics); err != nil {
		return nil, err
	}
	for _, b := range conf.resources {
		config, err := s.dynamic(s.schema(b.mode, b.typ), b.body)
		if err != nil {
			return nil, err
		}
		if b.mode == "data" {
			resp, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: b.typ, Config: config})
			if err != nil {
				return nil, err
			}
			if err := s.errorOf(b.addr(), resp.Diagnostics); err != nil {
				return nil, err
			}
			continue
		}
		resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: b.typ, Config: config})
		if err != nil {
			return nil, err
		}
		if err := s.errorOf(b.addr(), resp.Diagnostics); err != nil {
			return nil, err
		}
	}
	c, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: providerConfig})
	if err != nil {
		return nil, err
	}
	if err := s.errorOf("", c.Diagnostics); err != nil {
		return nil, err
	}
	return s, nil
}

// errorOf is an error when any of diags is one, written as the CLI writes
// errors; warnings the CLI prints apart, and so do not count.
// The CLI names the resource at addr, if any, in each.
func (s *session) errorOf(addr string, diags []*tfprotov6.Diagnostic) error {
	if !hasError(diags) {
		return nil
	}
	var b strings.Builder
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityError {
			continue
		}
		fmt.Fprintf(&b, "\nError: %s\n\n", d.Summary)
		if addr != "" {
			fmt.Fprintf(&b, "  with %s,\n\n", addr)
		}
		fmt.Fprintf(&b, "%s\n", d.Detail)
	}
	return errors.New(b.String())
}

func (s *session) schema(mode, typ string) *tfprotov6.Schema {
	s.r.env.t.Helper()
	m := s.schemas.ResourceSchemas
	if mode == "data" {
		m = s.schemas.DataSourceSchemas
	}
	schema, ok := m[typ]
	if !ok {
		s.r.env.t.Fatalf("the provider has no %s %s", mode, typ)
	}
	return schema
}

// dynamic is a block body as a value of schema's type, with Terraform's
// error for a required attribute left out.
func (s *session) dynamic(schema *tfprotov6.Schema, body map[string]any) (*tfprotov6.DynamicValue, error) {
	for _, a := range schema.Block.Attributes {
		if a.Required && body[a.Name] == nil {
			return nil, s.errorOf("", []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Missing required argument",
				Detail: fmt.Sprintf("The argument %q is required, but no definition was found.", a.Name)}})
		}
	}
	v := s.value(schema.ValueType(), body, "")
	dv, err := tfprotov6.NewDynamicValue(schema.ValueType(), v)
	return &dv, err
}

func (s *session) dv(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	s.r.env.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		s.r.env.t.Fatal(err)
	}
	return &dv
}

// value converts what parse read to a value of typ.
func (s *session) value(typ tftypes.Type, v any, at string) tftypes.Value {
	t := s.r.env.t
	t.Helper()
	switch v := v.(type) {
	case nil:
		return tftypes.NewValue(typ, nil)
	case map[string]any:
		obj, ok := typ.(tftypes.Object)
		if !ok {
			t.Fatalf("%s is a block, not %s", at, typ)
		}
		for name := range v {
			if _, ok := obj.AttributeTypes[name]; !ok {
				t.Fatalf("%s: unsupported argument %q", at, name)
			}
		}
		attrs := map[string]tftypes.Value{}
		for name, at2 := range obj.AttributeTypes {
			attrs[name] = s.value(at2, v[name], at+"."+name)
		}
		return tftypes.NewValue(typ, attrs)
	case cty.Value:
		return s.ctyValue(typ, v, at)
	}
	t.Fatalf("%s: cannot convert %T", at, v)
	return tftypes.Value{}
}

func (s *session) ctyValue(typ tftypes.Type, v cty.Value, at string) tftypes.Value {
	t := s.r.env.t
	t.Helper()
	if v.IsNull() {
		return tftypes.NewValue(typ, nil)
	}
	conv := func(want cty.Type) cty.Value {
		c, err := convert.Convert(v, want)
		if err != nil {
			t.Fatalf("%s: %s", at, err)
		}
		return c
	}
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, conv(cty.String).AsString())
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, conv(cty.Bool).True())
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, conv(cty.Number).AsBigFloat())
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}):
		var elem tftypes.Type
		if l, ok := typ.(tftypes.List); ok {
			elem = l.ElementType
		} else {
			elem = typ.(tftypes.Set).ElementType
		}
		var elems []tftypes.Value
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			elems = append(elems, s.ctyValue(elem, e, at+"[]"))
		}
		return tftypes.NewValue(typ, elems)
	case typ.Is(tftypes.Map{}):
		elems := map[string]tftypes.Value{}
		for k, e := range v.AsValueMap() {
			elems[k] = s.ctyValue(typ.(tftypes.Map).ElementType, e, at+"."+k)
		}
		return tftypes.NewValue(typ, elems)
	}
	t.Fatalf("%s: cannot convert %s to %s", at, v.Type().FriendlyName(), typ)
	return tftypes.Value{}
}

// change is what a plan does to one managed resource.
type change struct {
	addr, typ, name string
	actions         tfjson.Actions
	prior           tftypes.Value // after the refresh; null for a create
	priorPrivate    []byte
	planned         tftypes.Value // null for a delete
	plannedPrivate  []byte
	config          tftypes.Value
	valueType       tftypes.Type
}

// plan is a plan, and the state as its refresh and reads left it.
type plan struct {
	changes   []*change
	refreshed map[string]*instance
	data      map[string]*instance
}

func (p *plan) empty() bool {
	return !slices.ContainsFunc(p.changes, func(c *change) bool { return !c.actions.NoOp() })
}

func (p *plan) summary() string {
	var s []string
	for _, c := range p.changes {
		s = append(s, fmt.Sprintf("%s %v", c.addr, c.actions))
	}
	return strings.Join(s, ", ")
}

// plan plans conf as terraform plan does: it refreshes the state (when
// refresh), reads the data sources, and plans each resource; destroy plans
// to delete every one.
func (r *stepRunner) plan(conf *tfConfig, refresh, destroy bool) (*plan, error) {
	ctx := context.Background()
	s, err := r.open(conf)
	if err != nil {
		return nil, err
	}
	p := &plan{refreshed: map[string]*instance{}, data: map[string]*instance{}}
	for _, addr := range slices.Sorted(maps.Keys(r.state)) {
		inst := *r.state[addr]
		p.refreshed[addr] = &inst
		if !refresh {
			continue
		}
		typ := s.schema("managed", inst.typ).ValueType()
		resp, err := s.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
			TypeName: inst.typ, CurrentState: s.dv(typ, inst.value), Private: inst.private,
			ClientCapabilities: &tfprotov6.ReadResourceClientCapabilities{},
		})
		if err != nil {
			return nil, err
		}
		if err := s.errorOf(addr, resp.Diagnostics); err != nil {
			return nil, err
		}
		v, err := resp.NewState.Unmarshal(typ)
		if err != nil {
			return nil, err
		}
		if v.IsNull() {
			delete(p.refreshed, addr)
			continue
		}
		inst.value, inst.private = v, resp.Private
	}
	inConfig := map[string]bool{}
	for _, b := range conf.resources {
		if destroy {
			break
		}
		schema := s.schema(b.mode, b.typ)
		typ := schema.ValueType()
		config, err := s.dynamic(schema, b.body)
		if err != nil {
			return nil, err
		}
		if b.mode == "data" {
			resp, err := s.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: b.typ, Config: config,
				ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{}})
			if err != nil {
				return nil, err
			}
			if err := s.errorOf(b.addr(), resp.Diagnostics); err != nil {
				return nil, err
			}
			v, err := resp.State.Unmarshal(typ)
			if err != nil {
				return nil, err
			}
			p.data[b.addr()] = &instance{typ: b.typ, name: b.name, value: v}
			continue
		}
		inConfig[b.addr()] = true
		configValue, err := config.Unmarshal(typ)
		if err != nil {
			return nil, err
		}
		c := &change{addr: b.addr(), typ: b.typ, name: b.name, config: configValue, valueType: typ, prior: tftypes.NewValue(typ, nil)}
		prior := p.refreshed[b.addr()]
		if prior != nil && !prior.tainted {
			c.prior, c.priorPrivate = prior.value, prior.private
		}
		if err := s.planChange(schema, c); err != nil {
			return nil, err
		}
		if prior != nil && prior.tainted {
			c.prior, c.priorPrivate = prior.value, prior.private
			c.actions = tfjson.Actions{tfjson.ActionDelete, tfjson.ActionCreate}
		}
		p.changes = append(p.changes, c)
	}
	for _, addr := range slices.Sorted(maps.Keys(p.refreshed)) {
		if inConfig[addr] {
			continue
		}
		inst := p.refreshed[addr]
		typ := s.schema("managed", inst.typ).ValueType()
		null := tftypes.NewValue(typ, nil)
		resp, err := s.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: inst.typ, PriorState: s.dv(typ, inst.value), PriorPrivate: inst.private,
			ProposedNewState: s.dv(typ, null), Config: s.dv(typ, null),
			ClientCapabilities: &tfprotov6.PlanResourceChangeClientCapabilities{},
		})
		if err != nil {
			return nil, err
		}
		if err := s.errorOf(addr, resp.Diagnostics); err != nil {
			return nil, err
		}
		p.changes = append(p.changes, &change{addr: addr, typ: inst.typ, name: inst.name, actions: tfjson.Actions{tfjson.ActionDelete},
			prior: inst.value, priorPrivate: inst.private, planned: null, config: null, valueType: typ})
	}
	return p, nil
}

// planChange plans c from its prior state and configuration, as Terraform
// does: the proposed new state takes the configuration, and the prior value
// of each computed attribute the configuration leaves null; a change that
// requires replacement is planned again as a create.
func (s *session) planChange(schema *tfprotov6.Schema, c *change) error {
	ctx := context.Background()
	proposed := proposedNew(schema, c.prior, c.config)
	resp, err := s.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: c.typ, PriorState: s.dv(c.valueType, c.prior), PriorPrivate: c.priorPrivate,
		ProposedNewState: s.dv(c.valueType, proposed), Config: s.dv(c.valueType, c.config),
		ClientCapabilities: &tfprotov6.PlanResourceChangeClientCapabilities{},
	})
	if err != nil {
		return err
	}
	if err := s.errorOf(c.addr, resp.Diagnostics); err != nil {
		return err
	}
	planned, err := resp.PlannedState.Unmarshal(c.valueType)
	if err != nil {
		return err
	}
	c.planned, c.plannedPrivate = planned, resp.PlannedPrivate
	switch {
	case c.prior.IsNull():
		c.actions = tfjson.Actions{tfjson.ActionCreate}
	case planned.Equal(c.prior):
		c.actions = tfjson.Actions{tfjson.ActionNoop}
	case len(resp.RequiresReplace) > 0:
		prior, priorPrivate := c.prior, c.priorPrivate
		c.prior, c.priorPrivate = tftypes.NewValue(c.valueType, nil), nil
		if err := s.planChange(schema, c); err != nil {
			return err
		}
		c.prior, c.priorPrivate = prior, priorPrivate
		c.actions = tfjson.Actions{tfjson.ActionDelete, tfjson.ActionCreate}
	default:
		c.actions = tfjson.Actions{tfjson.ActionUpdate}
	}
	return nil
}

// proposedNew is Terraform's proposed new state of a resource's top-level
// attributes and blocks.
func proposedNew(schema *tfprotov6.Schema, prior, config tftypes.Value) tftypes.Value {
	var priorAttrs, configAttrs map[string]tftypes.Value
	if !prior.IsNull() {
		_ = prior.As(&priorAttrs)
	}
	_ = config.As(&configAttrs)
	out := maps.Clone(configAttrs)
	for _, a := range schema.Block.Attributes {
		if a.Computed && configAttrs[a.Name].IsNull() {
			if p, ok := priorAttrs[a.Name]; ok {
				out[a.Name] = p
			}
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

// apply applies p as terraform apply applies a saved plan: the refreshed
// state is kept, and each change is made; a create that fails with an
// object leaves it tainted.
func (r *stepRunner) apply(conf *tfConfig, p *plan) error {
	ctx := context.Background()
	s, err := r.open(conf)
	if err != nil {
		return err
	}
	r.state, r.data = p.refreshed, p.data
	var errs []error
	for _, c := range p.changes {
		if c.actions.NoOp() {
			continue
		}
		if c.actions.Delete() || c.actions.Replace() {
			resp, err := s.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
				TypeName: c.typ, PriorState: s.dv(c.valueType, c.prior), PlannedState: s.dv(c.valueType, tftypes.NewValue(c.valueType, nil)),
				Config: s.dv(c.valueType, tftypes.NewValue(c.valueType, nil)), PlannedPrivate: c.priorPrivate,
			})
			if err != nil {
				return err
			}
			if err := s.errorOf(c.addr, resp.Diagnostics); err != nil {
				errs = append(errs, err)
				continue
			}
			delete(r.state, c.addr)
			if c.actions.Delete() {
				continue
			}
		}
		prior := c.prior
		if !c.actions.Update() {
			prior = tftypes.NewValue(c.valueType, nil)
		}
		resp, err := s.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: c.typ, PriorState: s.dv(c.valueType, prior), PlannedState: s.dv(c.valueType, c.planned),
			Config: s.dv(c.valueType, c.config), PlannedPrivate: c.plannedPrivate,
		})
		if err != nil {
			return err
		}
		failed := s.errorOf(c.addr, resp.Diagnostics)
		if failed != nil {
			errs = append(errs, failed)
		}
		v, err := resp.NewState.Unmarshal(c.valueType)
		if err != nil {
			return err
		}
		if v.IsNull() {
			if c.actions.Update() {
				continue // Terraform keeps the prior object
			}
			delete(r.state, c.addr)
			continue
		}
		r.state[c.addr] = &instance{typ: c.typ, name: c.name, value: v, private: resp.Private,
			tainted: failed != nil && !c.actions.Update()}
	}
	return errors.Join(errs...)
}

// json is the plan as terraform show -json writes it, for plan checks.
func (p *plan) json() *tfjson.Plan {
	var changes []map[string]any
	for _, c := range p.changes {
		before, _ := jsonValue(c.prior)
		after, unknown := jsonValue(c.planned)
		if unknown == nil || unknown == false {
			unknown = map[string]any{}
		}
		changes = append(changes, map[string]any{
			"address": c.addr, "mode": "managed", "type": c.typ, "name": c.name,
			"provider_name": "registry.terraform.io/hashicorp/konnect",
			"change": map[string]any{"actions": c.actions, "before": before, "after": after, "after_unknown": unknown,
				"before_sensitive": map[string]any{}, "after_sensitive": map[string]any{}},
		})
	}
	plan := &tfjson.Plan{}
	plan.UseJSONNumber(true)
	mustDecode(map[string]any{"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes}, plan)
	return plan
}

// stateJSON is the state as terraform show -json writes it, for state
// checks.
func (r *stepRunner) stateJSON() *tfjson.State {
	var resources []map[string]any
	all := maps.Clone(r.state)
	maps.Copy(all, r.data)
	for _, addr := range slices.Sorted(maps.Keys(all)) {
		inst := all[addr]
		mode := "managed"
		if strings.HasPrefix(addr, "data.") {
			mode = "data"
		}
		values, _ := jsonValue(inst.value)
		resources = append(resources, map[string]any{
			"address": addr, "mode": mode, "type": inst.typ, "name": inst.name,
			"provider_name": "registry.terraform.io/hashicorp/konnect", "schema_version": 0,
			"values": values, "sensitive_values": map[string]any{}, "tainted": inst.tainted,
		})
	}
	state := &tfjson.State{}
	state.UseJSONNumber(true)
	mustDecode(map[string]any{"format_version": "1.0", "terraform_version": "1.11.4",
		"values": map[string]any{"root_module": map[string]any{"resources": resources}}}, state)
	return state
}

func mustDecode(v any, into json.Unmarshaler) {
	b, err := json.Marshal(v)
	if err == nil {
		err = into.UnmarshalJSON(b)
	}
	if err != nil {
		panic(err)
	}
}

// jsonValue is v as JSON, and where it is unknown: true for an unknown
// value, a map or list of those for a collection, false or nil when known.
func jsonValue(v tftypes.Value) (value, unknown any) {
	if !v.IsKnown() {
		return nil, true
	}
	if v.IsNull() {
		return nil, false
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s, false
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b, false
	case v.Type().Is(tftypes.Number):
		var n big.Float
		_ = v.As(&n)
		return json.Number(n.Text('g', -1)), false
	case v.Type().Is(tftypes.Object{}), v.Type().Is(tftypes.Map{}):
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		values, unknowns := map[string]any{}, map[string]any{}
		for k, a := range attrs {
			values[k], unknowns[k] = jsonValue(a)
			if unknowns[k] == false || unknowns[k] == nil {
				delete(unknowns, k)
			}
		}
		return values, unknowns
	default:
		var elems []tftypes.Value
		_ = v.As(&elems)
		values, unknowns := []any{}, []any{}
		for _, e := range elems {
			val, unk := jsonValue(e)
			values, unknowns = append(values, val), append(unknowns, unk == true)
		}
		return values, unknowns
	}
}
