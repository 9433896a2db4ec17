package mockkonnect_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Options.LogLimit keeps the newest requests, or none, however many come.
func TestLogLimit(t *testing.T) {
	t.Parallel()
	paths := func(log []mockkonnect.Request) []string {
		var out []string
		for _, r := range log {
			out = append(out, r.Path)
		}
		return out
	}
	path := func(i int) string { return fmt.Sprintf("/nowhere/%d", i) }
	tests := []struct {
		name  string
		limit int
		sent  int
		want  []int // the requests the log keeps, oldest first
	}{
		{name: "no limit keeps all", limit: 0, sent: 7, want: []int{0, 1, 2, 3, 4, 5, 6}},
		{name: "under the limit", limit: 5, sent: 3, want: []int{0, 1, 2}},
		{name: "at the limit", limit: 5, sent: 5, want: []int{0, 1, 2, 3, 4}},
		{name: "past the limit: the newest", limit: 5, sent: 12, want: []int{7, 8, 9, 10, 11}},
		{name: "limit 1", limit: 1, sent: 4, want: []int{3}},
		{name: "negative keeps none", limit: -1, sent: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hooked := 0
			s := mockkonnect.New(mockkonnect.Options{Token: token, LogLimit: tc.limit, OnRequest: func(mockkonnect.Request) { hooked++ }})
			var want []string
			for _, i := range tc.want {
				want = append(want, path(i))
			}
			// Twice, so that ResetRequests must start the ring afresh.
			for round := range 2 {
				for i := range tc.sent {
					call(t, s, http.MethodGet, path(i), "")
					if n := len(s.Requests()); tc.limit > 0 && n > tc.limit {
						t.Fatalf("round %d: log holds %d requests, over the limit %d", round+1, n, tc.limit)
					}
				}
				if got := paths(s.Requests()); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("round %d: log = %q, want %q", round+1, got, want)
				}
				s.ResetRequests()
			}
			if hooked != 2*tc.sent {
				t.Errorf("hook ran %d times for %d requests", hooked, 2*tc.sent)
			}
		})
	}
}

// The log keeps the first 64 KiB of a body, and the hook sees the same.
func TestLoggedBodyCapped(t *testing.T) {
	t.Parallel()
	var hooked string
	s := mockkonnect.New(mockkonnect.Options{Token: token, OnRequest: func(r mockkonnect.Request) { hooked = r.Body }})
	for _, size := range []int{64 << 10, 64<<10 + 1, 900 << 10} {
		body := strings.Repeat("x", size-1) + "y"
		call(t, s, http.MethodPut, "/v2"+jobPath, body)
		got := lastLogged(t, s).Body
		want := body[:min(size, 64<<10)]
		if got != want || hooked != want {
			t.Errorf("body of %d bytes: logged %d bytes, hook saw %d; want %d", size, len(got), len(hooked), len(want))
		}
	}
}

// A first=N rule remembers the 10,000 distinct requests it saw first most
// recently: an older one is faulted again, as if new, so that a rule takes
// bounded memory however many distinct requests come.
func TestFaultFirstForgetsTheOldest(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{
		Token: token, LogLimit: 1,
		Faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable, First: 1}},
	})
	const remembered = 10_000
	path := func(i int) string { return fmt.Sprintf("/nowhere/%d", i) }
	for i := range remembered + 1 {
		if got := call(t, s, http.MethodGet, path(i), "").Code; got != 503 {
			t.Fatalf("first attempt of request %d: %d, want 503", i, got)
		}
	}
	// The newest are remembered: their second attempt passes.
	for _, i := range []int{remembered, 1} {
		if got := call(t, s, http.MethodGet, path(i), "").Code; got != 404 {
			t.Errorf("second attempt of request %d: %d, want 404 (remembered)", i, got)
		}
	}
	// The oldest made room for the last: it is new again.
	if got := call(t, s, http.MethodGet, path(0), "").Code; got != 503 {
		t.Errorf("second attempt of request 0: %d, want 503 (forgotten)", got)
	}
}
