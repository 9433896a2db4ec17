package mockkonnect

import (
	"strconv"
	"testing"
)

// A first=N rule remembers a bounded number of requests, dropping the one
// first seen longest ago, and stops counting at the ceiling.
func TestAttemptsBounded(t *testing.T) {
	t.Parallel()
	const limit = 3
	a := newAttempts(limit)
	key := func(i int) attemptKey { return newAttemptKey("PUT", "/v2/portals/x", []byte(strconv.Itoa(i))) }
	for i := range 50 {
		if n := a.add(key(i), 2); n != 1 {
			t.Fatalf("request %d: attempt %d, want 1", i, n)
		}
		if len(a.counts) > limit || len(a.order) > limit {
			t.Fatalf("after %d requests: %d counts, %d keys in order; want at most %d", i+1, len(a.counts), len(a.order), limit)
		}
	}
	// The last three are remembered, and counting stops at the ceiling.
	for i := 47; i < 50; i++ {
		for _, want := range []int{2, 2} {
			if n := a.add(key(i), 2); n != want {
				t.Errorf("request %d again: attempt %d, want %d", i, n, want)
			}
		}
	}
	// An older one is new again.
	if n := a.add(key(0), 2); n != 1 {
		t.Errorf("request 0 again: attempt %d, want 1 (forgotten)", n)
	}
	if len(a.counts) != limit {
		t.Errorf("%d counts, want %d", len(a.counts), limit)
	}
}

// Distinct requests get distinct keys, however their parts run together.
func TestAttemptKeys(t *testing.T) {
	t.Parallel()
	keys := map[attemptKey]string{}
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/a", ""},
		{"PUT", "/a", ""},
		{"GET", "/a", "b"},
		{"GET", "/ab", ""},
		{"GET", "/a\x00", "b"},
		{"GET", "/a", "\x00b"},
		{"GETX", "/a", ""},
	} {
		k := newAttemptKey(r.method, r.path, []byte(r.body))
		if other, dup := keys[k]; dup {
			t.Errorf("%q and %q share a key", other, r)
		}
		keys[k] = r.method + " " + r.path + " " + r.body
	}
}
