package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/konnect-iac/terraform-provider-konnect/internal/loglevel"
	"github.com/konnect-iac/terraform-provider-konnect/internal/protocolserver"
	"github.com/konnect-iac/terraform-provider-konnect/internal/provider"
)

// profiled is the configuration profiled: the README's, api_version unset.
// Classic portals cost the same requests and answers in turn.
const profiled = konnectNew

// profile serves the Konnect provider from this process, the way a debugger
// would (Terraform reattaches to it instead of starting it), applies and
// plans n jobs with the real CLI, and writes the provider's CPU profiles of
// each command and its heap profile into dir. Start-up is not in them: one
// process serves every command. The mock runs in this process too; its
// goroutines carry the label side=mock and the provider's side=provider,
// so that go tool pprof -tagfocus side=provider shows the provider alone.
func (b *bench) profile(dir string, n int, lat time.Duration) (err error) {
	// The provider reads its token and log levels from its own
	// environment, now this one; main sets the levels the same way.
	if err := os.Setenv("KONNECT_TOKEN", token); err != nil {
		return err
	}
	if err := loglevel.MatchTerraform(os.Getenv, os.Setenv); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		// The server main serves.
		server := func() tfprotov6.ProviderServer {
			return protocolserver.Wrap(providerserver.NewProtocol6(provider.New("bench")())())
		}
		// Every goroutine the server starts inherits the label.
		pprof.Do(ctx, pprof.Labels("side", "provider"), func(ctx context.Context) {
			served <- tf6server.Serve(provider.Address, server, tf6server.WithDebug(ctx, reattach, closed))
		})
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattach:
	case err := <-served:
		return fmt.Errorf("serving the provider: %v", err)
	}
	cfg, err := json.Marshal(map[string]any{provider.Address: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		return err
	}
	env := append(b.env[:len(b.env):len(b.env)], "TF_REATTACH_PROVIDERS="+string(cfg))
	w, err := newWorkspace(b.root, "profile", env)
	if err != nil {
		return err
	}
	if err := w.write(config(profiled, b.mock.url, n, b.created, false)); err != nil {
		return err
	}
	b.mock.setLatency(lat)

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	progress("profiling apply and no-op plan of %d jobs at %s latency (%s)", n, fmtLatency(lat), profiled)
	for _, cmd := range []string{"apply", "plan"} {
		if err := profileCPU(filepath.Join(dir, "cpu-"+cmd+".pprof"), func() error {
			_, err := w.terraform(cmd)
			return err
		}); err != nil {
			return err
		}
	}

	heap, err := os.Create(filepath.Join(dir, "heap.pprof"))
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, heap.Close()) }()
	runtime.GC()
	runtime.GC() // the heap profile describes the last complete cycle
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	progress("heap in use after the runs, the mock's included: %.1f MiB", float64(ms.HeapAlloc)/(1<<20))
	if err := pprof.Lookup("allocs").WriteTo(heap, 0); err != nil {
		return err
	}
	goroutines, err := os.Create(filepath.Join(dir, "goroutines.txt"))
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, goroutines.Close()) }()
	if err := pprof.Lookup("goroutine").WriteTo(goroutines, 1); err != nil {
		return err
	}
	cancel()
	<-closed
	progress("profiles written to %s: go tool pprof -top -tagfocus side=provider %s", dir, filepath.Join(dir, "cpu-apply.pprof"))
	return nil
}

// profileCPU writes the CPU profile of f into path.
func profileCPU(path string, f func() error) (err error) {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	if err := pprof.StartCPUProfile(out); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	return f()
}
