package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	for _, tt := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{ms(7), 7 * time.Millisecond},
		{ms(9, 1, 5), 5 * time.Millisecond},
		{ms(4, 1, 3, 100), 3500 * time.Microsecond},
	} {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestLatencyFloor(t *testing.T) {
	if got := latencyFloor(opPlan, 100, 50*time.Millisecond); got != 500*time.Millisecond {
		t.Errorf("a plan of 100 jobs at 50 ms: %v, want 500ms", got)
	}
	// An apply reads the webhook's status, then sends the window.
	if got := latencyFloor(opApply, 100, 50*time.Millisecond); got != time.Second {
		t.Errorf("an apply of 100 jobs at 50 ms: %v, want 1s", got)
	}
	if got := latencyFloor(opApply, 500, 0); got != 0 {
		t.Errorf("no latency: %v, want 0", got)
	}
}

func TestPerJob(t *testing.T) {
	for _, tt := range []struct {
		count, n int
		want     string
	}{{100, 100, "1"}, {0, 100, "0"}, {150, 100, "1.50"}, {1, 3, "0.33"}} {
		if got := perJobOf(tt.count, tt.n); got != tt.want {
			t.Errorf("perJobOf(%d, %d) = %q, want %q", tt.count, tt.n, got, tt.want)
		}
	}
}

func TestConfig(t *testing.T) {
	w := window{"2026-11-24T06:00:00Z", "2026-11-24T11:58:00Z"}
	for _, tt := range []struct {
		c          contender
		portal     string // the third job's ID
		apiVersion bool
	}{
		{konnectClassic, "c1a55000-0000-4000-8000-000000000002", false},
		{konnectNew, "00000000-0000-4000-8000-000000000002", false},
		{konnectPinned, "00000000-0000-4000-8000-000000000002", true},
	} {
		konnect := config(tt.c, "http://127.0.0.1:1", 3, w, true)
		for _, want := range []string{
			`server_url = "http://127.0.0.1:1/{region}"`, "count       = 3", `start_at    = "2026-11-24T06:00:00Z"`,
			"to = konnect_portal_audit_log_replay_job.job[2]", `id = "us/` + tt.portal + `"`,
			`portal_id   = format("` + tt.portal[:24] + `%012d", count.index)`,
		} {
			if !strings.Contains(konnect, want) {
				t.Errorf("%s: configuration lacks %q:\n%s", tt.c, want, konnect)
			}
		}
		// The README's configuration leaves api_version unset.
		if got := strings.Contains(konnect, `api_version = "v3"`); got != tt.apiVersion {
			t.Errorf("%s: api_version set is %v, want %v:\n%s", tt.c, got, tt.apiVersion, konnect)
		}
		if got := strings.Count(konnect, "import {"); got != 3 {
			t.Errorf("%s: %d import blocks, want 3", tt.c, got)
		}
		if strings.Contains(config(tt.c, "http://x", 3, w, false), "import") {
			t.Errorf("%s: import blocks without imports", tt.c)
		}
	}
	if got := config(noopProvider, "", 2, w, false); !strings.Contains(got, `resource "noop_replay_job" "job"`) || !strings.Contains(got, `source = "bench/noop"`) {
		t.Errorf("do-nothing configuration:\n%s", got)
	}
	if got := config(terraformData, "", 2, w, false); !strings.Contains(got, `resource "terraform_data" "job"`) || strings.Contains(got, "provider") {
		t.Errorf("terraform_data configuration:\n%s", got)
	}
}

// The curl loop and the configurations must name the same portals: the new
// ones, which the curl loop sends to under /v3.
func TestPortalsAgree(t *testing.T) {
	if got := portalID(newPortals, 42); got != "00000000-0000-4000-8000-000000000042" {
		t.Errorf("portalID(newPortals, 42) = %q", got)
	}
	if !strings.Contains(curlScript, "'00000000-0000-4000-8000-%012d'") || !strings.Contains(curlScript, "/v3/portals/") ||
		!strings.Contains(portalFormat(newPortals), `"00000000-0000-4000-8000-%012d"`) {
		t.Error("the curl loop and the HCL spell new portals' IDs differently")
	}
	if portalID(classicPortals, 1) == portalID(newPortals, 1) {
		t.Error("classic and new portals share IDs")
	}
}

// The bench's mock knows the classic contender's portals under /v2 only and
// the new ones' under /v3 only, and the traffic it reports counts the 404 of
// the other API apart from errors, with the answers waited for in turn.
func TestMockTraffic(t *testing.T) {
	m, err := startMock(token, 2)
	must(t, err)
	defer m.close()
	get := func(version string, k portalKind) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, m.url+"/us/"+version+"/portals/"+portalID(k, 1)+"/audit-log-webhook/status", nil)
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	for _, tt := range []struct {
		k      portalKind
		v2, v3 int
	}{{classicPortals, 200, 404}, {newPortals, 404, 200}} {
		m.reset()
		if v2, v3 := get("v2", tt.k), get("v3", tt.k); v2 != tt.v2 || v3 != tt.v3 {
			t.Errorf("portal kind %d: v2 answered %d, v3 %d; want %d and %d", tt.k, v2, v3, tt.v2, tt.v3)
		}
		// Sent one after the other, the second GET waited for the first.
		tr := m.traffic()
		if tr.gets != 2 || tr.misses != 1 || tr.failed != 0 || tr.turns != 2 {
			t.Errorf("portal kind %d: traffic %+v, want 2 GETs, 1 miss, no failure, 2 turns", tt.k, tr)
		}
		if err := tr.expect(perJob{gets: 2, misses: 1}, 1); err != nil {
			t.Error(err)
		}
		if err := tr.expect(perJob{gets: 2}, 1); err == nil {
			t.Error("an unexpected 404 passed")
		}
	}
}

// What each phase must send follows from the provider's design: see
// expectedTraffic.
func TestExpectedTraffic(t *testing.T) {
	for _, tt := range []struct {
		c    contender
		p    phase
		want perJob
	}{
		{konnectClassic, phaseCreate, perJob{puts: 1, gets: 2, misses: 1}},
		{konnectNew, phaseCreate, perJob{puts: 1, gets: 2, misses: 1}},
		{konnectPinned, phaseCreate, perJob{puts: 1, gets: 1}},
		{konnectNew, phaseUpdate, perJob{puts: 1, gets: 2}},
		{konnectPinned, phaseImport, perJob{gets: 2, misses: 1}},
		{konnectClassic, phaseNoopPlan, perJob{gets: 1}},
		{konnectClassic, phaseDestroy, perJob{gets: 1}},
		{konnectClassic, phaseEmptyPlan, perJob{}},
	} {
		if got := expectedTraffic(tt.c, tt.p); got != tt.want {
			t.Errorf("%s, %s: %+v, want %+v", tt.c, tt.p, got, tt.want)
		}
	}
}

func TestWriteResults(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "BENCHMARKS.md")

	must(t, writeResults(path, "first"))
	got := read(t, path)
	if !strings.HasPrefix(got, "# Benchmarks\n") || !strings.Contains(got, beginMarker+"\n\nfirst\n\n"+endMarker) {
		t.Fatalf("new file:\n%s", got)
	}

	// Text around the markers is written by hand and kept.
	must(t, os.WriteFile(path, []byte("# Mine\n\nintro\n\n"+beginMarker+"\nold\n"+endMarker+"\n\nanalysis\n"), 0o644))
	must(t, writeResults(path, "second\n"))
	want := "# Mine\n\nintro\n\n" + beginMarker + "\n\nsecond\n\n" + endMarker + "\n\nanalysis\n"
	if got := read(t, path); got != want {
		t.Fatalf("rewritten file:\n%s\nwant:\n%s", got, want)
	}

	must(t, os.WriteFile(path, []byte("# No markers\n"), 0o644))
	if err := writeResults(path, "third"); err == nil || !strings.Contains(err.Error(), "has no") {
		t.Fatalf("a file without markers: %v", err)
	}
	if got := read(t, path); got != "# No markers\n" {
		t.Fatalf("a file without markers was changed:\n%s", got)
	}
}

func TestTargets(t *testing.T) {
	o := options{sizes: []int{100}, latencies: []time.Duration{0, 50 * time.Millisecond}, runs: 1}
	r := newResults(o)
	ms := time.Millisecond
	r.timing(konnectClassic, opApply, 100, 0, 1100*ms)
	r.timing(konnectNew, opApply, 100, 0, 1120*ms)
	r.timing(noopProvider, opApply, 100, 0, 1000*ms)
	r.timing(noopQuiet, opApply, 100, 0, 900*ms)
	r.timing(konnectClassic, opApply, 100, 50*ms, 2400*ms) // floor: 1000 + 100 × 2 × 50 ÷ 10
	r.timing(konnectNew, opApply, 100, 50*ms, 2200*ms)
	r.timing(curlLoop, opApply, 100, 50*ms, 2300*ms)
	for _, c := range readmeKonnects {
		r.turnCensus(censusRow{c: c, phase: phaseCreate, n: 1, traffic: traffic{puts: 1, gets: 2, misses: 1, turns: 2}})
		r.census(censusRow{c: c, phase: phaseCreate, n: 100, traffic: traffic{puts: 100, gets: 200, misses: 100, turns: 31}})
	}
	r.turnCensus(censusRow{c: konnectPinned, phase: phaseCreate, n: 1, traffic: traffic{puts: 1, gets: 1, turns: 3}})
	r.census(censusRow{c: konnectPinned, phase: phaseCreate, n: 100, traffic: traffic{puts: 100, gets: 100}})
	r.census(censusRow{c: konnectNew, phase: phaseUpdate, n: 100, traffic: traffic{puts: 200, gets: 200}})
	r.census(censusRow{c: konnectClassic, phase: phaseNoopPlan, n: 100, traffic: traffic{gets: 100, conns: 11}})
	r.census(censusRow{c: konnectNew, phase: phaseNoopPlan, n: 100, traffic: traffic{gets: 100, conns: 10}})
	r.census(censusRow{c: konnectClassic, phase: phaseEmptyPlan, n: 100})
	r.census(censusRow{c: konnectClassic, phase: phaseCreate, n: 500, peakRSS: 59 << 20, traffic: traffic{puts: 500, gets: 1000, misses: 500}})
	r.census(censusRow{c: konnectPinned, phase: phaseCreate, n: 500, peakRSS: 50 << 20, traffic: traffic{puts: 500, gets: 500}})
	r.startup(konnectName, 60*ms, 1)

	met := map[string]string{}
	for _, tg := range r.targets() {
		v := "unmeasured"
		if tg.met != nil {
			v = map[bool]string{true: "met", false: "missed"}[*tg.met]
		}
		met[tg.goal] = v + ": " + tg.measured
	}
	for goal, want := range map[string]string{
		requestGoals[0].goal:                          "met: classic, new: 1 PUT + 2 GET (1 answered 404) + 0 other per job; api_version set: 1 PUT + 1 GET + 0 other per job",
		requestGoals[1].goal:                          "missed: new: 2 PUT + 2 GET + 0 other per job",
		requestGoals[3].goal:                          "unmeasured: not measured",
		"a plan without replay jobs sends no request": "met: classic: 0 requests",
		"create waits for at most 2 answers in turn (one job in flight)":                                                          "missed: classic, new: 2; api_version set: 3",
		"no-op plan of 100 jobs opens at most 10 connections (Terraform's parallelism)":                                           "missed: classic: 11 at 0 latency; new: 10 at 0 latency",
		"apply of 100 jobs at 0 latency within 1.15 × the do-nothing provider, classic and new Dev Portals":                       "met: classic: 1.10 ×; new: 1.12 ×",
		"apply of 100 jobs at 50 ms latency within 1.15 × (the do-nothing provider + latency floor), classic and new Dev Portals": "missed: classic: 1.20 ×; new: 1.10 ×",
		"apply faster than the curl loop at 50 ms latency (100 jobs and more), classic and new Dev Portals":                       "missed: 100 jobs: classic 2.40 s, new 2.20 s against 2.30 s",
		"provider peak RSS under 60 MiB at 500 jobs":                                                                              "met: classic: 59.0 MiB; api_version set: 50.0 MiB",
		"start-up (until the schema is answered) under 50 ms":                                                                     "missed: median 60 ms",
	} {
		if met[goal] != want {
			t.Errorf("%s: %q, want %q", goal, met[goal], want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-quick", "-out="}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.runs != 1 || len(o.sizes) != 1 || o.out != "" || len(o.latencies) != 2 || len(o.census) != 0 {
		t.Errorf("-quick: %+v", o)
	}
	for _, bad := range [][]string{{"-sizes", "0"}, {"-sizes", "a"}, {"-latencies", "-5ms"}, {"-runs", "0"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return string(b)
}
