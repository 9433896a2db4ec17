package protocolserver

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Terraform finds what a provider serves besides resources and data sources
// by asserting optional interfaces on its server. The wrapped server must
// have every method the framework's own server has: a method missing is a
// feature hidden (a framework upgrade that adds one fails here).
func TestServerPassesOnEveryMethod(t *testing.T) {
	framework := probe{}.framework()
	ours := Wrap(framework)
	if _, ok := ours.(releasingServer); !ok {
		t.Fatalf("Wrap serves %T, want releasingServer: the framework's server is no longer a frameworkServer", ours)
	}
	fw, wrapped := reflect.TypeOf(framework), reflect.TypeOf(ours)
	if fw.NumMethod() < 30 {
		t.Fatalf("the framework's server %s has only %d methods; reflection sees the wrong type", fw, fw.NumMethod())
	}
	for i := range fw.NumMethod() {
		m := fw.Method(i)
		got, ok := wrapped.MethodByName(m.Name)
		if !ok {
			t.Errorf("the server hides the framework's %s", m.Name)
			continue
		}
		// The same signature, less the receiver.
		if want := m.Type; got.Type.NumIn() != want.NumIn() || got.Type.In(1) != want.In(1) || got.Type.Out(0) != want.Out(0) {
			t.Errorf("%s is %s on the server, %s on the framework's", m.Name, got.Type, want)
		}
	}
	for _, iface := range []reflect.Type{
		reflect.TypeFor[tfprotov6.ProviderServer](),
		reflect.TypeFor[tfprotov6.ActionServer](),
		reflect.TypeFor[tfprotov6.ListResourceServer](),
		reflect.TypeFor[tfprotov6.StateStoreServer](),
	} {
		if fw.Implements(iface) && !wrapped.Implements(iface) {
			t.Errorf("the framework's server is a %s, and the server is not", iface)
		}
	}
}

// An action runs while Terraform reads its stream, after InvokeAction has
// returned: its context must still be the request's then, live and with the
// request's values, and let go of once the stream has ended.
func TestServerInvokeRunsOnALiveContext(t *testing.T) {
	ballast := new([1 << 16]byte)
	s := Wrap(probe{invoke: func(ctx context.Context, resp *action.InvokeResponse) {
		for range 3 {
			msg := "live"
			if ctx.Err() != nil || ctx.Value(probeKey{}) != ballast {
				msg = "released"
			}
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}}.framework())
	ref := func() weak.Pointer[[1 << 16]byte] {
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), probeKey{}, ballast))
		defer cancel()
		stream := invokeProbe(ctx, t, s)
		var got []string
		for ev := range stream.Events {
			switch e := ev.Type.(type) {
			case tfprotov6.ProgressInvokeActionEventType:
				got = append(got, e.Message)
			case tfprotov6.CompletedInvokeActionEventType:
				got = append(got, "completed")
			}
		}
		if strings.Join(got, " ") != "live live live completed" {
			t.Errorf("the action's events: %q; want each sent on the request's live context, then completed", got)
		}
		return weak.Make(ballast)
	}()
	ballast = nil
	runtime.GC()
	runtime.GC()
	if ref.Value() != nil {
		t.Error("the request's context is kept after its stream has ended")
	}
	runtime.KeepAlive(s)
}

// A reader that stops reading the stream early (Terraform gone, or its
// request canceled) stops the action, and the stream ends only once the
// action has returned: nothing is left blocked sending an event nobody reads.
func TestServerInvokeStopsWhenTheReaderStops(t *testing.T) {
	returned := make(chan error, 1)
	s := Wrap(probe{invoke: func(ctx context.Context, resp *action.InvokeResponse) {
		for ctx.Err() == nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: "working"})
		}
		returned <- ctx.Err()
	}}.framework())
	stream := invokeProbe(context.Background(), t, s)
	for range stream.Events {
		break
	}
	select {
	case err := <-returned:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the action ended with %v, want its context canceled", err)
		}
	default:
		t.Error("the stream ended before the action returned: the action is left running")
	}
}
