package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func instant(s string) instantValue {
	return instantValue{basetypes.NewStringValue(s)}
}

func TestInstantSemanticEquality(t *testing.T) {
	t.Parallel()
	null := nullInstant()
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
		{"nanoseconds and Konnect's microseconds", instant("2026-11-20T08:00:00.123456789Z"), instant("2026-11-20T08:00:00.123456Z"), true},
		{"nanoseconds and Konnect's whole seconds", instant("2026-11-20T08:00:00.123456789+02:00"), instant("2026-11-20T06:00:00Z"), true},
		{"lower-case t and z", instant("2026-11-20t08:00:00z"), instant("2026-11-20T08:00:00Z"), true},
		{"offset beyond 23:59", instant("2026-11-20T08:00:00+24:00"), instant("2026-11-19T08:00:00Z"), false},
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

// The error for a time that is not RFC 3339 gives its examples once.
func TestInvalidTimeGivesItsExampleOnce(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
	got := h.plan(portalJob, cfg{"portal_id": testPortal, "start_at": "yesterday", "end_at": h.rfc(time.Hour)})
	expectDiags(t, got.diags, []string{"error: Invalid RFC3339 String Value at start_at"}, `"yesterday" is not an RFC 3339 date-time such as`)
	if n := strings.Count(diagText(got.diags), "2026-11-20T08:00:00Z"); n != 1 {
		t.Errorf("the example is given %d times:\n%s", n, diagText(got.diags))
	}
}
