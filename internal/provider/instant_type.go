package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// instantType is timetypes.RFC3339 with one change: two strings are equal
// when they name the same instant, whatever their offsets. timetypes compares
// offsets too, so "2026-11-20T10:00:00+02:00" in a configuration and
// "2026-11-20T08:00:00Z" from Konnect would show as a change on every plan.
type instantType struct {
	timetypes.RFC3339Type
}

var (
	_ basetypes.StringTypable                    = instantType{}
	_ basetypes.StringValuableWithSemanticEquals = instantValue{}
)

func (t instantType) String() string { return "provider.instantType" }

func (t instantType) ValueType(context.Context) attr.Value { return instantValue{} }

func (t instantType) Equal(o attr.Type) bool {
	other, ok := o.(instantType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t instantType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return instantValue{timetypes.RFC3339{StringValue: in}}, nil
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
	return instantValue{timetypes.RFC3339{StringValue: s}}, nil
}

// instantValue is a value of instantType. It keeps the RFC 3339 validation of
// timetypes.RFC3339.
type instantValue struct {
	timetypes.RFC3339
}

func (v instantValue) Type(context.Context) attr.Type { return instantType{} }

func (v instantValue) Equal(o attr.Value) bool {
	other, ok := o.(instantValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals is what lets Terraform keep the configuration's spelling
// of an instant when Konnect answers with another.
func (v instantValue) StringSemanticEquals(_ context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := nv.(instantValue)
	if !ok {
		return false, nil
	}
	a, errA := time.Parse(time.RFC3339, v.ValueString())
	b, errB := time.Parse(time.RFC3339, other.ValueString())
	return errA == nil && errB == nil && a.Equal(b), nil
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
		return instantValue{timetypes.NewRFC3339Null()}
	}
	return instantValue{timetypes.RFC3339{StringValue: basetypes.NewStringValue(t.Format(time.RFC3339Nano))}}
}

func unknownInstant() instantValue { return instantValue{timetypes.NewRFC3339Unknown()} }
