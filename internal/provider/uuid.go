package provider

import (
	"context"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func uuidValidator() validator.String {
	return stringvalidator.RegexMatches(uuidPattern, "must be a UUID, as in 9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f")
}

// sameUUID compares two UUIDs as UUIDs: their case does not matter.
func sameUUID(a, b string) bool { return strings.EqualFold(a, b) }

// requiresReplaceUnlessSameUUID replaces the resource when the ID names
// another object, not when only its case changed (as after importing an
// upper-case ID against a lower-case configuration).
func requiresReplaceUnlessSameUUID() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !sameUUID(req.StateValue.ValueString(), req.PlanValue.ValueString())
		},
		"Changing the ID to another object replaces the resource; changing only its case does not.",
		"Changing the ID to another object replaces the resource; changing only its case does not.",
	)
}
