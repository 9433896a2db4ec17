package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The targets the provider is held to.
const (
	maxRatioToFloor = 1.15
	maxPeakRSS      = 60 << 20
	maxStartup      = 50 * time.Millisecond
	rssAtJobs       = 500
	ratioAtJobs     = 100
	connsAtJobs     = 100
)

// target is one goal, what was measured for it, and whether it was met;
// met is nil when the run did not measure it.
type target struct {
	goal, measured string
	met            *bool
}

func verdict(ok bool) *bool { return &ok }

func (r *results) targets() []target {
	var ts []target
	ts = append(ts, r.requestTargets()...)
	ts = append(ts, r.connectionTarget())
	ts = append(ts, r.speedTargets()...)
	ts = append(ts, r.memoryTarget(), r.startupTarget())
	return ts
}

// perJob is what each phase must send for n jobs: PUTs, GETs, others.
var perJob = []struct {
	phase            phase
	goal             string
	puts, gets, rest int
}{
	{phaseCreate, "create: exactly 1 PUT per job, plus the 1 GET that checks its webhook", 1, 1, 0},
	{phaseUpdate, "update: exactly 1 PUT per job, plus the refresh's 1 GET and the webhook's 1 GET", 1, 2, 0},
	{phaseNoopPlan, "no-op plan (refresh): exactly 1 GET per job", 0, 1, 0},
	{phaseImport, "import: exactly 1 GET per job, plus the 1 GET that finds its portal's API", 0, 2, 0},
	{phaseDestroy, "destroy: only the refresh's 1 GET per job; none from Delete", 0, 1, 0},
}

func (r *results) requestTargets() []target {
	var ts []target
	for _, want := range perJob {
		t := target{goal: want.goal}
		var seen []string
		for _, row := range r.phaseRows(want.phase) {
			tr, n := row.traffic, row.n
			ok := tr.puts == want.puts*n && tr.gets == want.gets*n && tr.other == want.rest*n
			t.met = verdict(ok && (t.met == nil || *t.met))
			seen = append(seen, fmt.Sprintf("%s PUT + %s GET + %s other per job", perJobOf(tr.puts, n), perJobOf(tr.gets, n), perJobOf(tr.other, n)))
		}
		t.measured = summarize(seen)
		ts = append(ts, t)
	}
	t := target{goal: "a plan without replay jobs sends no request"}
	var seen []string
	for _, row := range r.phaseRows(phaseEmptyPlan) {
		t.met = verdict(row.traffic.requests() == 0 && (t.met == nil || *t.met))
		seen = append(seen, fmt.Sprintf("%d requests", row.traffic.requests()))
	}
	t.measured = summarize(seen)
	return append(ts, t)
}

func (r *results) connectionTarget() target {
	t := target{goal: fmt.Sprintf("no-op plan of %d jobs opens at most %d connections (Terraform's parallelism)", connsAtJobs, parallelism)}
	var seen []string
	for _, row := range r.phaseRows(phaseNoopPlan) {
		if row.n != connsAtJobs {
			continue
		}
		t.met = verdict(row.traffic.conns <= parallelism && (t.met == nil || *t.met))
		seen = append(seen, fmt.Sprintf("%d at %s latency", row.traffic.conns, fmtLatency(row.latency)))
	}
	t.measured = summarize(seen)
	return t
}

func (r *results) speedTargets() []target {
	var ts []target
	for _, base := range floors {
		for _, lat := range r.o.latencies {
			floor := map[contender]string{noopProvider: "the do-nothing provider", noopQuiet: "the do-nothing provider with quiet logs"}[base]
			if lat > 0 {
				floor = "(" + floor + " + latency floor)"
			}
			goal := fmt.Sprintf("apply of %d jobs at %s latency within %.2f × %s", ratioAtJobs, fmtLatency(lat), maxRatioToFloor, floor)
			if base == noopQuiet {
				goal += " (stricter than asked: that floor saves on logging as the provider does)"
			}
			t := target{goal: goal, measured: "not measured"}
			if ratio, ok := r.ratioToFloor(base, opApply, ratioAtJobs, lat); ok {
				t.measured = fmt.Sprintf("%.2f ×", ratio)
				t.met = verdict(ratio <= maxRatioToFloor)
			}
			ts = append(ts, t)
		}
	}
	for _, lat := range r.o.latencies {
		if lat == 0 {
			continue
		}
		t := target{goal: fmt.Sprintf("apply faster than the curl loop at %s latency (%d jobs and more)", fmtLatency(lat), ratioAtJobs)}
		var seen []string
		for _, n := range r.o.sizes {
			k, ok1 := r.median(konnectProvider, opApply, n, lat)
			c, ok2 := r.median(curlLoop, opApply, n, lat)
			if n < ratioAtJobs || !ok1 || !ok2 {
				continue
			}
			t.met = verdict(k < c && (t.met == nil || *t.met))
			seen = append(seen, fmt.Sprintf("%d jobs: %s against %s", n, fmtDuration(k), fmtDuration(c)))
		}
		t.measured = summarize(seen)
		ts = append(ts, t)
	}
	return ts
}

func (r *results) memoryTarget() target {
	t := target{goal: fmt.Sprintf("provider peak RSS under %d MiB at %d jobs", maxPeakRSS>>20, rssAtJobs), measured: "not measured"}
	var peak int64
	for _, row := range r.rows {
		if row.n == rssAtJobs {
			peak = max(peak, row.peakRSS)
		}
	}
	if peak > 0 {
		t.measured = fmtBytes(peak)
		t.met = verdict(peak < maxPeakRSS)
	}
	return t
}

func (r *results) startupTarget() target {
	t := target{goal: fmt.Sprintf("start-up (until the schema is answered) under %s", fmtDuration(maxStartup)), measured: "not measured"}
	if d := r.startups[konnectProvider]; len(d) > 0 {
		m := median(d)
		t.measured = "median " + fmtDuration(m)
		t.met = verdict(m < maxStartup)
	}
	return t
}

// summarize joins what was seen, each different thing once.
func summarize(seen []string) string {
	if len(seen) == 0 {
		return "not measured"
	}
	var distinct []string
	for _, s := range seen {
		if !slices.Contains(distinct, s) {
			distinct = append(distinct, s)
		}
	}
	return strings.Join(distinct, "; ")
}
