package protocolserver

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type ballastKey struct{}

// TestServerLetsGoOfEachRequest proves, with a weak pointer to a value in a
// request's context, that the framework keeps every request's context after
// answering it, and that the wrapped server does not. When the first row
// fails, the framework has been fixed and releasingServer can go.
func TestServerLetsGoOfEachRequest(t *testing.T) {
	tests := []struct {
		name     string
		server   tfprotov6.ProviderServer
		wantKept bool
	}{
		{"the framework alone keeps the request", probe{}.framework(), true},
		{"the wrapped server lets it go", Wrap(probe{}.framework()), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &tfprotov6.ValidateResourceConfigRequest{TypeName: "probe_resource", Config: emptyConfig(t)}
			ref := validateWithBallast(t, tt.server, req)
			runtime.GC()
			runtime.GC()
			if kept := ref.Value() != nil; kept != tt.wantKept {
				t.Errorf("request context kept after the answer: %v, want %v", kept, tt.wantKept)
			}
			runtime.KeepAlive(tt.server) // what the server holds must stay reachable
		})
	}
}

// validateWithBallast sends one request whose context carries a value, and
// returns a weak pointer to that value.
func validateWithBallast(t *testing.T, s tfprotov6.ProviderServer, req *tfprotov6.ValidateResourceConfigRequest) weak.Pointer[[1 << 16]byte] {
	t.Helper()
	ballast := new([1 << 16]byte)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ballastKey{}, ballast))
	defer cancel()
	resp, err := s.ValidateResourceConfig(ctx, req)
	must(t, err)
	if len(resp.Diagnostics) > 0 {
		t.Fatalf("ValidateResourceConfig: %s", diagText(resp.Diagnostics))
	}
	return weak.Make(ballast)
}

func TestReleasableContext(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), ballastKey{}, "request"))
	rc := newReleasable(parent)
	derived, cancelDerived := context.WithCancel(rc)
	defer cancelDerived()

	if got := derived.Value(ballastKey{}); got != "request" {
		t.Fatalf("while the request runs, its values are seen: got %v", got)
	}
	cancelParent()
	<-derived.Done() // the request ending cancels what was derived from it
	if !errors.Is(derived.Err(), context.Canceled) {
		t.Fatalf("derived context: %v", derived.Err())
	}

	rc.release()
	if got := rc.Value(ballastKey{}); got != nil {
		t.Errorf("released context still leads to the request's values: %v", got)
	}
	if got := derived.Value(ballastKey{}); got != nil {
		t.Errorf("a context derived before the release still leads to the request's values: %v", got)
	}
	select {
	case <-rc.Done():
	default:
		t.Error("a released context is not done")
	}
	if !errors.Is(rc.Err(), context.Canceled) {
		t.Errorf("released context's error: %v", rc.Err())
	}
	late, cancelLate := context.WithCancel(rc)
	defer cancelLate()
	if late.Err() == nil {
		t.Error("a context derived after the release is not canceled")
	}
}

// A stop (StopProvider, on Ctrl-C) cancels the framework's derived context
// while the request still runs; the request's own context is not affected.
func TestReleasableContextStopsDerived(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()
	rc := newReleasable(parent)
	derived, stop := context.WithCancel(rc)
	stop()
	if derived.Err() == nil || parent.Err() != nil {
		t.Fatalf("derived: %v, parent: %v", derived.Err(), parent.Err())
	}
	rc.release()
	stop() // and stopping again after the release is harmless
}
