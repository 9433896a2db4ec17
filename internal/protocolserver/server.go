package protocolserver

import (
	"context"
	"iter"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Wrap returns the framework's protocol 6 server s, wrapped as the package
// comment says. A server that is not a frameworkServer is returned as it
// is: the memory it keeps is a lesser harm than an interface hidden.
func Wrap(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if full, ok := s.(frameworkServer); ok {
		return releasingServer{frameworkServer: full, invocations: &invocations{}}
	}
	return s
}

// frameworkServer is the framework's protocol server with the optional
// interfaces it implements besides tfprotov6.ProviderServer: Terraform
// finds actions, list resources and state stores by asserting them, so a
// wrapper that hid one would hide that feature. A test fails when the
// framework gains a method this lacks.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
	tfprotov6.ListResourceServer
	tfprotov6.StateStoreServer
}

// releasingServer passes every call on to the framework; those Terraform
// makes once per resource, data source, action or list instance get a
// releasable context. It keeps the actions being invoked, for StopProvider
// (stop.go).
type releasingServer struct {
	frameworkServer
	invocations *invocations
}

// call runs f with a context that stands for ctx until f returns.
func call[Req, Resp any](ctx context.Context, req Req, f func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := newReleasable(ctx)
	defer rc.release()
	return f(rc, req)
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, req, s.frameworkServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return call(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return call(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s releasingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return call(ctx, req, s.frameworkServer.ValidateActionConfig)
}

func (s releasingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return call(ctx, req, s.frameworkServer.PlanAction)
}

// InvokeAction's events are produced after it returns, as Terraform reads
// the stream: the action runs on the request's context until then, or
// until StopProvider stops it.
func (s releasingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	rc, stop, done := newStreamContext(ctx)
	inv := s.invocations.start(stop)
	ended := func() {
		done()
		s.invocations.end(inv)
	}
	resp, err := s.frameworkServer.InvokeAction(rc, req)
	if err != nil || resp == nil || resp.Events == nil {
		ended()
		return resp, err
	}
	resp.Events = drained(inv.events(resp.Events), stop, ended)
	return resp, nil
}

func (s releasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return call(ctx, req, s.frameworkServer.ValidateListResourceConfig)
}

// ListResource's results, like InvokeAction's events, come as Terraform
// reads them.
func (s releasingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	rc, stop, done := newStreamContext(ctx)
	resp, err := s.frameworkServer.ListResource(rc, req)
	if err != nil || resp == nil || resp.Results == nil {
		done()
		return resp, err
	}
	resp.Results = drained(resp.Results, stop, done)
	return resp, nil
}

// newStreamContext returns a releasable context for a request answered by
// a stream, a function that stops it, and one that stops and releases it.
func newStreamContext(ctx context.Context) (rc *releasable, stop, done func()) {
	inner, cancel := context.WithCancel(ctx)
	rc = newReleasable(inner)
	return rc, cancel, func() {
		cancel()
		rc.release()
	}
}

// drained passes a stream on, and calls done once the stream has ended. The
// framework runs an action on a goroutine that waits until each of its
// events is read, so a reader that stops early would leave that
// goroutine, and the action, blocked for good: when the reader stops, the
// request is stopped instead, and the rest of the stream is read and
// dropped until the producer has finished.
func drained[T any](items iter.Seq[T], stop, done func()) iter.Seq[T] {
	return func(yield func(T) bool) {
		defer done()
		reading := true
		for item := range items {
			if reading && !yield(item) {
				reading = false
				stop()
			}
		}
	}
}

// releasable is a context that forwards to a request's context until it is
// released, and from then on is an empty, canceled context. A context
// derived from it while the request runs is canceled with the request, as
// usual, but no longer leads to the request's values once released.
type releasable struct {
	inner atomic.Pointer[context.Context]
}

// over is what a released context forwards to: the request is over.
var over = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

func newReleasable(ctx context.Context) *releasable {
	r := &releasable{}
	r.inner.Store(&ctx)
	return r
}

func (r *releasable) release() { r.inner.Store(&over) }

func (r *releasable) ctx() context.Context { return *r.inner.Load() }

func (r *releasable) Deadline() (time.Time, bool) { return r.ctx().Deadline() }
func (r *releasable) Done() <-chan struct{}       { return r.ctx().Done() }
func (r *releasable) Err() error                  { return r.ctx().Err() }
func (r *releasable) Value(key any) any           { return r.ctx().Value(key) }
