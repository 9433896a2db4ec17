package provider

import (
	"strings"
	"testing"
	"time"
)

func TestParseRFC3339(t *testing.T) {
	t.Parallel()
	good := map[string]time.Time{
		"2026-11-20T08:00:00Z":           time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		"2026-11-20t08:00:00z":           time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		"2026-11-20T10:00:00+02:00":      time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		"2026-11-20T08:00:00-00:00":      time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
		"2026-11-20T08:00:00.5Z":         time.Date(2026, 11, 20, 8, 0, 0, 5e8, time.UTC),
		"2026-11-20T08:00:00.123456789Z": time.Date(2026, 11, 20, 8, 0, 0, 123456789, time.UTC),
		"2026-11-21T07:59:00+23:59":      time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
	}
	for in, want := range good {
		got, err := parseRFC3339(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseRFC3339(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	bad := map[string]string{
		"2026-11-20T08:00:00+24:00": "offset",
		"2026-11-20T08:00:00+23:60": "offset",
		"2026-11-20T24:00:00Z":      "time of day",
		"2026-11-20T08:60:00Z":      "time of day",
		"2026-11-20T23:59:60Z":      "leap seconds",
		"2026-11-20T08:00:61Z":      "second",
		"2026-02-30T08:00:00Z":      "date",
		"2026-11-20T08:00:00,5Z":    "not an RFC 3339",
		"2026-11-20T8:00:00Z":       "not an RFC 3339",
		"2026-11-20 08:00:00Z":      "not an RFC 3339",
		"2026-11-20T08:00:00":       "not an RFC 3339",
		"2026-11-20T08:00:00.Z":     "not an RFC 3339",
		"2026-11-20T08:00:00+0200":  "not an RFC 3339",
		"yesterday":                 "not an RFC 3339",
		"":                          "not an RFC 3339",
	}
	for in, want := range bad {
		if _, err := parseRFC3339(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseRFC3339(%q) = %v, want an error about %q", in, err, want)
		}
	}
}
