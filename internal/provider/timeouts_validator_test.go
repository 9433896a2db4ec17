package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A resource's timeouts under a second are refused when Terraform validates
// the configuration, through the protocol as Terraform asks, with the
// attribute and what is allowed; a second or more passes, fractions too.
func TestReplayJobTimeoutsValidate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testServer()
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, diagText(schemas.Diagnostics))
	}
	tests := []struct {
		name           string
		create, update string // "" leaves it unset
		// attr is the timeout refused ("" for none), with the whole detail.
		attr, detail string
	}{
		{name: "no timeouts"},
		{name: "minutes and hours", create: "30m", update: "2h"},
		{name: "one second", create: "1s", update: "1s"},
		{name: "a fraction above a second", create: "1.5s", update: "2500ms"},
		{name: "a nanosecond", create: "1ns",
			attr: "create", detail: `timeouts.create is "1ns"; it must be a duration of at least 1s, such as 30m or 2h.`},
		{name: "just under a second", create: "999ms",
			attr: "create", detail: `timeouts.create is "999ms"; it must be a duration of at least 1s, such as 30m or 2h.`},
		{name: "half a second on update", create: "30m", update: "0.5s",
			attr: "update", detail: `timeouts.update is "0.5s"; it must be a duration of at least 1s, such as 30m or 2h.`},
		{name: "zero", create: "0s",
			attr: "create", detail: `timeouts.create is "0s"; it must be a duration of at least 1s, such as 30m or 2h.`},
		{name: "negative", update: "-5m",
			attr: "update", detail: `timeouts.update is "-5m"; it must be a duration of at least 1s, such as 30m or 2h.`},
	}
	for _, typeName := range []string{"konnect_portal_audit_log_replay_job", "konnect_audit_log_replay_job"} {
		typ := schemas.ResourceSchemas[typeName].ValueType()
		timeoutsType := typ.(tftypes.Object).AttributeTypes["timeouts"]
		for _, tt := range tests {
			t.Run(typeName+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				config := map[string]tftypes.Value{
					"start_at": tftypes.NewValue(tftypes.String, "2026-11-24T08:00:00Z"),
					"end_at":   tftypes.NewValue(tftypes.String, "2026-11-24T09:00:00Z"),
				}
				if typeName == "konnect_portal_audit_log_replay_job" {
					config["portal_id"] = tftypes.NewValue(tftypes.String, testPortal)
				}
				if tt.create != "" || tt.update != "" {
					config["timeouts"] = tftypes.NewValue(timeoutsType, map[string]tftypes.Value{
						"create": optionalString(tt.create), "update": optionalString(tt.update),
					})
				}
				resp, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
					TypeName: typeName, Config: dynamicValue(t, typ, config),
				})
				if err != nil {
					t.Fatal(err)
				}
				if tt.attr == "" {
					if len(resp.Diagnostics) > 0 {
						t.Fatalf("want no diagnostics, got:\n%s", diagText(resp.Diagnostics))
					}
					return
				}
				at := tftypes.NewAttributePath().WithAttributeName("timeouts").WithAttributeName(tt.attr)
				if len(resp.Diagnostics) != 1 {
					t.Fatalf("want one diagnostic, got:\n%s", diagText(resp.Diagnostics))
				}
				d := resp.Diagnostics[0]
				if d.Severity != tfprotov6.DiagnosticSeverityError || d.Summary != "Invalid Timeout" || !at.Equal(d.Attribute) || d.Detail != tt.detail {
					t.Errorf("got %s %q at %v: %q\nwant error %q at %v: %q", d.Severity, d.Summary, d.Attribute, d.Detail, "Invalid Timeout", at, tt.detail)
				}
			})
		}
	}
}

// optionalString is a string value, null when empty.
func optionalString(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s)
}
