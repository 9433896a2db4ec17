package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
)

// timeoutsValidator holds a resource's timeouts to a durationValidator's
// rule at validate time. The timeouts package checks only that a value
// parses, and a "0s", "-5m" or "1ns" would end every apply before Konnect
// could answer. Fractions above the least ("1.5s") do no harm, so they pass.
type timeoutsValidator struct{ rule durationValidator }

var _ resource.ConfigValidator = timeoutsValidator{}

// atLeastASecond is the rule of a resource's create and update timeouts.
var atLeastASecond = timeoutsValidator{durationValidator{min: minDuration, examples: "30m or 2h"}}

func (v timeoutsValidator) Description(context.Context) string {
	return fmt.Sprintf("timeouts must be durations of at least %s", durationtext.Format(v.rule.min, durationtext.Go))
}

func (v timeoutsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v timeoutsValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	for _, name := range []string{"create", "update"} {
		at := path.Root("timeouts").AtName(name)
		var s types.String
		if diags := req.Config.GetAttribute(ctx, at, &s); diags.HasError() || s.IsNull() || s.IsUnknown() {
			continue // no timeouts block, or the timeouts package reports it
		}
		// One that does not parse, the timeouts package reports.
		if detail, parsed := v.rule.problem(ctx, at, s.ValueString()); parsed && detail != "" {
			resp.Diagnostics.AddAttributeError(at, "Invalid Timeout", detail)
		}
	}
}
