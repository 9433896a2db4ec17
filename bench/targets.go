package main

import (
	"fmt"
	"slices"
	"strconv"
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

// perJob is what one job's phase sends: PUTs, GETs, and how many of those
// GETs are answered 404 (the API that does not know the portal).
type perJob struct{ puts, gets, misses int }

// maxCreateTurns is how many answers in turn a create may wait for: the
// webhook's status, then the window.
const maxCreateTurns = 2

// expectedTraffic is what each phase of a job must send, exactly: fixed
// numbers on purpose, since each request is one a job needs and any other
// is a cost every user pays. With api_version unset (the README's
// configuration), a create reads the webhook's status from both APIs at
// once, one answering 404, and the 200 says which API is the portal's: 1
// GET more than with api_version set, and no answer more to wait for, where
// looking up the portal first cost 2 GETs and 1 or 2 answers in turn. The
// API found is in the state, so an update reads the job (refresh) and the
// webhook's status from that API only. An import's ID does not name the
// API, so it reads the job from both at once, whatever the configuration.
func expectedTraffic(c contender, p phase) perJob {
	switch p {
	case phaseCreate:
		if c.pinsAPI() {
			return perJob{puts: 1, gets: 1}
		}
		return perJob{puts: 1, gets: 2, misses: 1}
	case phaseUpdate:
		return perJob{puts: 1, gets: 2}
	case phaseNoopPlan, phaseDestroy, phasePlanAfterImport:
		return perJob{gets: 1}
	case phaseImport:
		return perJob{gets: 2, misses: 1}
	default: // a plan without replay jobs
		return perJob{}
	}
}

// requestGoals are the targets on what each phase sends per job, which
// expectedTraffic gives for each configuration.
var requestGoals = []struct {
	phase phase
	goal  string
}{
	{phaseCreate, "create: exactly 1 PUT per job, after its webhook's status: read from both APIs at once (2 GETs, one answered 404) with api_version unset, 1 GET with it set"},
	{phaseUpdate, "update: exactly 1 PUT per job, plus the refresh's 1 GET and the webhook's 1 GET, from the API in the state"},
	{phaseNoopPlan, "no-op plan (refresh): exactly 1 GET per job"},
	{phaseImport, "import: exactly 2 GETs per job, the job read from both APIs at once (one answered 404)"},
	{phaseDestroy, "destroy: only the refresh's 1 GET per job; none from Delete"},
}

func (r *results) requestTargets() []target {
	var ts []target
	for _, g := range requestGoals {
		ts = append(ts, r.perConfig(g.goal, func(row censusRow) (string, bool) {
			tr, n, want := row.traffic, row.n, expectedTraffic(row.c, g.phase)
			return fmtTraffic(tr, n), tr.puts == want.puts*n && tr.gets == want.gets*n && tr.misses == want.misses*n && tr.other == 0
		}, g.phase))
	}
	ts = append(ts, r.perConfig("a plan without replay jobs sends no request", func(row censusRow) (string, bool) {
		return fmt.Sprintf("%d requests", row.traffic.requests()), row.traffic.requests() == 0
	}, phaseEmptyPlan))
	t := target{goal: fmt.Sprintf("create waits for at most %d answers in turn (one job in flight)", maxCreateTurns), measured: "not measured"}
	var seen []configSeen
	for _, row := range r.turnRows {
		if row.phase == phaseCreate {
			t.met = verdict(row.traffic.turns <= maxCreateTurns && (t.met == nil || *t.met))
			seen = append(seen, configSeen{row.c, strconv.Itoa(row.traffic.turns)})
		}
	}
	if len(seen) > 0 {
		t.measured = summarizeConfigs(seen)
	}
	return append(ts, t)
}

// perConfig is a target met when check holds for every census row of the
// phase, with what was measured for each configuration.
func (r *results) perConfig(goal string, check func(censusRow) (string, bool), p phase) target {
	t := target{goal: goal, measured: "not measured"}
	var seen []configSeen
	for _, row := range r.phaseRows(p) {
		what, ok := check(row)
		t.met = verdict(ok && (t.met == nil || *t.met))
		seen = append(seen, configSeen{row.c, what})
	}
	if len(seen) > 0 {
		t.measured = summarizeConfigs(seen)
	}
	return t
}

// fmtTraffic is what a phase of n jobs sent, per job.
func fmtTraffic(t traffic, n int) string {
	gets := perJobOf(t.gets, n) + " GET"
	if t.misses > 0 {
		gets += " (" + perJobOf(t.misses, n) + " answered 404)"
	}
	return fmt.Sprintf("%s PUT + %s + %s other per job", perJobOf(t.puts, n), gets, perJobOf(t.other, n))
}

func (r *results) connectionTarget() target {
	t := target{goal: fmt.Sprintf("no-op plan of %d jobs opens at most %d connections (Terraform's parallelism)", connsAtJobs, parallelism)}
	var seen []configSeen
	for _, row := range r.rows {
		if row.phase != phaseNoopPlan || row.n != connsAtJobs {
			continue
		}
		t.met = verdict(row.traffic.conns <= parallelism && (t.met == nil || *t.met))
		seen = append(seen, configSeen{row.c, fmt.Sprintf("%d at %s latency", row.traffic.conns, fmtLatency(row.latency))})
	}
	t.measured = summarizeConfigs(seen)
	return t
}

// speedTargets hold the README's configuration, for each kind of portal, to
// the floors.
func (r *results) speedTargets() []target {
	var ts []target
	for _, base := range floors {
		for _, lat := range r.o.latencies {
			floor := map[contender]string{noopProvider: "the do-nothing provider", noopQuiet: "the do-nothing provider with quiet logs"}[base]
			if lat > 0 {
				floor = "(" + floor + " + latency floor)"
			}
			goal := fmt.Sprintf("apply of %d jobs at %s latency within %.2f × %s, classic and new Dev Portals", ratioAtJobs, fmtLatency(lat), maxRatioToFloor, floor)
			if base == noopQuiet {
				goal += " (stricter than asked: that floor saves on logging as the provider does)"
			}
			t := target{goal: goal, measured: "not measured"}
			var seen []configSeen
			for _, c := range readmeKonnects {
				if ratio, ok := r.ratioToFloor(c, base, opApply, ratioAtJobs, lat); ok {
					seen = append(seen, configSeen{c, fmt.Sprintf("%.2f ×", ratio)})
					t.met = verdict(ratio <= maxRatioToFloor && (t.met == nil || *t.met))
				}
			}
			if len(seen) > 0 {
				t.measured = summarizeConfigs(seen)
			}
			ts = append(ts, t)
		}
	}
	for _, lat := range r.o.latencies {
		if lat == 0 {
			continue
		}
		t := target{goal: fmt.Sprintf("apply faster than the curl loop at %s latency (%d jobs and more), classic and new Dev Portals", fmtLatency(lat), ratioAtJobs)}
		var seen []string
		for _, n := range r.o.sizes {
			cl, ok := r.median(curlLoop, opApply, n, lat)
			if n < ratioAtJobs || !ok {
				continue
			}
			var times []string
			for _, c := range readmeKonnects {
				if k, ok := r.median(c, opApply, n, lat); ok {
					t.met = verdict(k < cl && (t.met == nil || *t.met))
					times = append(times, c.short()+" "+fmtDuration(k))
				}
			}
			if len(times) > 0 {
				seen = append(seen, fmt.Sprintf("%d jobs: %s against %s", n, strings.Join(times, ", "), fmtDuration(cl)))
			}
		}
		t.measured = summarize(seen)
		ts = append(ts, t)
	}
	return ts
}

func (r *results) memoryTarget() target {
	t := target{goal: fmt.Sprintf("provider peak RSS under %d MiB at %d jobs", maxPeakRSS>>20, rssAtJobs), measured: "not measured"}
	peaks := map[contender]int64{}
	for _, row := range r.rows {
		if row.n == rssAtJobs {
			peaks[row.c] = max(peaks[row.c], row.peakRSS)
		}
	}
	var seen []configSeen
	for _, c := range konnects {
		if peak := peaks[c]; peak > 0 {
			seen = append(seen, configSeen{c, fmtBytes(peak)})
			t.met = verdict(peak < maxPeakRSS && (t.met == nil || *t.met))
		}
	}
	if len(seen) > 0 {
		t.measured = summarizeConfigs(seen)
	}
	return t
}

func (r *results) startupTarget() target {
	t := target{goal: fmt.Sprintf("start-up (until the schema is answered) under %s", fmtDuration(maxStartup)), measured: "not measured"}
	if d := r.startups[konnectName]; len(d) > 0 {
		m := median(d)
		t.measured = "median " + fmtDuration(m)
		t.met = verdict(m < maxStartup)
	}
	return t
}

// configSeen is what was measured for one configuration of the provider.
type configSeen struct {
	c    contender
	what string
}

// summarizeConfigs says what was measured for each configuration, in the
// report's order of configurations; those that measured the same are named
// together ("classic, new: 2").
func summarizeConfigs(seen []configSeen) string {
	if len(seen) == 0 {
		return "not measured"
	}
	var parts []string
	var whats []string // each configuration's summary, in the order of konnects
	var names []string
	for _, c := range konnects {
		var mine []string
		for _, s := range seen {
			if s.c == c {
				mine = append(mine, s.what)
			}
		}
		if len(mine) == 0 {
			continue
		}
		what := summarize(mine)
		if i := slices.Index(whats, what); i >= 0 {
			names[i] += ", " + c.short()
			continue
		}
		whats = append(whats, what)
		names = append(names, c.short())
	}
	for i := range whats {
		parts = append(parts, names[i]+": "+whats[i])
	}
	return strings.Join(parts, "; ")
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
