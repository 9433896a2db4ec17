package main

import (
	"io"
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
	konnect := config(konnectProvider, "http://127.0.0.1:1", 3, w, true)
	for _, want := range []string{
		`server_url = "http://127.0.0.1:1/{region}"`, "count       = 3", `start_at    = "2026-11-24T06:00:00Z"`, `api_version = "v3"`,
		"to = konnect_portal_audit_log_replay_job.job[2]", `id = "us/00000000-0000-4000-8000-000000000002"`,
	} {
		if !strings.Contains(konnect, want) {
			t.Errorf("konnect configuration lacks %q:\n%s", want, konnect)
		}
	}
	if got := strings.Count(konnect, "import {"); got != 3 {
		t.Errorf("%d import blocks, want 3", got)
	}
	if strings.Contains(config(konnectProvider, "http://x", 3, w, false), "import") {
		t.Error("import blocks without imports")
	}
	if got := config(noopProvider, "", 2, w, false); !strings.Contains(got, `resource "noop_replay_job" "job"`) || !strings.Contains(got, `source = "bench/noop"`) {
		t.Errorf("do-nothing configuration:\n%s", got)
	}
	if got := config(terraformData, "", 2, w, false); !strings.Contains(got, `resource "terraform_data" "job"`) || strings.Contains(got, "provider") {
		t.Errorf("terraform_data configuration:\n%s", got)
	}
}

// The curl loop and the configurations must name the same portals.
func TestPortalsAgree(t *testing.T) {
	if got := portalID(42); got != "00000000-0000-4000-8000-000000000042" {
		t.Errorf("portalID(42) = %q", got)
	}
	if !strings.Contains(curlScript, "'00000000-0000-4000-8000-%012d'") || !strings.Contains(portalFormat, `"00000000-0000-4000-8000-%012d"`) {
		t.Error("the curl loop and the HCL spell portal IDs differently")
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
	r.timing(konnectProvider, opApply, 100, 0, 1100*ms)
	r.timing(noopProvider, opApply, 100, 0, 1000*ms)
	r.timing(noopQuiet, opApply, 100, 0, 900*ms)
	r.timing(konnectProvider, opApply, 100, 50*ms, 2400*ms) // floor: 1000 + 100 × 2 × 50 ÷ 10
	r.timing(curlLoop, opApply, 100, 50*ms, 1700*ms)
	r.census(censusRow{phase: phaseCreate, n: 100, traffic: traffic{puts: 100, gets: 100}})
	r.census(censusRow{phase: phaseUpdate, n: 100, traffic: traffic{puts: 200, gets: 200}})
	r.census(censusRow{phase: phaseNoopPlan, n: 100, traffic: traffic{gets: 100, conns: 11}})
	r.census(censusRow{phase: phaseEmptyPlan, n: 100})
	r.census(censusRow{phase: phaseCreate, n: 500, peakRSS: 59 << 20, traffic: traffic{puts: 500, gets: 500}})
	r.startup(konnectProvider, 60*ms, 1)

	met := map[string]string{}
	for _, tg := range r.targets() {
		v := "unmeasured"
		if tg.met != nil {
			v = map[bool]string{true: "met", false: "missed"}[*tg.met]
		}
		met[tg.goal] = v + ": " + tg.measured
	}
	for goal, want := range map[string]string{
		"create: exactly 1 PUT per job, plus the 1 GET that checks its webhook":                      "met: 1 PUT + 1 GET + 0 other per job",
		"update: exactly 1 PUT per job, plus the refresh's 1 GET and the webhook's 1 GET":            "missed: 2 PUT + 2 GET + 0 other per job",
		"import: exactly 1 GET per job, plus the 1 GET that finds its portal's API":                  "unmeasured: not measured",
		"a plan without replay jobs sends no request":                                                "met: 0 requests",
		"no-op plan of 100 jobs opens at most 10 connections (Terraform's parallelism)":              "missed: 11 at 0 latency",
		"apply of 100 jobs at 0 latency within 1.15 × the do-nothing provider":                       "met: 1.10 ×",
		"apply of 100 jobs at 50 ms latency within 1.15 × (the do-nothing provider + latency floor)": "missed: 1.20 ×",
		"apply faster than the curl loop at 50 ms latency (100 jobs and more)":                       "missed: 100 jobs: 2.40 s against 1.70 s",
		"provider peak RSS under 60 MiB at 500 jobs":                                                 "met: 59.0 MiB",
		"start-up (until the schema is answered) under 50 ms":                                        "missed: median 60 ms",
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
	if o.runs != 1 || len(o.sizes) != 2 || o.out != "" || len(o.latencies) != 2 {
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
