package durationtext

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	for d, want := range map[time.Duration]string{
		30 * time.Minute: "30m", 7 * day: "7d", day + 12*time.Hour: "1d12h", 36 * time.Hour: "1d12h", time.Minute: "1m",
	} {
		if got := Format(d, Days); got != want {
			t.Errorf("Format(%s, Days) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		0: "0s", 400 * time.Millisecond: "0s", 40 * time.Second: "40s", 125 * time.Second: "2m05s",
		80*time.Second + 600*time.Millisecond: "1m21s", time.Hour + 125*time.Second: "1h02m05s", 26 * time.Hour: "26h00m00s",
	} {
		if got := Format(d, Clock); got != want {
			t.Errorf("Format(%s, Clock) = %q, want %q", d, got, want)
		}
	}

	for d, want := range map[time.Duration]string{
		2 * time.Minute: "2m", time.Hour: "1h", 90 * time.Minute: "1h30m", 1500 * time.Millisecond: "1.5s", 50 * time.Millisecond: "50ms",
	} {
		if got := Format(d, Go); got != want {
			t.Errorf("Format(%s, Go) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		63*time.Second + 400*time.Millisecond: "1m3s", 60 * time.Second: "1m", 2512 * time.Millisecond: "2.5s",
	} {
		if got := Format(d, Measured); got != want {
			t.Errorf("Format(%s, Measured) = %q, want %q", d, got, want)
		}
	}
}
