package protocolserver

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

// grpcProvider is a provider server served as Terraform meets it: through
// terraform-plugin-go's gRPC server (tf6server), which stands between
// Terraform and the wrapped server and has its own say in what reaches
// Terraform. Its client speaks the protocol's messages as dynamic
// protobuf messages, since terraform-plugin-go keeps its generated client
// internal; calls made through it are calls as Terraform makes them, less
// Terraform.
type grpcProvider struct {
	t    *testing.T
	conn *grpc.ClientConn
}

// serveGRPC serves s over an in-memory connection until the test ends.
func serveGRPC(t *testing.T, s tfprotov6.ProviderServer) *grpcProvider {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	gs := grpc.NewServer()
	plugin := &tf6server.GRPCProviderPlugin{Name: "registry.terraform.io/test/probe", GRPCProvider: func() tfprotov6.ProviderServer { return s },
		// Logs go where the other tests' go: nowhere, unless TF_LOG is set.
		Opts: []tf6server.ServeOpt{tf6server.WithLoggingSink(t)}}
	must(t, plugin.GRPCServer(nil, gs))
	go func() { _ = gs.Serve(lis) }()
	t.Cleanup(gs.Stop)
	conn, err := grpc.NewClient("passthrough:///provider",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	must(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return &grpcProvider{t: t, conn: conn}
}

// grpcEvent is an InvokeAction event as protojson writes it.
type grpcEvent struct {
	Progress *struct {
		Message string `json:"message"`
	} `json:"progress"`
	Completed *grpcCompleted `json:"completed"`
}

// grpcCompleted is a completed event as protojson writes it.
type grpcCompleted struct {
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostics"`
}

// diagnostics are the event's diagnostics, as expectDiags reads them.
func (c *grpcCompleted) diagnostics() []*tfprotov6.Diagnostic {
	var diags []*tfprotov6.Diagnostic
	for _, d := range c.Diagnostics {
		sev := tfprotov6.DiagnosticSeverityWarning
		if d.Severity == "ERROR" {
			sev = tfprotov6.DiagnosticSeverityError
		}
		diags = append(diags, &tfprotov6.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail})
	}
	return diags
}

// invoke calls InvokeAction and calls each with every event, in order,
// until the stream ends; it returns the status the stream ended with.
func (p *grpcProvider) invoke(actionType string, config *tfprotov6.DynamicValue, each func(grpcEvent)) error {
	p.t.Helper()
	req := p.message("tfplugin6.InvokeAction.Request", map[string]any{
		"actionType": actionType, "config": map[string]any{"msgpack": config.MsgPack}, "clientCapabilities": map[string]any{},
	})
	stream, err := p.conn.NewStream(context.Background(), &grpc.StreamDesc{ServerStreams: true}, "/tfplugin6.Provider/InvokeAction")
	must(p.t, err)
	must(p.t, stream.SendMsg(req))
	must(p.t, stream.CloseSend())
	for {
		ev := p.message("tfplugin6.InvokeAction.Event", nil)
		if err := stream.RecvMsg(ev); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		var got grpcEvent
		b, err := protojson.Marshal(ev)
		must(p.t, err)
		must(p.t, json.Unmarshal(b, &got))
		each(got)
	}
}

// stopProvider calls StopProvider, as Terraform does on Ctrl-C.
func (p *grpcProvider) stopProvider() error {
	resp := p.message("tfplugin6.StopProvider.Response", nil)
	return p.conn.Invoke(context.Background(), "/tfplugin6.Provider/StopProvider", p.message("tfplugin6.StopProvider.Request", nil), resp)
}

// message is a new message of the protocol's type name, set from fields as
// protojson reads them.
func (p *grpcProvider) message(name string, fields map[string]any) *dynamicpb.Message {
	p.t.Helper()
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
	must(p.t, err)
	m := dynamicpb.NewMessage(d.(protoreflect.MessageDescriptor))
	if fields != nil {
		b, err := json.Marshal(fields)
		must(p.t, err)
		must(p.t, protojson.Unmarshal(b, m))
	}
	return m
}
