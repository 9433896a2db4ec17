// Command terraform-provider-konnect is the Terraform provider for Kong Konnect.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/konnect-iac/terraform-provider-konnect/internal/loglevel"
	"github.com/konnect-iac/terraform-provider-konnect/internal/protocolserver"
	"github.com/konnect-iac/terraform-provider-konnect/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	var underDebugger bool
	flag.BoolVar(&underDebugger, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	// Log only what Terraform will show: by default that is nothing, and
	// writing it anyway cost a third of an apply's time.
	if err := loglevel.MatchTerraform(os.Getenv, os.Setenv); err != nil {
		log.Fatal(err)
	}
	// The provider keeps a few MB alive, so Go's default GC target (twice
	// that, 4 MB at least) had it collect 130 times in a plan of 500 jobs,
	// for a quarter of its CPU. Five times the live heap costs ~12 MiB of
	// peak RSS and saves that CPU; a GOGC the user sets still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// The framework's server, wrapped: internal/protocolserver says why.
	server := func() tfprotov6.ProviderServer {
		return protocolserver.Wrap(providerserver.NewProtocol6(provider.New(version)())())
	}
	var opts []tf6server.ServeOpt
	if underDebugger {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.Address, server, opts...); err != nil {
		log.Fatal(err)
	}
}
