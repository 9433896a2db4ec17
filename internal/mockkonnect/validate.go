package mockkonnect

import (
	"encoding/json"
	"slices"
	"time"
)

// maxAge is how far back a replay window may reach, per Kong's contract.
const maxAge = 7 * 24 * time.Hour

// windowFields are the only properties a PUT body may have.
var windowFields = []string{"start_at", "end_at"}

// validateWindow checks a PUT body and reports every problem at once, as
// Konnect does, so a client can show them all in one go.
func validateWindow(body []byte, now time.Time) (start, end time.Time, resp response, ok bool) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return start, end, parseFailure(), false
	}

	var problems []invalidParam
	start, startOK := timeField(fields, "start_at", &problems)
	end, endOK := timeField(fields, "end_at", &problems)

	var unknown []string
	for name := range fields {
		if !slices.Contains(windowFields, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown) // map order would make the answer flap
	for _, name := range unknown {
		problems = append(problems, bodyParam(name, "unknown_property", "is not a known property"))
	}

	// Kong documents both times as "Must be within the last 7 days":
	// neither older than that nor in the future, on the server's clock. A
	// window of exactly now passes.
	oldest := now.Add(-maxAge)
	for _, f := range []struct {
		name string
		t    time.Time
		ok   bool
	}{{"start_at", start, startOK}, {"end_at", end, endOK}} {
		if f.ok && (f.t.Before(oldest) || f.t.After(now)) {
			problems = append(problems, bodyParam(f.name, "invalid", "must be within the last 7 days"))
		}
	}
	if startOK && endOK && end.Before(start) {
		problems = append(problems, bodyParam("end_at", "invalid", "must not be before start_at"))
	}

	if len(problems) > 0 {
		return start, end, badRequest("Invalid request body", problems...), false
	}
	return start, end, response{}, true
}

// timeField reads one required RFC 3339 property, adding to problems when it
// is missing or malformed.
func timeField(fields map[string]json.RawMessage, name string, problems *[]invalidParam) (time.Time, bool) {
	raw, present := fields[name]
	if !present {
		*problems = append(*problems, bodyParam(name, "required", "is a required field"))
		return time.Time{}, false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, true
		}
	}
	*problems = append(*problems, bodyParam(name, "is_date_time", "must be a valid RFC 3339 date-time"))
	return time.Time{}, false
}

func bodyParam(field, rule, reason string) invalidParam {
	return invalidParam{Field: field, Rule: rule, Source: "body", Reason: reason}
}
