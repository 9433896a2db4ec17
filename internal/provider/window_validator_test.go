package provider

import (
	"strings"
	"testing"
	"time"
)

func TestCheckWindowOrder(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		name       string
		start, end time.Time
		wantErr    bool
	}{
		{"ordered", at, at.Add(time.Hour), false},
		{"empty window", at, at, false},
		{"same instant, other offset", at.In(time.FixedZone("", 2*3600)), at, false},
		{"end one second early", at, at.Add(-time.Second), true},
		{"end a day early", at, at.Add(-24 * time.Hour), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := checkWindowOrder(tc.start, tc.end)
			if (p != nil) != tc.wantErr {
				t.Fatalf("checkWindowOrder = %+v, want error %v", p, tc.wantErr)
			}
			if p != nil && (p.attribute != "end_at" || p.summary != "Replay Window Ends Before It Starts") {
				t.Errorf("problem = %+v", p)
			}
		})
	}
}

func TestCheckWindowReach(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	cases := []struct {
		name       string
		start, end time.Time
		want       []string // attribute: summary
	}{
		{"last hour", now.Add(-time.Hour), now, nil},
		{"exactly 7 days ago", now.Add(-7 * day), now.Add(-6 * day), nil},
		{"7 days ago within the skew allowance", now.Add(-7*day - 4*time.Minute), now.Add(-day), nil},
		{"end slightly ahead within the skew allowance", now.Add(-time.Hour), now.Add(4 * time.Minute), nil},
		{"7 days and 6 minutes ago", now.Add(-7*day - 6*time.Minute), now.Add(-day), []string{"start_at: Replay Window Starts Too Long Ago"}},
		{"nine days ago", now.Add(-9 * day), now.Add(-8 * day), []string{"start_at: Replay Window Starts Too Long Ago"}},
		{"end tomorrow", now.Add(-time.Hour), now.Add(day), []string{"end_at: Replay Window Ends in the Future"}},
		{"both wrong", now.Add(-30 * day), now.Add(day), []string{"start_at: Replay Window Starts Too Long Ago", "end_at: Replay Window Ends in the Future"}},
		{"other offset, same instants", now.Add(-time.Hour).In(time.FixedZone("", -5*3600)), now.In(time.FixedZone("", 9*3600)), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, p := range checkWindowReach(tc.start, tc.end, now) {
				got = append(got, p.attribute+": "+p.summary)
				if !strings.Contains(p.detail, "2026-11-24 12:00:00 UTC") {
					t.Errorf("detail %q does not say what the clock read", p.detail)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("problems = %q, want %q", got, tc.want)
			}
		})
	}
}
