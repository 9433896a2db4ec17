package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// instantType is a string attribute holding an RFC 3339 time, whose values
// are equal when they name the same instant as far as Konnect can tell:
// whatever their offsets ("2026-11-20T10:00:00+02:00" in a configuration is
// Konnect's "2026-11-20T08:00:00Z"), and at the precision Konnect keeps (a
// configuration's nanoseconds are Konnect's microseconds, or whole seconds).
// Otherwise every plan would show a change.
type instantType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = instantType{}
	_ basetypes.StringValuableWithSemanticEquals = instantValue{}
	_ xattr.ValidateableAttribute                = instantValue{}
)

func (t instantType) String() string { return "provider.instantType" }

func (t instantType) ValueType(context.Context) attr.Value { return instantValue{} }

func (t instantType) Equal(o attr.Type) bool {
	other, ok := o.(instantType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t instantType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return instantValue{in}, nil
}

func (t instantType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return instantValue{s}, nil
}

// instantValue is a value of instantType.
type instantValue struct {
	basetypes.StringValue
}

func (v instantValue) Type(context.Context) attr.Type { return instantType{} }

func (v instantValue) Equal(o attr.Value) bool {
	other, ok := o.(instantValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// ValidateAttribute checks the text against RFC 3339 itself (see parseRFC3339).
func (v instantValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := parseRFC3339(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC3339 String Value",
			fmt.Sprintf("%s must be an RFC 3339 time: %s.", req.Path, err))
	}
}

// StringSemanticEquals is what lets Terraform keep the configuration's spelling
// of an instant when Konnect answers with another.
func (v instantValue) StringSemanticEquals(_ context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := nv.(instantValue)
	if !ok {
		return false, nil
	}
	a, errA := parseRFC3339(v.ValueString())
	b, errB := parseRFC3339(other.ValueString())
	return errA == nil && errB == nil && konnect.SameInstant(a, b), nil
}

// sameInstant compares two possibly null or unknown values: unknowns are never
// the same, nulls are the same as each other.
func sameInstant(a, b instantValue) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	if a.IsNull() || b.IsNull() {
		return a.IsNull() == b.IsNull()
	}
	eq, _ := a.StringSemanticEquals(context.Background(), b)
	return eq
}

// newInstant turns a Konnect time into a value; Konnect's zero time means "none".
func newInstant(t time.Time) instantValue {
	if t.IsZero() {
		return nullInstant()
	}
	return instantValue{basetypes.NewStringValue(t.Format(time.RFC3339Nano))}
}

func nullInstant() instantValue    { return instantValue{basetypes.NewStringNull()} }
func unknownInstant() instantValue { return instantValue{basetypes.NewStringUnknown()} }
