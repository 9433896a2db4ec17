package protocolserver

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// On Ctrl-C, Terraform calls StopProvider while it reads an action's
// stream, and reads on to the end. Through terraform-plugin-go's gRPC
// server, as Terraform meets it, a stopped action ends with its error, and
// with no progress after the stop. Without StopProvider's wait, the error
// was lost, and Terraform reported the apply complete.
func TestServerStopOverGRPC(t *testing.T) {
	t.Parallel()
	p := serveGRPC(t, Wrap(probe{invoke: func(ctx context.Context, resp *action.InvokeResponse) {
		resp.SendProgress(action.InvokeProgressEvent{Message: "working"})
		<-ctx.Done()
		resp.SendProgress(action.InvokeProgressEvent{Message: "stopping"})
		resp.Diagnostics.AddError("Stopped", "stopped while working")
	}}.framework()))
	var progress []string
	var completed [][]*tfprotov6.Diagnostic
	var stops sync.WaitGroup
	err := p.invoke("probe_action", emptyConfig(t), func(ev grpcEvent) {
		switch {
		case ev.Progress != nil:
			progress = append(progress, ev.Progress.Message)
			stops.Go(func() {
				if err := p.stopProvider(); err != nil {
					t.Error(err)
				}
			})
		case ev.Completed != nil:
			completed = append(completed, ev.Completed.diagnostics())
		}
	})
	stops.Wait()
	if err != nil {
		t.Fatalf("the stream ended with %v", err)
	}
	if !slices.Equal(progress, []string{"working"}) {
		t.Errorf("progress %q; want only what was sent before the stop", progress)
	}
	if len(completed) != 1 {
		t.Fatalf("the stream ended with %d completed events, want one; Terraform counts an action without one as done", len(completed))
	}
	if got, want := diagText(completed[0]), "error: Stopped: stopped while working\n"; got != want {
		t.Errorf("the completed event says %q, want %q", got, want)
	}
}

// terraform-plugin-go (tf6server's InvokeAction) drops every event an
// action sends once StopProvider has returned, its completed event and
// error too, and ends the stream as if all went well. This is why
// StopProvider waits (stop.go): when this test fails, terraform-plugin-go
// sends them, and the wait can go.
func TestPluginGoDropsWhatAStoppedActionSends(t *testing.T) {
	t.Parallel()
	p := serveGRPC(t, lateAction{})
	var got []string
	var stops sync.WaitGroup
	err := p.invoke("late", emptyConfig(t), func(ev grpcEvent) {
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
			s := Wrap(probe{invoke: tc.invoke}.framework())
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
