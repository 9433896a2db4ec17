package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Every rule about an action's configuration holds before anything is
// planned, and names the attribute to change.
func TestReplayActionValidate(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, mockkonnect.Options{}, 0)
	unknown := tftypes.UnknownValue
	start, end := "2026-11-24T08:00:00Z", "2026-11-24T09:00:00Z"
	tests := []struct {
		name   string
		action string
		config cfg
		// want is each diagnostic as "error: Summary at attribute" ("" for none).
		want  []string
		parts []string
	}{
		{name: "start_at and end_at", config: cfg{"start_at": start, "end_at": end}},
		{name: "an empty window", config: cfg{"start_at": start, "end_at": start}},
		{name: "last in minutes", config: cfg{"last": "30m"}},
		{name: "last in hours", config: cfg{"last": "24h"}},
		{name: "last of 7 days", config: cfg{"last": "7d"}},
		{name: "last in days and hours", config: cfg{"last": "1d12h"}},
		{name: "last of 168 hours", config: cfg{"last": "168h"}},
		{name: "last of one second", config: cfg{"last": "1s"}},
		{name: "last of whole seconds in milliseconds", config: cfg{"last": "2000ms"}},
		{name: "last of a fraction of an hour, whole in seconds", config: cfg{"last": "1.5m"}},
		{name: "a timeout of one second", config: cfg{"last": "1h", "timeout": "1s"}},
		{name: "a timeout with a fraction above a second", config: cfg{"last": "1h", "timeout": "1.5s"}},
		{name: "the organization's, with every setting", action: orgAction,
			config: cfg{"last": "6h", "wait": false, "timeout": "2h", "check_webhook": false, "region": "us"}},
		{name: "the portal's, with api_version", config: cfg{"last": "6h", "api_version": "v3"}},
		{name: "a window known only later", config: cfg{"start_at": unknown, "end_at": unknown}},
		{name: "last known only later", config: cfg{"last": unknown}},

		{name: "neither form", config: cfg{},
			want: []string{"error: Replay Window Not Set"}, parts: []string{"set start_at and end_at", "or last"}},
		{name: "neither form, organization", action: orgAction, config: cfg{"wait": true},
			want: []string{"error: Replay Window Not Set"}},
		{name: "both forms", config: cfg{"start_at": start, "end_at": end, "last": "24h"},
			want: []string{"error: Conflicting Replay Window at last"}, parts: []string{"last conflicts with start_at and end_at"}},
		{name: "last with start_at", config: cfg{"start_at": start, "last": "24h"},
			want: []string{"error: Conflicting Replay Window at last"}},
		{name: "last with end_at known only later", config: cfg{"end_at": unknown, "last": "24h"}},
		{name: "start_at alone", config: cfg{"start_at": start},
			want: []string{"error: Replay Window Without an End at end_at"}, parts: []string{"Set end_at, or replace both with last"}},
		{name: "end_at alone", config: cfg{"end_at": end},
			want: []string{"error: Replay Window Without a Start at start_at"}},

		{name: "last of 8 days", config: cfg{"last": "8d"},
			want: []string{"error: Invalid Duration at last"}, parts: []string{`last is "8d"`, "a whole number of seconds, at least 1s, and at most 7d"}},
		{name: "last a second over 7 days", config: cfg{"last": "7d1s"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last of 169 hours", config: cfg{"last": "169h"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last of zero", config: cfg{"last": "0s"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last of a nanosecond", config: cfg{"last": "1ns"}, want: []string{"error: Invalid Duration at last"},
			parts: []string{`last is "1ns"; it must be a whole number of seconds, at least 1s, and at most 7d, such as 30m, 6h, 24h or 7d.`}},
		{name: "last just under a second", config: cfg{"last": "999ms"}, want: []string{"error: Invalid Duration at last"},
			parts: []string{`last is "999ms"; it must be a whole number of seconds, at least 1s,`}},
		{name: "last with a fraction of a second", config: cfg{"last": "1.5s"}, want: []string{"error: Invalid Duration at last"},
			parts: []string{`last is "1.5s"; it must be a whole number of seconds,`}},
		{name: "last with a fraction of a second in milliseconds", config: cfg{"last": "1500ms"},
			want: []string{"error: Invalid Duration at last"}, parts: []string{`last is "1500ms"; it must be a whole number of seconds,`}},
		{name: "last of days and a fraction of a second", config: cfg{"last": "1d0.5s"},
			want: []string{"error: Invalid Duration at last"}, parts: []string{`last is "1d0.5s"; it must be a whole number of seconds,`}},
		{name: "last of zero days", config: cfg{"last": "0d"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last negative", config: cfg{"last": "-1h"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last in weeks", config: cfg{"last": "1w"},
			want: []string{"error: Invalid Duration at last"}, parts: []string{"not a duration", "units are s, m, h and d"}},
		{name: "last without a unit", config: cfg{"last": "24"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last in words", config: cfg{"last": "a day"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last with a sign after the days", config: cfg{"last": "1d-1h"}, want: []string{"error: Invalid Duration at last"}},
		{name: "last empty", config: cfg{"last": ""}, want: []string{"error: Invalid Duration at last"}},
		{name: "a zero timeout", config: cfg{"last": "1h", "timeout": "0s"},
			want: []string{"error: Invalid Duration at timeout"}, parts: []string{`timeout is "0s"`, "a duration of at least 1s"}},
		{name: "a timeout of a nanosecond", config: cfg{"last": "1h", "timeout": "1ns"}, want: []string{"error: Invalid Duration at timeout"},
			parts: []string{`timeout is "1ns"; it must be a duration of at least 1s, such as 45m or 2h.`}},
		{name: "a timeout just under a second", config: cfg{"last": "1h", "timeout": "999ms"},
			want: []string{"error: Invalid Duration at timeout"}, parts: []string{`timeout is "999ms"; it must be a duration of at least 1s,`}},
		{name: "a negative timeout", config: cfg{"last": "1h", "timeout": "-5m"}, want: []string{"error: Invalid Duration at timeout"}},
		{name: "a timeout in words", config: cfg{"last": "1h", "timeout": "soon"}, want: []string{"error: Invalid Duration at timeout"}},

		{name: "start_at not a time", config: cfg{"start_at": "yesterday", "end_at": end},
			want: []string{"error: Invalid RFC3339 String Value at start_at"}, parts: []string{"start_at must be an RFC 3339 time"}},
		{name: "end_at on no day", config: cfg{"start_at": start, "end_at": "2026-02-30T08:00:00Z"},
			want: []string{"error: Invalid RFC3339 String Value at end_at"}, parts: []string{"does not exist"}},
		{name: "end_at without an offset", config: cfg{"start_at": start, "end_at": "2026-11-24T09:00:00"},
			want: []string{"error: Invalid RFC3339 String Value at end_at"}},
		{name: "end_at before start_at", config: cfg{"start_at": end, "end_at": start},
			want: []string{"error: Replay Window Ends Before It Starts at end_at"}, parts: []string{"end_at (" + start + ") is before start_at (" + end + ")"}},

		{name: "portal_id not a UUID", config: cfg{"portal_id": "portal-1", "last": "1h"},
			want: []string{"error: Invalid Attribute Value Match at portal_id"}},
		{name: "an unknown region", config: cfg{"region": "mars", "last": "1h"},
			want: []string{"error: Invalid Attribute Value Match at region"}},
		{name: "an unknown api_version", config: cfg{"api_version": "v9", "last": "1h"},
			want: []string{"error: Invalid Attribute Value Match at api_version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action := tt.action
			if action == "" {
				action = portalAction
			}
			config := tt.config
			if _, ok := config["portal_id"]; !ok && action == portalAction {
				config = cfg{"portal_id": h.portal}
				for k, v := range tt.config {
					config[k] = v
				}
			}
			expectDiags(t, h.validate(action, config), tt.want, tt.parts...)
		})
	}
	if got := h.requests(); len(got) > 0 {
		t.Errorf("validating sent Konnect %q; it must send nothing", got)
	}
}

// The clock's rules hold at plan, as for the resource: a window of start_at
// and end_at must be within Konnect's 7 days; last is worked out at invoke.
// Planning sends Konnect nothing.
func TestReplayActionPlan(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, mockkonnect.Options{}, 0)
	tests := []struct {
		name   string
		action string
		config cfg
		want   []string
		parts  []string
	}{
		{name: "a window of the last hour", config: cfg{"start_at": h.rfc(time.Hour), "end_at": h.rfc(0)}},
		{name: "a window at the edge of 7 days", config: cfg{"start_at": h.rfc(7 * 24 * time.Hour), "end_at": h.rfc(time.Hour)}},
		{name: "last of 7 days", config: cfg{"last": "7d"}},
		{name: "the organization's", action: orgAction, config: cfg{"last": "24h"}},
		{name: "a window starting 8 days ago", config: cfg{"start_at": h.rfc(8 * 24 * time.Hour), "end_at": h.rfc(time.Hour)},
			want:  []string{"error: Replay Window Starts Too Long Ago at start_at"},
			parts: []string{"start_at (" + h.rfc(8*24*time.Hour) + ") is more than 7 days ago", "Choose a start_at within the last 7 days"}},
		{name: "a window ending tomorrow", action: orgAction, config: cfg{"start_at": h.rfc(time.Hour), "end_at": h.rfc(-24 * time.Hour)},
			want: []string{"error: Replay Window Ends in the Future at end_at"}, parts: []string{"only audit logs already written can be replayed"}},
		{name: "a window known only at apply", config: cfg{"start_at": tftypes.UnknownValue, "end_at": h.rfc(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action, config := tt.action, tt.config
			if action == "" {
				action = portalAction
				config["portal_id"] = h.portal
			}
			expectDiags(t, h.plan(action, config), tt.want, tt.parts...)
		})
	}
	if got := h.requests(); len(got) > 0 {
		t.Errorf("planning sent Konnect %q; it must send nothing", got)
	}
}

// A region that server_url does not serve is refused at plan.
func TestReplayActionPlanRegionNotServed(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, mockkonnect.Options{}, 0, "server_url", "https://eu.api.konghq.com")
	expectDiags(t, h.plan(orgAction, cfg{"last": "1h", "region": "us"}), []string{"error: Region Not Served by server_url at region"},
		`region "us" is not served by the provider's server_url`)
	expectDiags(t, h.plan(orgAction, cfg{"last": "1h", "region": "eu"}), nil)
}
