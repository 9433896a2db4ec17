package mockkonnect_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPutValidation(t *testing.T) {
	t.Parallel()
	const (
		reasonRequired = "is a required field"
		reasonDate     = "must be a valid RFC 3339 date-time"
		reasonUnknown  = "is not a known property"
		reasonTooOld   = "must be within the last 7 days" // in the future too
		reasonBackward = "must not be before start_at"
	)
	parse := []paramJSON{{Field: "body", Source: "body", Reason: "request format is invalid"}}
	hourAgo := t0.Add(-time.Hour).Format(time.RFC3339)
	now := t0.Format(time.RFC3339)
	tooOld := t0.Add(-7*24*time.Hour - time.Second).Format(time.RFC3339)
	inAnHour := t0.Add(time.Hour).Format(time.RFC3339)

	tests := []struct {
		name       string
		body       string
		wantDetail string
		wantParams []paramJSON
	}{
		{name: "empty body", body: "", wantDetail: "Could not parse request body", wantParams: parse},
		{name: "not JSON", body: "start_at=now", wantDetail: "Could not parse request body", wantParams: parse},
		{name: "truncated JSON", body: `{"start_at":"` + hourAgo + `"`, wantDetail: "Could not parse request body", wantParams: parse},
		{name: "array", body: `[]`, wantDetail: "Could not parse request body", wantParams: parse},
		{name: "string", body: `"` + now + `"`, wantDetail: "Could not parse request body", wantParams: parse},
		{name: "null", body: `null`, wantDetail: "Could not parse request body", wantParams: parse},
		{name: "two objects", body: `{}{}`, wantDetail: "Could not parse request body", wantParams: parse},
		{
			name: "empty object", body: `{}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "start_at", Rule: "required", Source: "body", Reason: reasonRequired},
				{Field: "end_at", Rule: "required", Source: "body", Reason: reasonRequired},
			},
		},
		{
			name: "start_at missing", body: `{"end_at":"` + now + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "start_at", Rule: "required", Source: "body", Reason: reasonRequired}},
		},
		{
			name: "end_at missing", body: `{"start_at":"` + hourAgo + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "end_at", Rule: "required", Source: "body", Reason: reasonRequired}},
		},
		{
			name: "start_at a number", body: `{"start_at":1741608000,"end_at":"` + now + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "start_at", Rule: "is_date_time", Source: "body", Reason: reasonDate}},
		},
		{
			name: "start_at null", body: `{"start_at":null,"end_at":"` + now + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "start_at", Rule: "is_date_time", Source: "body", Reason: reasonDate}},
		},
		{
			name: "end_at a date without time", body: `{"start_at":"` + hourAgo + `","end_at":"2026-03-10"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "end_at", Rule: "is_date_time", Source: "body", Reason: reasonDate}},
		},
		{
			name: "end_at without zone", body: `{"start_at":"` + hourAgo + `","end_at":"2026-03-10T12:00:00"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "end_at", Rule: "is_date_time", Source: "body", Reason: reasonDate}},
		},
		{
			name: "unknown field", body: `{"start_at":"` + hourAgo + `","end_at":"` + now + `","status":"running"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "status", Rule: "unknown_property", Source: "body", Reason: reasonUnknown}},
		},
		{
			name: "unknown fields sorted", body: `{"start_at":"` + hourAgo + `","end_at":"` + now + `","zz":1,"aa":2}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "aa", Rule: "unknown_property", Source: "body", Reason: reasonUnknown},
				{Field: "zz", Rule: "unknown_property", Source: "body", Reason: reasonUnknown},
			},
		},
		{
			name: "start_at older than 7 days", body: `{"start_at":"` + tooOld + `","end_at":"` + now + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "start_at", Rule: "invalid", Source: "body", Reason: reasonTooOld}},
		},
		{
			name: "end_at before start_at", body: `{"start_at":"` + now + `","end_at":"` + hourAgo + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonBackward}},
		},
		{
			name: "too old and backwards", body: `{"start_at":"` + tooOld + `","end_at":"2026-03-01T00:00:00Z"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "start_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
				{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
				{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonBackward},
			},
		},
		{
			name: "end_at older than 7 days", body: `{"start_at":"` + tooOld + `","end_at":"` + tooOld + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "start_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
				{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
			},
		},
		{
			name: "end_at a nanosecond ahead of the server", body: `{"start_at":"` + hourAgo + `","end_at":"2026-03-10T12:00:00.000000001Z"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonTooOld}},
		},
		{
			name: "window in the future", body: `{"start_at":"` + inAnHour + `","end_at":"` + inAnHour + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "start_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
				{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
			},
		},
		{
			name: "window far in the future", body: `{"start_at":"2099-01-01T00:00:00Z","end_at":"9999-12-31T23:59:59Z"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "start_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
				{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
			},
		},
		{
			name: "in the future once in UTC", body: `{"start_at":"` + hourAgo + `","end_at":"2026-03-10T11:30:00-01:00"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonTooOld}},
		},
		{
			name: "too old to start, in the future to end", body: `{"start_at":"` + tooOld + `","end_at":"` + inAnHour + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "start_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
				{Field: "end_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
			},
		},
		{
			name: "every kind of problem at once", body: `{"start_at":"` + tooOld + `","end_at":"soon","extra":true}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "end_at", Rule: "is_date_time", Source: "body", Reason: reasonDate},
				{Field: "extra", Rule: "unknown_property", Source: "body", Reason: reasonUnknown},
				{Field: "start_at", Rule: "invalid", Source: "body", Reason: reasonTooOld},
			},
		},
		{
			name: "missing and malformed together", body: `{"end_at":false,"start":"` + now + `"}`, wantDetail: "Invalid request body",
			wantParams: []paramJSON{
				{Field: "start_at", Rule: "required", Source: "body", Reason: reasonRequired},
				{Field: "end_at", Rule: "is_date_time", Source: "body", Reason: reasonDate},
				{Field: "start", Rule: "unknown_property", Source: "body", Reason: reasonUnknown},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newServer(0, 0, 0)
			path := portalPath("eu", "v2", portalA)
			p := decodeProblem(t, call(t, s, http.MethodPut, path, tc.body), 400)
			if p.Title != "Bad Request" || p.Detail != tc.wantDetail {
				t.Errorf("title, detail = %q, %q; want Bad Request, %q", p.Title, p.Detail, tc.wantDetail)
			}
			if !strings.HasPrefix(p.Instance, "kong:trace:") {
				t.Errorf("instance = %q", p.Instance)
			}
			assertParams(t, p.InvalidParameters, tc.wantParams)
			if _, ok := s.Job("eu", portalA); ok {
				t.Error("a rejected PUT configured the job")
			}
		})
	}
}

func TestPutAccepted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      string
		wantStart string
		wantEnd   string
	}{
		{
			name:      "empty window",
			body:      window(t0, t0),
			wantStart: "2026-03-10T12:00:00Z", wantEnd: "2026-03-10T12:00:00Z",
		},
		{
			name:      "exactly 7 days back",
			body:      `{"start_at":"2026-03-03T12:00:00.001Z","end_at":"2026-03-10T12:00:00Z"}`,
			wantStart: "2026-03-03T12:00:00.001Z", wantEnd: "2026-03-10T12:00:00Z",
		},
		{
			name:      "a window of exactly now",
			body:      `{"start_at":"2026-03-10T12:00:00.001Z","end_at":"2026-03-10T14:00:00.001+02:00"}`,
			wantStart: "2026-03-10T12:00:00.001Z", wantEnd: "2026-03-10T12:00:00.001Z",
		},
		{
			name:      "the whole 7 days up to now",
			body:      `{"start_at":"2026-03-03T12:00:00.001Z","end_at":"2026-03-10T12:00:00.001Z"}`,
			wantStart: "2026-03-03T12:00:00.001Z", wantEnd: "2026-03-10T12:00:00.001Z",
		},
		{
			name:      "offsets answered in UTC",
			body:      `{"start_at":"2026-03-10T13:30:00+02:00","end_at":"2026-03-10T08:00:00-04:00"}`,
			wantStart: "2026-03-10T11:30:00Z", wantEnd: "2026-03-10T12:00:00Z",
		},
		{
			name:      "fractional seconds kept to the microsecond",
			body:      `{"start_at":"2026-03-10T11:00:00.123456789Z","end_at":"2026-03-10T11:00:00.5Z"}`,
			wantStart: "2026-03-10T11:00:00.123456Z", wantEnd: "2026-03-10T11:00:00.5Z",
		},
		{
			name:      "keys in any order with spaces",
			body:      "{\n  \"end_at\": \"2026-03-10T12:00:00Z\",\n  \"start_at\": \"2026-03-10T11:00:00Z\"\n}\n",
			wantStart: "2026-03-10T11:00:00Z", wantEnd: "2026-03-10T12:00:00Z",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, clock := newServer(time.Second, time.Second, time.Second)
			clock.Advance(time.Millisecond) // so updated_at shows the server's now, not t0
			got := decodeJob(t, call(t, s, http.MethodPut, portalPath("eu", "v2", portalA), tc.body), 202)
			want := jobJSON{StartAt: tc.wantStart, EndAt: tc.wantEnd, Status: "accepted", UpdatedAt: "2026-03-10T12:00:00.001Z"}
			if got != want {
				t.Errorf("PUT answered %+v\nwant %+v", got, want)
			}
			if get := decodeJob(t, call(t, s, http.MethodGet, portalPath("eu", "v2", portalA), ""), 200); get != want {
				t.Errorf("GET answered %+v\nwant %+v", get, want)
			}
		})
	}
}

// A body over 1 MiB is too large, not malformed; one of 1 MiB is read.
func TestPutBodySize(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	w := window(t0, t0)
	tests := []struct {
		name       string
		body       string
		wantStatus int
	}{
		{name: "1 MiB", body: w + strings.Repeat(" ", mib-len(w)), wantStatus: 202},
		{name: "a byte over 1 MiB", body: w + strings.Repeat(" ", mib-len(w)+1), wantStatus: 413},
		{name: "far over 1 MiB", body: strings.Repeat("x", 5*mib), wantStatus: 413},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newServer(0, 0, 0)
			for _, path := range []string{portalPath("eu", "v2", portalA), "/eu/v3" + jobPath} {
				rec := call(t, s, http.MethodPut, path, tc.body)
				if tc.wantStatus == 202 {
					decodeJob(t, rec, 202)
					continue
				}
				p := decodeProblem(t, rec, 413)
				if p.Title != "Request Entity Too Large" || p.Detail != "The request body is larger than 1 MiB" {
					t.Errorf("%s: title, detail = %q, %q", path, p.Title, p.Detail)
				}
			}
			if _, ok := s.Job("eu", portalA); ok != (tc.wantStatus == 202) {
				t.Errorf("job configured = %v, want %v", ok, tc.wantStatus == 202)
			}
		})
	}
}
