package konnect

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzJobDecoder decodes any body as a replay job the way GetReplayJob and
// PutReplayJob do, and checks the job against the body read independently.
func FuzzJobDecoder(f *testing.F) {
	job := func(start, end, status, updated string) string {
		return `{"start_at":` + start + `,"end_at":` + end + `,"status":` + status + `,"updated_at":` + updated + `}`
	}
	seeds := []string{
		jobJSON,
		// Every status, configured and not.
		job(`"2026-11-20T08:00:00Z"`, `"2026-11-21T08:00:00Z"`, `"unconfigured"`, `"2026-11-22T09:30:14.52Z"`),
		job(`"2026-11-20T08:00:00Z"`, `"2026-11-21T08:00:00Z"`, `"pending"`, `"2026-11-22T09:30:14.52Z"`),
		job(`"2026-11-20T08:00:00Z"`, `"2026-11-21T08:00:00Z"`, `"running"`, `"2026-11-22T09:30:14.52Z"`),
		job(`"2026-11-20T08:00:00Z"`, `"2026-11-21T08:00:00Z"`, `"completed"`, `"2026-11-22T09:30:14.52Z"`),
		job(`"2026-11-20T08:00:00Z"`, `"2026-11-21T08:00:00Z"`, `"failed"`, `"2026-11-22T09:30:14.52Z"`),
		// The zero times Konnect sends for a scope without a job, Kong's
		// malformed one included.
		job(`"0001-01-01T00:00:00Z"`, `"0001-01-01T00:00:00Z"`, `"unconfigured"`, `"0001-01-01T00:00:00Z"`),
		job(`"0001-01-01T00:00:0Z"`, `"0001-01-01T00:00:0Z"`, `"unconfigured"`, `"0001-01-01T00:00:0Z"`),
		job(`null`, `null`, `"unconfigured"`, `null`),
		job(`""`, `""`, `"unconfigured"`, `""`),
		job(`"0001-01-01T12:00:00Z"`, `"0001-01-01T23:59:59.999999999+14:00"`, `"accepted"`, `null`),
		job(`"0001-01-01"`, `"0001-01-01garbage"`, `"accepted"`, `"0001-01-01T00:00:00.000000001Z"`),
		// One time zero and the other not; a known status with zero times.
		job(`null`, `"2026-11-21T08:00:00Z"`, `"accepted"`, `null`),
		job(`"2026-11-20T08:00:00Z"`, `""`, `"completed"`, `""`),
		job(`null`, `null`, `"running"`, `null`),
		`{"status":"accepted"}`,
		`{"status":"unconfigured"}`,
		// Offsets, fractions and the edges of the years RFC 3339 allows.
		job(`"2026-11-20T10:00:00+02:00"`, `"2026-11-21T03:00:00-05:00"`, `"accepted"`, `"2026-11-22T09:30:14.123456789Z"`),
		job(`"0000-01-01T00:00:00Z"`, `"9999-12-31T23:59:59.999999999Z"`, `"accepted"`, `"0000-01-01T00:00:00+23:59"`),
		job(`"9999-12-31T23:59:59-23:59"`, `"0001-01-02T00:00:00Z"`, `"accepted"`, `"0000-12-31T23:00:00-01:00"`),
		job(`"2026-11-20t08:00:00z"`, `"2026-11-20 08:00:00Z"`, `"accepted"`, `null`),
		// Not RFC 3339: huge and negative years, impossible dates, leap seconds,
		// offsets past a day, too many fraction digits, other encodings.
		job(`"10000-01-01T00:00:00Z"`, `null`, `"accepted"`, `null`),
		job(`"-0001-01-01T00:00:00Z"`, `null`, `"accepted"`, `null`),
		job(`"+002026-11-20T08:00:00Z"`, `null`, `"accepted"`, `null`),
		job(`"2026-02-30T08:00:00Z"`, `null`, `"accepted"`, `null`),
		job(`"2026-12-31T23:59:60Z"`, `null`, `"accepted"`, `null`),
		job(`"2026-11-20T24:00:00Z"`, `null`, `"accepted"`, `null`),
		job(`"2026-11-20T08:00:00+24:00"`, `null`, `"accepted"`, `null`),
		job(`"2026-11-20T08:00:00.1234567890Z"`, `null`, `"accepted"`, `null`),
		job(`"2026-11-20T08:00:00"`, `null`, `"accepted"`, `null`),
		job(`1763625600`, `null`, `"accepted"`, `null`),
		job(`{"seconds":1}`, `null`, `"accepted"`, `null`),
		job(`["2026-11-20T08:00:00Z"]`, `null`, `"accepted"`, `null`),
		job(`true`, `null`, `"accepted"`, `null`),
		job(`"2026-11-20T08:00:00Z\u0000"`, `null`, `"accepted"`, `null`),
		// Statuses the provider does not know.
		job(`null`, `null`, `"UNCONFIGURED"`, `null`),
		job(`null`, `null`, `"Completed"`, `null`),
		job(`null`, `null`, `""`, `null`),
		job(`null`, `null`, `null`, `null`),
		job(`null`, `null`, `7`, `null`),
		job(`null`, `null`, "\"\xff\xfe\"", `null`),
		job(`null`, `null`, `"accepted\u0000"`, `null`),
		// Keys in other cases, repeated keys, unknown keys, invalid UTF-8.
		`{"START_AT":"2026-11-20T08:00:00Z","Status":"accepted"}`,
		`{"start_at":"2026-11-20T08:00:00Z","start_at":null,"status":"accepted","status":"failed"}`,
		`{"start_at":null,"start_at":"2026-11-20T08:00:00Z","status":"running","extra":[1,2,{}]}`,
		"{\"start_at\":[\"\xff\"],\"status\":\"accepted\"}",
		"{\"start_at\":\"\xff\",\"status\":\"accepted\"}",
		// Not a job at all.
		``, `null`, `{}`, `[]`, `"accepted"`, `{"status":`, "\xef\xbb\xbf{}",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		// The same body read without wireTime: each time field raw.
		var raw struct {
			StartAt   json.RawMessage `json:"start_at"`
			EndAt     json.RawMessage `json:"end_at"`
			Status    string          `json:"status"`
			UpdatedAt json.RawMessage `json:"updated_at"`
		}
		rawErr := json.Unmarshal(body, &raw)

		var w wireJob
		if err := json.Unmarshal(body, &w); err != nil {
			// The message becomes a diagnostic: valid UTF-8, one line, even
			// for {"start_at":["\xff"]} or a value spread over lines.
			if msg := err.Error(); msg == "" || !utf8.ValidString(msg) || strings.Contains(msg, "\n") {
				t.Fatalf("decoding %q failed with the message %q; want valid UTF-8 on one line", body, msg)
			}
			// A body is only rejected for a time that is not one. (With a key
			// given twice, the decoder stops at the first bad value while raw
			// keeps the last, so such bodies are left out.)
			if rawErr == nil && !fuzzRepeatsKey(body) {
				_, okS := fuzzExpectedTime(raw.StartAt)
				_, okE := fuzzExpectedTime(raw.EndAt)
				_, okU := fuzzExpectedTime(raw.UpdatedAt)
				if okS && okE && okU {
					t.Fatalf("%q rejected although its times are valid: %v", body, err)
				}
			}
			return
		}
		if rawErr != nil {
			t.Fatalf("wireJob decoded %q, but it does not decode with raw times: %v", body, rawErr)
		}

		// The status must be one the provider knows; nothing else is checked.
		known := slices.Contains(Statuses, Status(raw.Status))
		if err := w.check(); err != nil {
			msg := err.Error()
			if known {
				t.Fatalf("known status %q rejected: %v", raw.Status, err)
			}
			if !utf8.ValidString(msg) || !strings.Contains(msg, "status") || !strings.Contains(msg, string(StatusUnconfigured)) {
				t.Fatalf("status %q: message %q does not say what is wrong and what is known", raw.Status, msg)
			}
			return
		} else if !known {
			t.Fatalf("status %q accepted; known: %v", raw.Status, Statuses)
		}
		j := w.job()
		if !slices.Contains(Statuses, j.Status) || string(j.Status) != raw.Status {
			t.Fatalf("status %q, body says %q; known: %v", j.Status, raw.Status, Statuses)
		}

		for _, tc := range []struct {
			name string
			got  time.Time
			raw  json.RawMessage
		}{{"start_at", j.StartAt, raw.StartAt}, {"end_at", j.EndAt, raw.EndAt}, {"updated_at", j.UpdatedAt, raw.UpdatedAt}} {
			want, ok := fuzzExpectedTime(tc.raw)
			if !ok {
				t.Fatalf("%s: %s decoded as %v, but it is neither a zero time nor RFC 3339", tc.name, tc.raw, tc.got)
			}
			if !tc.got.Equal(want) {
				t.Fatalf("%s: %s decoded as %v, want %v", tc.name, tc.raw, tc.got, want)
			}
			if tc.got.IsZero() {
				continue
			}
			// What the provider writes back must read as the same instant.
			again, err := time.Parse(time.RFC3339Nano, tc.got.Format(time.RFC3339Nano))
			if err != nil || !again.Equal(tc.got) {
				t.Fatalf("%s: %v formats as %q, which reads back as %v, %v", tc.name, tc.got, tc.got.Format(time.RFC3339Nano), again, err)
			}
		}

		// Configured: the status alone decides, whatever the times say.
		if want := raw.Status != "unconfigured"; j.Configured() != want {
			t.Fatalf("Configured() = %v for status %q, start %v, end %v", j.Configured(), j.Status, j.StartAt, j.EndAt)
		}
	})
}

// fuzzExpectedTime says what a JSON time value must decode as, by the rule
// wireTime documents: absent, null, "" and Kong's first-day-of-year-1 values
// are the zero time; any other string is RFC 3339; nothing else is a time.
func fuzzExpectedTime(raw json.RawMessage) (time.Time, bool) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return time.Time{}, true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return time.Time{}, false
	}
	if s == "" || strings.HasPrefix(s, "0001-01-01") {
		return time.Time{}, true
	}
	v, err := time.Parse(time.RFC3339, s)
	return v, err == nil
}

// fuzzRepeatsKey reports whether the body is an object that names a key twice,
// in any case (the decoder matches keys regardless of case).
func fuzzRepeatsKey(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, _ := tok.(string)
		for _, k := range keys {
			if strings.EqualFold(k, key) {
				return true
			}
		}
		keys = append(keys, key)
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return false
		}
	}
	return false
}
