package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// rfc3339Syntax is RFC 3339's date-time (section 5.6): T and Z may be lower
// case, the fraction has any number of digits, and the offset is ±hh:mm.
var rfc3339Syntax = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$`)

// parseRFC3339 reads a time as RFC 3339 writes it, which Go's own parser
// does not quite: it refuses a lower-case t or z and accepts an offset of
// +24:00, a comma before the fraction or a one-digit hour.
func parseRFC3339(s string) (time.Time, error) {
	m := rfc3339Syntax.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date-time such as 2026-11-20T08:00:00Z or 2026-11-20T10:00:00+02:00", s)
	}
	num := func(i int) int { n, _ := strconv.Atoi(m[i]); return n }
	switch {
	case num(4) > 23 || num(5) > 59:
		return time.Time{}, fmt.Errorf("%q: the time of day %s:%s does not exist", s, m[4], m[5])
	case num(6) == 60:
		return time.Time{}, fmt.Errorf("%q: leap seconds (:60) are not supported; Konnect keeps no such time", s)
	case num(6) > 59:
		return time.Time{}, fmt.Errorf("%q: second %s does not exist", s, m[6])
	case m[9] != "" && (num(9) > 23 || num(10) > 59):
		return time.Time{}, fmt.Errorf("%q: the offset %s is out of range (from -23:59 to +23:59)", s, m[8])
	}
	t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	if err != nil {
		// Only the calendar is left to be wrong: February 30th and the like.
		return time.Time{}, fmt.Errorf("%q: the date %s-%s-%s does not exist", s, m[1], m[2], m[3])
	}
	return t, nil
}
