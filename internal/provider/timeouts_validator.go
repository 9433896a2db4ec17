package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// minTimeoutsValidator rejects a timeouts value under minDuration at
// validate time. The timeouts package checks only that a value parses, and a
// "0s", "-5m" or "1ns" would end every apply before Konnect could answer.
// Fractions above it ("1.5s") do no harm, so they pass.
type minTimeoutsValidator struct{}

var _ resource.ConfigValidator = minTimeoutsValidator{}

func (minTimeoutsValidator) Description(context.Context) string {
	return fmt.Sprintf("timeouts must be durations of at least %s", durationText(minDuration))
}

func (v minTimeoutsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (minTimeoutsValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	for _, name := range []string{"create", "update"} {
		at := path.Root("timeouts").AtName(name)
		var v types.String
		if diags := req.Config.GetAttribute(ctx, at, &v); diags.HasError() || v.IsNull() || v.IsUnknown() {
			continue // no timeouts block, or the timeouts package reports it
		}
		if d, err := time.ParseDuration(v.ValueString()); err == nil && d < minDuration {
			resp.Diagnostics.AddAttributeError(at, "Invalid Timeout",
				fmt.Sprintf("timeouts.%s is %q; it must be a duration of at least %s, such as 30m or 2h.", name, v.ValueString(), durationText(minDuration)))
		}
	}
}
