// Package durationtext writes durations as the provider's messages show
// them to users: 2m rather than Go's 2m0s, days where a setting takes days,
// and rounded where the provider measured them. The client and the
// provider write every duration a user reads with it.
package durationtext

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Form is how Format writes a duration.
type Form int

const (
	// Go is as a setting that takes Go's durations reads it, without
	// trailing zero units: 2m, 1h30m, 1.5s, 50ms.
	Go Form = iota
	// Days counts whole days first, as a setting that takes days reads
	// it: 7d, 1d12h, 30m.
	Days
	// Measured is Go for a duration the provider measured, rounded
	// to the second from a minute up and to a tenth below: 1m17s, 2.5s.
	Measured
	// Clock is to the second, with minutes and seconds in two digits,
	// as a clock shows time going by in a line of progress: 40s, 2m05s,
	// 1h02m05s.
	Clock
)

// Format writes d in the given form.
func Format(d time.Duration, form Form) string {
	const day = 24 * time.Hour
	switch form {
	case Days:
		if d < day {
			return Format(d, Go)
		}
		text := strconv.FormatInt(int64(d/day), 10) + "d"
		if rest := d % day; rest > 0 {
			text += Format(rest, Go)
		}
		return text
	case Measured:
		if d >= time.Minute {
			return Format(d.Round(time.Second), Go)
		}
		return Format(d.Round(100*time.Millisecond), Go)
	case Clock:
		s := int64(d.Round(time.Second) / time.Second)
		switch h, m, sec := s/3600, s/60%60, s%60; {
		case h > 0:
			return fmt.Sprintf("%dh%02dm%02ds", h, m, sec)
		case m > 0:
			return fmt.Sprintf("%dm%02ds", m, sec)
		default:
			return fmt.Sprintf("%ds", sec)
		}
	case Go:
	}
	s := d.String()
	for _, zero := range []string{"m0s", "h0m"} {
		if strings.HasSuffix(s, zero) {
			s = strings.TrimSuffix(s, zero[1:])
		}
	}
	return s
}
