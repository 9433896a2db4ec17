package provider

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Action types, as Terraform names them.
const (
	portalAction = "konnect_portal_audit_log_replay"
	orgAction    = "konnect_audit_log_replay"
)

// actionHarness is the protocol harness with the provider's actions,
// configured against its mock in region eu.
type actionHarness struct {
	*harness
	actions tfprotov6.ActionServer
	// heard, when set, hears each progress message as the reader reads it.
	heard func(msg string)
}

// newActionHarness starts a mock with opts, whose clock reads mockSkew
// later than the provider's (earlier when negative), and configures the
// provider for it in region eu, plus the extra provider settings, given as
// name and value pairs.
func newActionHarness(t *testing.T, opts mockkonnect.Options, mockSkew time.Duration, extra ...string) *actionHarness {
	t.Helper()
	h := &actionHarness{harness: newHarness(t, opts, mockSkew)}
	actions, ok := h.server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("the provider's server %T serves no actions", h.server)
	}
	h.actions = actions
	settings := cfg{}
	for i := 0; i+1 < len(extra); i += 2 {
		settings[extra[i]] = extra[i+1]
	}
	h.mustConfigure(settings)
	return h
}

// config is the action's configuration as Terraform sends it.
func (h *actionHarness) config(typeName string, c cfg) *tfprotov6.DynamicValue {
	h.t.Helper()
	s, ok := h.schemas.ActionSchemas[typeName]
	if !ok {
		h.t.Fatalf("no action %s", typeName)
	}
	return h.value(s.Schema.ValueType(), c)
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
