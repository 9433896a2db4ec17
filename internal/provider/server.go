package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Address is the provider's source address in the Terraform Registry.
const Address = "registry.terraform.io/konnect-iac/konnect"

// NewServer returns a constructor of the provider's protocol 6 server, for
// tf6server.Serve and for tests.
//
// The framework (as of v1.19) keeps the cancel function of every request's
// context until Terraform sends StopProvider, which it does only on Ctrl-C.
// Each one holds on to that request's whole context: its loggers, fields and
// gRPC stream, some 60 KB. A plan of 500 replay jobs kept 58 MiB alive that
// way, and a do-nothing framework provider keeps as much. The server returned
// here hands each per-resource request a context that lets go of the
// request once it has been answered, so what the framework keeps is a few
// hundred bytes.
func NewServer(version string, opts ...Option) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return releasingServer{providerserver.NewProtocol6(New(version, opts...)())()}
	}
}

// releasingServer passes every call on to the framework; those Terraform
// makes once per resource or data source instance get a releasable context.
// The provider has no list resources, actions or state stores, the optional
// interfaces this type does not pass on.
type releasingServer struct {
	tfprotov6.ProviderServer
}

// call runs f with a context that stands for ctx until f returns.
func call[Req, Resp any](ctx context.Context, req Req, f func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := newReleasable(ctx)
	defer rc.release()
	return f(rc, req)
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadDataSource)
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
