package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
)

// Durations, as settings take them: one parser of days and one validator,
// for every setting. Messages write durations with durationtext.Format.

// daysPart is a duration's leading whole days, as in "7d" or "1d12h": Go's
// durations stop at hours, and some spans of time are spoken of in days.
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

// minDuration is the least any duration setting may be: a shorter timeout
// would end every apply before Konnect could answer, and a span of time that
// Konnect keeps to the second would be empty.
const minDuration = time.Second

// durationValidator checks a duration setting: its form, its bounds, and
// where asked whether it is a whole number of seconds. It says what is
// allowed in one sentence, used by every message about the setting. The
// provider's timeouts, an action's last and timeout, and (through
// timeoutsValidator) a resource's timeouts all use it.
type durationValidator struct {
	// days says the setting takes whole days first ("7d", "1d12h") beside
	// Go's units; otherwise it is a Go duration.
	days bool
	// min and max bound the setting; max 0 sets no most.
	min, max time.Duration
	// whole asks for a whole number of seconds, for a span that Konnect
	// keeps to the second: a fraction would reach it as nine digits after
	// the point.
	whole bool
	// examples are values to show: "30m, 6h, 24h or 7d".
	examples string
}

func (v durationValidator) Description(context.Context) string {
	form := durationtext.Go
	if v.days {
		form = durationtext.Days
	}
	least, most := durationtext.Format(v.min, form), durationtext.Format(v.max, form)
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

func (v durationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if detail, _ := v.problem(ctx, req.Path, req.ConfigValue.ValueString()); detail != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration", detail)
	}
}

// problem says what is wrong with raw, the value at at, naming both and
// what is allowed; "" when nothing is. parsed says raw is a duration at all.
func (v durationValidator) problem(ctx context.Context, at path.Path, raw string) (detail string, parsed bool) {
	parse := time.ParseDuration
	if v.days {
		parse = parseDayDuration
	}
	d, err := parse(raw)
	switch {
	case err != nil && v.days:
		return fmt.Sprintf("%s is %q, which is not a duration; it %s. The units are s, m, h and d (24 hours).", at, raw, v.Description(ctx)), false
	case err != nil:
		return fmt.Sprintf("%s is %q, which is not a duration; it %s.", at, raw, v.Description(ctx)), false
	case d < v.min || (v.max > 0 && d > v.max) || (v.whole && d%time.Second != 0):
		return fmt.Sprintf("%s is %q; it %s.", at, raw, v.Description(ctx)), true
	}
	return "", true
}
