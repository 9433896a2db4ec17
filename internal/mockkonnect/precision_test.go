package mockkonnect_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Konnect keeps microseconds (or whole seconds), never nanoseconds: what a
// client sent comes back truncated, in the PUT's answer, in later GETs and
// in Job.
func TestPrecision(t *testing.T) {
	t.Parallel()
	// Within 7 days of the window below, and not on a whole second, so that
	// updated_at is truncated too.
	now := time.Date(2026, 11, 20, 9, 0, 0, 700_001_999, time.UTC)
	const body = `{"start_at":"2026-11-20T08:00:00.123456789Z","end_at":"2026-11-20T09:30:00.999999999+01:00"}`
	tests := []struct {
		name        string
		precision   time.Duration
		wantStart   string
		wantEnd     string
		wantUpdated string
	}{
		{
			name: "default is microseconds", precision: 0,
			wantStart: "2026-11-20T08:00:00.123456Z", wantEnd: "2026-11-20T08:30:00.999999Z", wantUpdated: "2026-11-20T09:00:00.700001Z",
		},
		{
			name: "microseconds", precision: time.Microsecond,
			wantStart: "2026-11-20T08:00:00.123456Z", wantEnd: "2026-11-20T08:30:00.999999Z", wantUpdated: "2026-11-20T09:00:00.700001Z",
		},
		{
			name: "whole seconds", precision: time.Second,
			wantStart: "2026-11-20T08:00:00Z", wantEnd: "2026-11-20T08:30:00Z", wantUpdated: "2026-11-20T09:00:00Z",
		},
		{
			name: "milliseconds", precision: time.Millisecond,
			wantStart: "2026-11-20T08:00:00.123Z", wantEnd: "2026-11-20T08:30:00.999Z", wantUpdated: "2026-11-20T09:00:00.7Z",
		},
		{
			name: "nanoseconds keep everything", precision: time.Nanosecond,
			wantStart: "2026-11-20T08:00:00.123456789Z", wantEnd: "2026-11-20T08:30:00.999999999Z", wantUpdated: "2026-11-20T09:00:00.700001999Z",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{now: now}
			s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, Precision: tc.precision, Accepted: time.Hour})
			path := portalPath("eu", "v2", portalA)
			want := jobJSON{StartAt: tc.wantStart, EndAt: tc.wantEnd, Status: "accepted", UpdatedAt: tc.wantUpdated}
			if got := decodeJob(t, call(t, s, http.MethodPut, path, body), 202); got != want {
				t.Errorf("PUT answered %+v\nwant %+v", got, want)
			}
			if got := decodeJob(t, call(t, s, http.MethodGet, path, ""), 200); got != want {
				t.Errorf("GET answered %+v\nwant %+v", got, want)
			}
			j, ok := s.Job("eu", portalA)
			if !ok || rfc(j.StartAt) != tc.wantStart || rfc(j.EndAt) != tc.wantEnd || rfc(j.UpdatedAt) != tc.wantUpdated {
				t.Errorf("Job = %+v, %v; want the truncated times", j, ok)
			}

			// SetJob keeps times the same way.
			start, _ := time.Parse(time.RFC3339Nano, "2026-11-20T08:00:00.123456789Z")
			end, _ := time.Parse(time.RFC3339Nano, "2026-11-20T09:30:00.999999999+01:00")
			s.SetJob("au", "", start, end)
			got := decodeJob(t, call(t, s, http.MethodGet, "/au/v2"+jobPath, ""), 200)
			if got.StartAt != tc.wantStart || got.EndAt != tc.wantEnd || got.UpdatedAt != tc.wantUpdated {
				t.Errorf("after SetJob: GET answered %+v\nwant %+v", got, want)
			}
		})
	}
}

// Validation judges the times as sent, not as they will be kept.
func TestPrecisionValidatesExactTimes(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 20, 9, 0, 0, 700_000_000, time.UTC)
	tests := []struct {
		name       string
		precision  time.Duration
		body       string
		wantStatus int
		wantStart  string // of a 202
	}{
		{
			// Kept, both are 08:00:00.000001; as sent, end_at is before start_at.
			name: "end_at a few nanoseconds before start_at", precision: 0,
			body:       `{"start_at":"2026-11-20T08:00:00.000001500Z","end_at":"2026-11-20T08:00:00.000001200Z"}`,
			wantStatus: 400,
		},
		{
			name: "end_at before start_at within one second", precision: time.Second,
			body:       `{"start_at":"2026-11-20T08:00:00.9Z","end_at":"2026-11-20T08:00:00.1Z"}`,
			wantStatus: 400,
		},
		{
			// As sent, within 7 days; kept, 0.6s older than that.
			name: "start_at just inside 7 days", precision: time.Second,
			body:       `{"start_at":"2026-11-13T09:00:00.8Z","end_at":"2026-11-20T09:00:00Z"}`,
			wantStatus: 202, wantStart: "2026-11-13T09:00:00Z",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{now: now}
			s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, Precision: tc.precision})
			rec := call(t, s, http.MethodPut, portalPath("", "v2", portalA), tc.body)
			if tc.wantStatus == 400 {
				p := decodeProblem(t, rec, 400)
				assertParams(t, p.InvalidParameters, []paramJSON{{Field: "end_at", Rule: "invalid", Source: "body", Reason: "must not be before start_at"}})
				return
			}
			if got := decodeJob(t, rec, tc.wantStatus); got.StartAt != tc.wantStart {
				t.Errorf("start_at = %s, want %s", got.StartAt, tc.wantStart)
			}
		})
	}
}

// A portal's times are kept like a job's.
func TestPrecisionOfPortals(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 11, 20, 9, 0, 0, 123_456_789, time.UTC)}
	s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now})
	p := decodePortal(t, call(t, s, http.MethodGet, "/v2/portals/"+portalB, ""))
	if p.CreatedAt != "2026-11-20T09:00:00.123456Z" || p.UpdatedAt != p.CreatedAt {
		t.Errorf("created_at, updated_at = %s, %s; want 2026-11-20T09:00:00.123456Z twice", p.CreatedAt, p.UpdatedAt)
	}
}

func TestNegativePrecision(t *testing.T) {
	t.Parallel()
	defer func() {
		if msg, _ := recover().(string); !strings.Contains(msg, "Precision must not be negative, got -1s") {
			t.Errorf("New panicked with %q, want the negative Precision named", msg)
		}
	}()
	mockkonnect.New(mockkonnect.Options{Precision: -time.Second})
	t.Error("New accepted a negative Precision")
}
