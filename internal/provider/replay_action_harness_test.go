package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Action types, as Terraform names them.
const (
	portalAction = "konnect_portal_audit_log_replay"
	orgAction    = "konnect_audit_log_replay"
)

// actionHarness is the provider's protocol server, as Terraform talks to it,
// configured against a mock of its own. Provider and mock share one
// automatic fake clock (the mock's offset by a skew when asked), so jobs
// move on as the provider waits, and no wait takes real time. It needs no
// Terraform, so its tests run with make unit too.
type actionHarness struct {
	t       *testing.T
	mock    *mockkonnect.Server
	clock   *clock.Fake
	server  tfprotov6.ProviderServer
	actions tfprotov6.ActionServer
	schemas map[string]*tfprotov6.ActionSchema
	region  string
	portal  string
	// heard, when set, hears each progress message as the reader reads it.
	heard func(msg string)
}

// newActionHarness starts a mock with opts, whose clock reads mockSkew
// later than the provider's (earlier when negative), and configures the
// provider for it in region eu, plus the extra provider settings.
func newActionHarness(t *testing.T, opts mockkonnect.Options, mockSkew time.Duration, extra ...string) *actionHarness {
	t.Helper()
	h := &actionHarness{t: t, clock: clock.NewAuto(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)),
		region: "eu", portal: testPortal}
	opts.Token = testToken
	opts.Now = func() time.Time { return h.clock.Now().Add(mockSkew) }
	h.mock = mockkonnect.New(opts)
	srv := httptest.NewServer(h.mock)
	t.Cleanup(srv.Close)

	h.server = testServer(WithClock(h.clock))
	actions, ok := h.server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("the provider's server %T serves no actions", h.server)
	}
	h.actions = actions
	ctx := context.Background()
	schema, err := h.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schema.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, diagText(schema.Diagnostics))
	}
	h.schemas = schema.ActionSchemas
	settings := map[string]tftypes.Value{
		"server_url":            tftypes.NewValue(tftypes.String, srv.URL+"/{region}"),
		"personal_access_token": tftypes.NewValue(tftypes.String, testToken),
		"region":                tftypes.NewValue(tftypes.String, h.region),
	}
	for i := 0; i+1 < len(extra); i += 2 {
		settings[extra[i]] = tftypes.NewValue(tftypes.String, extra[i+1])
	}
	config := dynamicValue(t, schema.Provider.ValueType(), settings)
	resp, err := h.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: config})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, diagText(resp.Diagnostics))
	}
	return h
}

// cfg is an action configuration: attribute names and values, strings
// (tftypes.UnknownValue for unknown) or bools.
type cfg map[string]any

// config is the action's configuration as Terraform sends it.
func (h *actionHarness) config(typeName string, c cfg) *tfprotov6.DynamicValue {
	h.t.Helper()
	s, ok := h.schemas[typeName]
	if !ok {
		h.t.Fatalf("no action %s", typeName)
	}
	vals := map[string]tftypes.Value{}
	for name, v := range c {
		switch v := v.(type) {
		case string:
			vals[name] = tftypes.NewValue(tftypes.String, v)
		case bool:
			vals[name] = tftypes.NewValue(tftypes.Bool, v)
		default:
			vals[name] = tftypes.NewValue(tftypes.String, v) // tftypes.UnknownValue
		}
	}
	return dynamicValue(h.t, s.Schema.ValueType(), vals)
}

func (h *actionHarness) validate(typeName string, c cfg) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.actions.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: typeName, Config: h.config(typeName, c)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

func (h *actionHarness) plan(typeName string, c cfg) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.actions.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{
		ActionType: typeName, Config: h.config(typeName, c), ClientCapabilities: &tfprotov6.PlanActionClientCapabilities{},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

// invoked is what an invoke streamed: its progress messages, in order, and
// the diagnostics of its one completed event.
type invoked struct {
	progress  []string
	diags     []*tfprotov6.Diagnostic
	completed int
}

// invoke invokes the action and reads its stream to the end.
func (h *actionHarness) invoke(typeName string, c cfg) invoked {
	h.t.Helper()
	resp, err := h.actions.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{
		ActionType: typeName, Config: h.config(typeName, c), ClientCapabilities: &tfprotov6.InvokeActionClientCapabilities{},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	var got invoked
	for ev := range resp.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			got.progress = append(got.progress, e.Message)
			if h.heard != nil {
				h.heard(e.Message)
			}
		case tfprotov6.CompletedInvokeActionEventType:
			got.diags = append(got.diags, e.Diagnostics...)
			got.completed++
		default:
			h.t.Errorf("unexpected event %T", ev.Type)
		}
	}
	if got.completed != 1 {
		h.t.Errorf("the stream ended with %d completed events, want exactly one", got.completed)
	}
	return got
}

// stopWhile calls stop (StopProvider, as Terraform calls it on Ctrl-C)
// while the action waits on a job in status: during the second read that
// finds it so, once the reader has heard the action report the first. stop
// runs in the mock's hook and holds that read's answer back, so nothing
// moves on before the stop.
func (h *actionHarness) stopWhile(status string, stop func()) {
	reported := make(chan struct{})
	var once sync.Once
	h.heard = func(msg string) {
		if strings.HasPrefix(msg, status) {
			once.Do(func() { close(reported) })
		}
	}
	var reads atomic.Int32
	h.mock.SetOnRequest(func(r mockkonnect.Request) {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.Path, "/audit-log-replay-job") {
			return
		}
		if job, _ := h.mock.Job(r.Region, r.PortalID); job.Status == status && reads.Add(1) == 2 {
			<-reported
			stop()
		}
	})
}

// stopProvider calls the server's StopProvider.
func (h *actionHarness) stopProvider() {
	if _, err := h.server.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		h.t.Error(err)
	}
}

// rfc formats the provider's time ago as RFC 3339.
func (h *actionHarness) rfc(ago time.Duration) string {
	return h.clock.Now().Add(-ago).UTC().Format(time.RFC3339)
}

// requests are the mock's requests so far, as "METHOD path status".
func (h *actionHarness) requests() []string {
	var got []string
	for _, r := range h.mock.Requests() {
		got = append(got, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status))
	}
	return got
}

// puts are the bodies of the PUTs the mock received.
func (h *actionHarness) puts() []string {
	var got []string
	for _, r := range h.mock.Requests() {
		if r.Method == "PUT" {
			got = append(got, r.Body)
		}
	}
	return got
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
			fmt.Fprintf(&b, " [at %s]", attributeName(d.Attribute))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// attributeName is a top-level attribute path's name.
func attributeName(p *tftypes.AttributePath) string {
	if p == nil || len(p.Steps()) == 0 {
		return ""
	}
	if name, ok := p.Steps()[0].(tftypes.AttributeName); ok {
		return string(name)
	}
	return p.String()
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
			line += " at " + attributeName(d.Attribute)
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
