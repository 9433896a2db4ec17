package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// positiveTimeoutsValidator rejects a timeouts value of zero or less at
// validate time. The timeouts package checks only that a value parses, and a
// "0s" or "-5m" would end every apply before it sent anything.
type positiveTimeoutsValidator struct{}

var _ resource.ConfigValidator = positiveTimeoutsValidator{}

func (positiveTimeoutsValidator) Description(context.Context) string {
	return "timeouts must be positive durations"
}

func (v positiveTimeoutsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveTimeoutsValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	for _, name := range []string{"create", "update"} {
		at := path.Root("timeouts").AtName(name)
		var v types.String
		if diags := req.Config.GetAttribute(ctx, at, &v); diags.HasError() || v.IsNull() || v.IsUnknown() {
			continue // no timeouts block, or the timeouts package reports it
		}
		if d, err := time.ParseDuration(v.ValueString()); err == nil && d <= 0 {
			resp.Diagnostics.AddAttributeError(at, "Invalid Timeout",
				fmt.Sprintf("timeouts.%s is %q; it must be a positive duration, such as 30m or 2h.", name, v.ValueString()))
		}
	}
}
