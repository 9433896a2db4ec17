package provider

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// On Ctrl-C, Terraform calls StopProvider while it reads an action's
// stream, and reads on to the end. Through terraform-plugin-go's gRPC
// server, as Terraform meets it, an action stopped while it waits for its
// job ends with its error, which says that the job goes on and how to
// follow it. Without StopProvider's wait, the error was lost now and then,
// and Terraform reported the apply complete.
func TestServerStopOverGRPC(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		action    string
		stopWhile string // the job's status when Terraform stops
		progress  []string
		parts     []string
	}{
		{name: "a portal's job, running", action: portalAction, stopWhile: "running",
			progress: []string{"accepted", "pending for 12s", "running for 37s"},
			parts: []string{"Terraform was interrupted while waiting for the replay job of portal " + testPortal + " in region eu",
				"The job goes on in Konnect; it was running when last read", "Follow it with the data source konnect_portal_audit_log_replay_job"}},
		{name: "the organization's job, pending", action: orgAction, stopWhile: "pending",
			progress: []string{"accepted", "pending for 12s"},
			parts: []string{"Terraform was interrupted while waiting for the replay job of the organization in region eu",
				"The job goes on in Konnect; it was pending when last read", "Follow it with the data source konnect_audit_log_replay_job"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newActionHarness(t, phases, 0)
			p := serveGRPC(t, h.server)
			var stopping atomic.Bool
			stopped := make(chan struct{})
			h.stopWhile(tc.stopWhile, func() {
				stopping.Store(true)
				defer close(stopped)
				if err := p.stopProvider(); err != nil {
					t.Error(err)
				}
			})
			c := cfg{"last": "24h"}
			if tc.action == portalAction {
				c["portal_id"] = testPortal
			}
			var progress []string
			var completed [][]*tfprotov6.Diagnostic
			err := p.invoke(tc.action, h.config(tc.action, c), func(ev grpcEvent) {
				switch {
				case ev.Progress != nil:
					progress = append(progress, ev.Progress.Message)
					h.heard(ev.Progress.Message)
				case ev.Completed != nil:
					completed = append(completed, ev.Completed.diagnostics())
				}
			})
			if stopping.Load() {
				<-stopped
			}
			if err != nil {
				t.Fatalf("the stream ended with %v", err)
			}
			if len(progress) == 0 || !strings.HasPrefix(progress[0], "sending the window ") || !slices.Equal(progress[1:], tc.progress) {
				t.Errorf("progress %q; want the window sent, then %q", progress, tc.progress)
			}
			if len(completed) != 1 {
				t.Fatalf("the stream ended with %d completed events, want one; Terraform counts an action without one as done", len(completed))
			}
			expectDiags(t, completed[0], []string{"error: Stopped Waiting for the Replay Job"}, tc.parts...)
		})
	}
}

// terraform-plugin-go (v0.31, tf6server's InvokeAction) drops every event
// an action sends once StopProvider has returned, its completed event and
// error too, and ends the stream as if all went well. This is why
// StopProvider waits (server_stop.go): when this test fails,
// terraform-plugin-go sends them, and the wait can go.
func TestPluginGoDropsWhatAStoppedActionSends(t *testing.T) {
	t.Parallel()
	p := serveGRPC(t, lateAction{})
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{}))
	must(t, err)
	var got []string
	var stops sync.WaitGroup
	err = p.invoke("late", &config, func(ev grpcEvent) {
		switch {
		case ev.Progress != nil:
			got = append(got, ev.Progress.Message)
			stops.Go(func() {
				if err := p.stopProvider(); err != nil {
					t.Error(err)
				}
			})
		case ev.Completed != nil:
			got = append(got, "completed")
		}
	})
	stops.Wait()
	if err != nil {
		t.Fatalf("the stream ended with %v", err)
	}
	if !slices.Equal(got, []string{"working"}) {
		t.Errorf("events %q; want only the one sent before StopProvider", got)
	}
}

// lateAction is a protocol server whose one action sends its completed
// event, an error, only after terraform-plugin-go has stopped it, as an
// action of the framework does when StopProvider returns at once. Only the
// calls below are made.
type lateAction struct {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
}

func (lateAction) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

func (lateAction) InvokeAction(ctx context.Context, _ *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return &tfprotov6.InvokeActionServerStream{Events: func(yield func(tfprotov6.InvokeActionEvent) bool) {
		if !yield(tfprotov6.InvokeActionEvent{Type: tfprotov6.ProgressInvokeActionEventType{Message: "working"}}) {
			return
		}
		<-ctx.Done()
		yield(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{Diagnostics: []*tfprotov6.Diagnostic{
			{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Stopped"},
		}}})
	}}, nil
}

// StopProvider stops an action being invoked and returns once its stream
// has ended: its error is its last event, and nothing it says once stopped
// comes before it (Terraform, stopped, halts at the first event it reads).
func TestServerStopSendsTheErrorLast(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		invoke func(ctx context.Context, resp *action.InvokeResponse)
	}{
		{"an action that waits until stopped", func(ctx context.Context, resp *action.InvokeResponse) {
			resp.SendProgress(action.InvokeProgressEvent{Message: "working"})
			<-ctx.Done()
			resp.Diagnostics.AddError("Stopped", "stopped while working")
		}},
		{"an action that says more once stopped", func(ctx context.Context, resp *action.InvokeResponse) {
			resp.SendProgress(action.InvokeProgressEvent{Message: "working"})
			<-ctx.Done()
			resp.SendProgress(action.InvokeProgressEvent{Message: "stopping"})
			resp.Diagnostics.AddError("Stopped", "stopped while working")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := releasing(providerserver.NewProtocol6(probe{invoke: tc.invoke})())
			var mu sync.Mutex
			var got []string
			seen := func(what string) {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, what)
			}
			var stops sync.WaitGroup
			for ev := range invokeProbe(context.Background(), t, s).Events {
				switch e := ev.Type.(type) {
				case tfprotov6.ProgressInvokeActionEventType:
					seen(e.Message)
					stops.Go(func() {
						if _, err := s.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
							t.Error(err)
						}
						seen("StopProvider returned")
					})
				case tfprotov6.CompletedInvokeActionEventType:
					seen("completed: " + strings.TrimSpace(diagText(e.Diagnostics)))
				}
			}
			stops.Wait()
			want := []string{"working", "completed: error: Stopped: stopped while working", "StopProvider returned"}
			if !slices.Equal(got, want) {
				t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}
