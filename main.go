// Command terraform-provider-konnect is the Terraform provider for Kong Konnect.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/konnect-iac/terraform-provider-konnect/internal/loglevel"
	"github.com/konnect-iac/terraform-provider-konnect/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	// Log only what Terraform will show: by default that is nothing, and
	// writing it anyway cost a third of an apply's time.
	if err := loglevel.MatchTerraform(os.Getenv, os.Setenv); err != nil {
		log.Fatal(err)
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.Address, provider.NewServer(version), opts...); err != nil {
		log.Fatal(err)
	}
}
