package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

func instant(s string) instantValue {
	return instantValue{timetypes.RFC3339{StringValue: basetypes.NewStringValue(s)}}
}

func TestInstantSemanticEquality(t *testing.T) {
	t.Parallel()
	null := instantValue{timetypes.NewRFC3339Null()}
	cases := []struct {
		name string
		a, b instantValue
		want bool
	}{
		{"same text", instant("2026-11-20T08:00:00Z"), instant("2026-11-20T08:00:00Z"), true},
		{"same instant, other offset", instant("2026-11-20T10:00:00+02:00"), instant("2026-11-20T08:00:00Z"), true},
		{"+00:00 and Z", instant("2026-11-20T08:00:00+00:00"), instant("2026-11-20T08:00:00Z"), true},
		{"fractional zero", instant("2026-11-20T08:00:00.000Z"), instant("2026-11-20T08:00:00Z"), true},
		{"one second apart", instant("2026-11-20T08:00:01Z"), instant("2026-11-20T08:00:00Z"), false},
		{"same wall clock, other offset", instant("2026-11-20T08:00:00+02:00"), instant("2026-11-20T08:00:00Z"), false},
		{"malformed", instant("yesterday"), instant("2026-11-20T08:00:00Z"), false},
		{"null and value", null, instant("2026-11-20T08:00:00Z"), false},
		{"null and null", null, null, true},
		{"unknown", unknownInstant(), unknownInstant(), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sameInstant(tc.a, tc.b); got != tc.want {
				t.Fatalf("sameInstant(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if tc.a.IsNull() || tc.a.IsUnknown() || tc.b.IsNull() || tc.b.IsUnknown() {
				return
			}
			if got, _ := tc.a.StringSemanticEquals(context.Background(), tc.b); got != tc.want {
				t.Fatalf("StringSemanticEquals = %v, want %v", got, tc.want)
			}
		})
	}
}
