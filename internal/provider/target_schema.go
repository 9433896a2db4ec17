package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

const portalIDDescription = "The ID (a UUID) of the Dev Portal, classic or new. With Kong's provider, " +
	"`konnect_portal.<name>.id` (a new Dev Portal) works as it is."

const apiVersionDescription = "Which of Konnect's APIs knows the portal: `v2` for a classic Dev Portal, `v3` for a new Dev Portal " +
	"(as Kong's provider's `konnect_portal` creates)."

func apiVersionValidators() []validator.String {
	versions := make([]string, len(konnect.APIVersions))
	for i, v := range konnect.APIVersions {
		versions[i] = string(v)
	}
	return []validator.String{stringvalidator.OneOf(versions...)}
}

func regionDescription(what string) string {
	return "The Konnect region of the " + what + ": one of " + regionList() + ". Defaults to the provider's `region`."
}

// resourceTargetAttributes are the attributes that name a resource's target.
func resourceTargetAttributes(k targetKind, what string) map[string]rschema.Attribute {
	attrs := map[string]rschema.Attribute{
		"region": rschema.StringAttribute{
			MarkdownDescription: regionDescription(what) + " Changing it replaces the resource.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.OneOf(konnect.Regions...)},
		},
	}
	if k.portal {
		attrs["portal_id"] = rschema.StringAttribute{
			MarkdownDescription: portalIDDescription + " Changing it replaces the resource.",
			Required:            true,
			Validators:          []validator.String{uuidValidator()},
			PlanModifiers:       []planmodifier.String{requiresReplaceUnlessSameUUID()},
		}
		attrs["api_version"] = rschema.StringAttribute{
			MarkdownDescription: apiVersionDescription + " Leave it unset and the provider finds out once, when the resource is created " +
				"or imported, and records it; refreshes never ask again. It asks both APIs at once for what it reads anyway (the webhook's " +
				"status before a create, the job on import), so finding out adds no wait. Changing it replaces the resource.",
			Optional:   true,
			Computed:   true,
			Validators: apiVersionValidators(),
		}
	}
	return attrs
}

// identitySchema is the resource identity (Terraform and OpenTofu 1.12 and
// later) of a resource about the target: what names the target in Konnect,
// the region and, for a portal, its ID. A portal's api_version is left out on
// purpose. It says which of Konnect's APIs serves the portal, not which portal
// it is, and the provider finds it by itself at import; and an identity must
// never change while the object lives, so it holds nothing but what names it.
func (k targetKind) identitySchema(what string) identityschema.Schema {
	attrs := map[string]identityschema.Attribute{
		"region": identityschema.StringAttribute{
			Description:       "The Konnect region of the " + what + ": one of " + regionList() + ".",
			RequiredForImport: true,
		},
	}
	if k.portal {
		attrs["portal_id"] = identityschema.StringAttribute{
			Description: "The ID (a UUID) of the Dev Portal, in lower case, as in the resource's `id`. " +
				"An import block may write it in either case.",
			RequiredForImport: true,
		}
	}
	return identityschema.Schema{Attributes: attrs}
}

// dataTargetAttributes are the attributes that name a data source's target.
func dataTargetAttributes(k targetKind, what string) map[string]dschema.Attribute {
	attrs := map[string]dschema.Attribute{
		"region": dschema.StringAttribute{
			MarkdownDescription: regionDescription(what),
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.OneOf(konnect.Regions...)},
		},
	}
	if k.portal {
		attrs["portal_id"] = dschema.StringAttribute{
			MarkdownDescription: portalIDDescription,
			Required:            true,
			Validators:          []validator.String{uuidValidator()},
		}
		attrs["api_version"] = dschema.StringAttribute{
			MarkdownDescription: apiVersionDescription + " Leave it unset and the provider finds out on every read, by asking both " +
				"APIs at once for what it reads; set it to save one request.",
			Optional:   true,
			Computed:   true,
			Validators: apiVersionValidators(),
		}
	}
	return attrs
}

// dataTarget resolves a data source's target from its configuration: the
// provider's region when none is set, and a portal's API version when none
// is set. It fills the computed attributes in v.
func (d *providerData) dataTarget(ctx context.Context, k targetKind, v targetValues, l lookup, diags *diag.Diagnostics) (target, konnect.Found, bool) {
	if v.region.IsNull() {
		region := d.defaultRegion()
		if region == "" {
			diags.AddAttributeError(path.Root("region"), "Region Not Known",
				"The provider's region is known only after apply; set region in this block.")
			return target{}, konnect.Found{}, false
		}
		*v.region = types.StringValue(region)
	}
	if err := d.regionServed(v.region.ValueString()); err != nil {
		diags.AddAttributeError(path.Root("region"), "Region Not Served by server_url", err.Error()+".")
		return target{}, konnect.Found{}, false
	}
	t := k.targetOf(v, versionConfigured)
	if !k.portal {
		return t, konnect.Found{}, true
	}
	found, ok := d.findPortal(ctx, &t, v.apiVersion, l, diags)
	return t, found, ok
}

// targeted is a data source model: its target's attributes, and the rest.
type targeted interface{ target() targetValues }

// readData is every data source's read: the configuration into m, its
// target resolved, fetch for the rest of m, and m as the state. thing names
// what fetch reads, for messages; a portal whose API is not set is found by
// asking both APIs for it (probe), and fetch is given what that read.
func (d *providerData) readData(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, k targetKind, m targeted, thing string,
	probe konnect.Probe, fetch func(context.Context, *konnect.Client, target, konnect.Found) error) {
	resp.Diagnostics.Append(req.Config.Get(ctx, m)...)
	client := d.clientOrError(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := d.reading(ctx)
	defer cancel()
	t, found, ok := d.dataTarget(ctx, k, m.target(), lookup{probe: probe, limit: "read_timeout", within: d.readTimeout}, &resp.Diagnostics)
	if !ok {
		return
	}
	if err := fetch(ctx, client, t, found); err != nil {
		if d.recheck(ctx, &t, thing, err, false, &resp.Diagnostics) {
			return
		}
		reportReadError(&resp.Diagnostics, t, thing, err, d.readTimeout)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
