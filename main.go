// Command terraform-provider-konnect is the Terraform provider for Kong Konnect.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

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
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/konnect-iac/konnect",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
