package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// daysPart is a duration's leading whole days, as in "7d" or "1d12h": Go's
// durations stop at hours, and a replay window is spoken of in days.
var daysPart = regexp.MustCompile(`^(\d+)d`)

// parseDayDuration reads a Go duration ("30m", "6h", "1h30m") that may
// begin with whole days ("7d", "1d12h"). A day is 24 hours.
func parseDayDuration(s string) (time.Duration, error) {
	rest, days := s, time.Duration(0)
	if m := daysPart.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n > 100000 {
			return 0, fmt.Errorf("%q has too many days", s)
		}
		days, rest = time.Duration(n)*24*time.Hour, s[len(m[0]):]
		if rest == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(rest)
	if err != nil || (rest != s && (rest[0] < '0' || rest[0] > '9')) { // no sign after the days
		return 0, fmt.Errorf("%q is not a duration such as 30m, 6h, 1h30m or 7d", s)
	}
	return days + d, nil
}

// dayDurationText writes a duration as parseDayDuration reads it: 7d, 1d12h, 30m.
func dayDurationText(d time.Duration) string {
	day := 24 * time.Hour
	if d < day {
		return durationText(d)
	}
	text := strconv.FormatInt(int64(d/day), 10) + "d"
	if rest := d % day; rest > 0 {
		text += durationText(rest)
	}
	return text
}

// minDuration is the least any duration setting may be: a shorter timeout
// would end every apply before Konnect could answer, and a window is a whole
// number of seconds, so a shorter one would be empty.
const minDuration = time.Second

// dayDurationValidator accepts a duration, days allowed, of at least
// minDuration and at most max when max is set. With whole, it must also be a
// whole number of seconds: a window is sent to the second, and a fraction
// would reach Konnect as nine digits after the point.
type dayDurationValidator struct {
	max      time.Duration
	whole    bool
	examples string // "30m, 6h, 24h or 7d"
}

func (v dayDurationValidator) Description(context.Context) string {
	least, most := durationText(minDuration), dayDurationText(v.max)
	switch {
	case v.whole && v.max > 0:
		return fmt.Sprintf("must be a whole number of seconds, at least %s, and at most %s, such as %s", least, most, v.examples)
	case v.whole:
		return fmt.Sprintf("must be a whole number of seconds, at least %s, such as %s", least, v.examples)
	case v.max > 0:
		return fmt.Sprintf("must be a duration of at least %s and at most %s, such as %s", least, most, v.examples)
	default:
		return fmt.Sprintf("must be a duration of at least %s, such as %s", least, v.examples)
	}
}

func (v dayDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v dayDurationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	d, err := parseDayDuration(raw)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%s is %q, which is not a duration; it %s. The units are s, m, h and d (24 hours).", req.Path, raw, v.Description(ctx)))
	case d < minDuration || (v.max > 0 && d > v.max) || (v.whole && d%time.Second != 0):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%s is %q; it %s.", req.Path, raw, v.Description(ctx)))
	}
}
