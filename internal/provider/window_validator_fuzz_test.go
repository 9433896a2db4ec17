package provider

import (
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzWindowValidator checks a window against the clock with any times: each
// is RFC 3339, as the configuration holds it, or else Unix nanoseconds.
func FuzzWindowValidator(f *testing.F) {
	const now = "2026-11-24T12:00:00Z"
	seeds := [][3]string{
		// The unit tests' windows.
		{"2026-11-24T11:00:00Z", now, now},
		{"2026-11-17T12:00:00Z", "2026-11-18T12:00:00Z", now},
		{"2026-11-17T11:56:00Z", "2026-11-23T12:00:00Z", now},
		{"2026-11-24T11:00:00Z", "2026-11-24T12:04:00Z", now},
		{"2026-11-17T11:54:00Z", "2026-11-23T12:00:00Z", now},
		{"2026-11-15T12:00:00Z", "2026-11-16T12:00:00Z", now},
		{"2026-11-24T11:00:00Z", "2026-11-25T12:00:00Z", now},
		{"2026-10-25T12:00:00Z", "2026-11-25T12:00:00Z", now},
		{"2026-11-24T06:00:00-05:00", "2026-11-24T21:00:00+09:00", now},
		// Empty and reversed windows; the same instant in other offsets.
		{now, now, now},
		{"2026-11-24T14:00:00+02:00", now, now},
		{now, "2026-11-24T11:59:59Z", now},
		{"2026-11-24T12:00:00.000000001Z", now, now},
		// Exactly on the edges of the reach, and a nanosecond past them.
		{"2026-11-17T11:55:00Z", now, now},
		{"2026-11-17T11:54:59.999999999Z", now, now},
		{"2026-11-24T11:00:00Z", "2026-11-24T12:05:00Z", now},
		{"2026-11-24T11:00:00Z", "2026-11-24T12:05:00.000000001Z", now},
		// The ends of the years RFC 3339 can write, offsets that cross them.
		{"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", now},
		{"0000-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-23:59"},
		{"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
		{"0001-01-01T00:00:0Z", now, now}, // Kong's zero time is not RFC 3339
		// Unix nanoseconds: the epoch, the ends of int64, negatives.
		{"0", "0", "0"},
		{"-9223372036854775808", "9223372036854775807", "0"},
		{"9223372036854775807", "-9223372036854775808", "9223372036854775807"},
		{"1795521600000000000", "1795525200000000000", "1795525200000000000"},
		{"-1", "1", "-9223372036854775808"},
		// Neither: skipped.
		{"", now, now}, {"yesterday", now, now}, {"2026-11-24", now, now},
		{"10000-01-01T00:00:00Z", now, now}, {"-0001-01-01T00:00:00Z", now, now},
		{"\xff", now, now}, {"2026-11-24T12:00:60Z", now, now},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2])
	}

	f.Fuzz(func(t *testing.T, startIn, endIn, nowIn string) {
		start, ok1 := fuzzParseInstant(startIn)
		end, ok2 := fuzzParseInstant(endIn)
		now, ok3 := fuzzParseInstant(nowIn)
		if !ok1 || !ok2 || !ok3 {
			return
		}
		s, e, n := fuzzNanos(start), fuzzNanos(end), fuzzNanos(now)

		// Order: only an end strictly before the start is a problem; an empty
		// window is legal.
		p := checkWindowOrder(start, end)
		if wantProblem := e.Cmp(s) < 0; (p != nil) != wantProblem {
			t.Fatalf("checkWindowOrder(%v, %v) = %+v, want a problem: %v", start, end, p, wantProblem)
		}
		if p != nil {
			fuzzCheckProblem(t, *p, "end_at", "Ends Before It Starts", end.Format(time.RFC3339), start.Format(time.RFC3339))
		}

		// Reach: the start may be 7 days and 5 minutes old at most, the end
		// 5 minutes ahead at most, both bounds included.
		const secondsPerMinute = 60
		oldest := new(big.Int).Sub(n, big.NewInt((7*24*60+5)*secondsPerMinute*1e9))
		latest := new(big.Int).Add(n, big.NewInt(5*secondsPerMinute*1e9))
		var want []string
		if s.Cmp(oldest) < 0 {
			want = append(want, "start_at")
		}
		if e.Cmp(latest) > 0 {
			want = append(want, "end_at")
		}
		problems := checkWindowReach(start, end, now)
		var got []string
		for _, p := range problems {
			got = append(got, p.attribute)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("checkWindowReach(%v, %v, now %v) blames %q, want %q", start, end, now, got, want)
		}
		clock := now.UTC().Format("2006-01-02 15:04:05 MST")
		for _, p := range problems {
			switch p.attribute {
			case "start_at":
				fuzzCheckProblem(t, p, "start_at", "Starts Too Long Ago", start.Format(time.RFC3339), clock)
			case "end_at":
				fuzzCheckProblem(t, p, "end_at", "Ends in the Future", end.Format(time.RFC3339), clock)
			}
		}
	})
}

// fuzzParseInstant reads RFC 3339 as the configuration does, or else Unix nanoseconds.
func fuzzParseInstant(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(0, n), true
	}
	return time.Time{}, false
}

// fuzzNanos is t as nanoseconds since the Unix epoch, without overflow.
func fuzzNanos(t time.Time) *big.Int {
	n := new(big.Int).Mul(big.NewInt(t.Unix()), big.NewInt(1e9))
	return n.Add(n, big.NewInt(int64(t.Nanosecond())))
}

// fuzzCheckProblem checks that a problem blames the attribute and says what is
// wrong with which values.
func fuzzCheckProblem(t *testing.T, p windowProblem, attribute, summary string, details ...string) {
	t.Helper()
	if p.attribute != attribute || !strings.Contains(p.summary, summary) || p.detail == "" {
		t.Fatalf("problem %+v, want one on %s saying %q with a detail", p, attribute, summary)
	}
	for _, d := range details {
		if !strings.Contains(p.detail, d) {
			t.Fatalf("problem detail %q does not say %q", p.detail, d)
		}
	}
}
