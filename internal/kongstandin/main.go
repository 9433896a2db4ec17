// Command kongstandin stands in for Kong's provider, kong/konnect, so that
// configurations using it beside this provider can be validated and applied
// without the Terraform Registry: internal/e2e and make examples-check
// install it under Kong's name. It has the provider settings of Kong's that
// the examples use, and a konnect_portal that sends nothing anywhere.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return kongProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/kong/konnect"})
	if err != nil {
		log.Fatal(err)
	}
}

type kongProvider struct{}

func (kongProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "konnect"
}

// Schema has the settings of Kong's provider that examples use, so that a
// provider block written for it validates.
func (kongProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"personal_access_token":       schema.StringAttribute{Optional: true, Sensitive: true},
		"system_account_access_token": schema.StringAttribute{Optional: true, Sensitive: true},
		"server_url":                  schema.StringAttribute{Optional: true},
	}}
}

func (kongProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (kongProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return portal{} }}
}

func (kongProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

var _ provider.Provider = kongProvider{}
