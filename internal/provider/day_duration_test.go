package provider

import (
	"context"
	"testing"
	"time"
)

func TestParseDayDuration(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name string
		in   string
		want time.Duration // with ok
		ok   bool
	}{
		{"minutes", "30m", 30 * time.Minute, true},
		{"hours", "6h", 6 * time.Hour, true},
		{"a day in hours", "24h", day, true},
		{"days", "7d", 7 * day, true},
		{"days and hours", "1d12h", day + 12*time.Hour, true},
		{"days, hours and minutes", "2d1h30m", 2*day + 90*time.Minute, true},
		{"hours and minutes", "1h30m", 90 * time.Minute, true},
		{"a fraction of an hour", "1.5h", 90 * time.Minute, true},
		{"zero days", "0d", 0, true},
		{"negative hours (the validator refuses them)", "-1h", -time.Hour, true},
		{"a nanosecond (the validator refuses it)", "1ns", time.Nanosecond, true},
		{"a fraction of a second (the validator refuses it for last)", "1.5s", 1500 * time.Millisecond, true},
		{"days and a fraction of a second", "1d0.5s", day + 500*time.Millisecond, true},
		{"weeks", "1w", 0, false},
		{"a fraction of a day", "1.5d", 0, false},
		{"a sign after the days", "1d-1h", 0, false},
		{"a plus after the days", "1d+1h", 0, false},
		{"no unit", "24", 0, false},
		{"days twice", "1d1d", 0, false},
		{"words", "a day", 0, false},
		{"empty", "", 0, false},
		{"too many days", "99999999999999999999d", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDayDuration(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parseDayDuration(%q) = %s, %v; want %s, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

// last ends a minute before now, to the second, and never starts more than
// 7 days less a minute before now: a Konnect clock a minute off either way
// takes it.
func TestLastWindow(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 30, 750_000_000, time.FixedZone("CET", 3600))
	whole := time.Date(2026, 11, 24, 11, 0, 30, 0, time.UTC) // now in UTC, to the second
	day := 24 * time.Hour
	tests := []struct {
		name       string
		last       time.Duration
		start, end time.Time
	}{
		{"30 minutes", 30 * time.Minute, whole.Add(-31 * time.Minute), whole.Add(-time.Minute)},
		{"a day", day, whole.Add(-day - time.Minute), whole.Add(-time.Minute)},
		{"7 days less two minutes: whole", 7*day - 2*time.Minute, whole.Add(-7*day + time.Minute), whole.Add(-time.Minute)},
		{"7 days less a minute: cut at the start", 7*day - time.Minute, whole.Add(-7*day + time.Minute), whole.Add(-time.Minute)},
		{"7 days: cut at the start", 7 * day, whole.Add(-7*day + time.Minute), whole.Add(-time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := lastWindow(now, tt.last)
			if !w.StartAt.Equal(tt.start) || !w.EndAt.Equal(tt.end) || w.StartAt.Location() != time.UTC {
				t.Errorf("lastWindow(%s) = %s to %s, want %s to %s in UTC", tt.last, w.StartAt, w.EndAt, tt.start, tt.end)
			}
			if problems := checkWindowReach(w.StartAt, w.EndAt, now); len(problems) > 0 {
				t.Errorf("the window fails the resource's own check: %+v", problems)
			}
		})
	}
}

// Each kind of bound says what it allows in a whole sentence.
func TestDayDurationValidatorDescription(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name string
		v    durationValidator
		want string
	}{
		{"whole seconds with a most", durationValidator{days: true, min: minDuration, max: 7 * day, whole: true, examples: "30m or 7d"},
			"must be a whole number of seconds, at least 1s, and at most 7d, such as 30m or 7d"},
		{"whole seconds", durationValidator{days: true, min: minDuration, whole: true, examples: "30m or 7d"},
			"must be a whole number of seconds, at least 1s, such as 30m or 7d"},
		{"with a most", durationValidator{days: true, min: minDuration, max: 7 * day, examples: "45m or 2h"},
			"must be a duration of at least 1s and at most 7d, such as 45m or 2h"},
		{"at least a second", durationValidator{days: true, min: minDuration, examples: "45m or 2h"},
			"must be a duration of at least 1s, such as 45m or 2h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Description(context.Background()); got != tt.want {
				t.Errorf("Description = %q, want %q", got, tt.want)
			}
		})
	}
}
