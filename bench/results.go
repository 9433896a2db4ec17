package main

import (
	"slices"
	"time"
)

// op is what a timed run measures.
type op string

const (
	opApply op = "apply"
	opPlan  op = "no-op plan"
)

// phase is a step of a job's life whose requests are counted.
type phase string

const (
	phaseEmptyPlan       phase = "plan without replay jobs"
	phaseCreate          phase = "create"
	phaseNoopPlan        phase = "no-op plan"
	phaseUpdate          phase = "update"
	phaseDestroy         phase = "destroy"
	phaseImport          phase = "import"
	phasePlanAfterImport phase = "plan after import"
)

type timingKey struct {
	c   contender
	op  op
	n   int
	lat time.Duration // 0 for contenders that never reach the mock
}

// phases is every phase, in the order a census takes a job through them.
var phases = []phase{phaseEmptyPlan, phaseCreate, phaseNoopPlan, phaseUpdate, phaseDestroy, phaseImport, phasePlanAfterImport}

// censusRow is what one phase of n jobs cost, counted rather than timed.
type censusRow struct {
	c         contender // the Konnect provider's configuration
	phase     phase
	n         int
	latency   time.Duration
	traffic   traffic
	peakRSS   int64 // bytes, largest of the provider processes
	processes int   // provider processes Terraform started
	took      time.Duration
}

type results struct {
	o        options
	about    []fact
	timings  map[timingKey][]time.Duration
	startups map[string][]time.Duration // by provider
	schemas  map[string]int             // schema answer size in bytes, by provider
	rows     []censusRow                // the census of -census jobs at each latency
	// turnRows are the census of 1 job at turnLatency, where Request.Turn
	// counts the answers the job waited for in turn exactly.
	turnRows []censusRow
}

// fact is one line of the report's description of the run.
type fact struct{ name, value string }

func newResults(o options) *results {
	return &results{
		o:        o,
		timings:  map[timingKey][]time.Duration{},
		startups: map[string][]time.Duration{},
		schemas:  map[string]int{},
	}
}

func (r *results) timing(c contender, o op, n int, lat time.Duration, took time.Duration) {
	k := timingKey{c, o, n, timingLatency(c, lat)}
	r.timings[k] = append(r.timings[k], took)
}

func (r *results) startup(provider string, took time.Duration, schemaBytes int) {
	r.startups[provider] = append(r.startups[provider], took)
	r.schemas[provider] = schemaBytes
}

func (r *results) census(row censusRow) { r.rows = append(r.rows, row) }

func (r *results) turnCensus(row censusRow) { r.turnRows = append(r.turnRows, row) }

// median returns the median of c's runs, and false when there are none.
func (r *results) median(c contender, o op, n int, lat time.Duration) (time.Duration, bool) {
	d := r.timings[timingKey{c, o, n, timingLatency(c, lat)}]
	if len(d) == 0 {
		return 0, false
	}
	return median(d), true
}

// timingLatency is the latency a contender's runs are filed under: those that
// never reach the mock are filed under 0.
func timingLatency(c contender, lat time.Duration) time.Duration {
	if !c.reachesMock() {
		return 0
	}
	return lat
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// inTurn is k, how many answers each job of an op waits for in turn with
// the README's configuration (api_version unset): an apply reads the job's
// webhook status before it may send the window, since a window sent into a
// disabled webhook is lost, and reads it from both APIs at once, the one
// that answers 200 being the portal's; a no-op plan reads the job. Setting
// api_version saves the second read, not a turn. The census measures these
// (the "answers in turn" targets) rather than trusting them.
var inTurn = map[op]int{opApply: 2, opPlan: 1}

// latencyFloor is the least time n jobs of op take at this latency when
// Terraform works on parallelism of them at once, each sending its
// requests in turn.
func latencyFloor(o op, n int, lat time.Duration) time.Duration {
	return time.Duration(inTurn[o]*n) * lat / parallelism
}

// floor is a do-nothing provider's median plus the latency floor: what no
// provider of this kind can beat.
func (r *results) floor(base contender, o op, n int, lat time.Duration) (time.Duration, bool) {
	noop, ok := r.median(base, o, n, 0)
	return noop + latencyFloor(o, n, lat), ok
}

// ratioToFloor is a Konnect contender's median divided by the floor.
func (r *results) ratioToFloor(c, base contender, o op, n int, lat time.Duration) (float64, bool) {
	k, ok1 := r.median(c, o, n, lat)
	f, ok2 := r.floor(base, o, n, lat)
	if !ok1 || !ok2 || f == 0 {
		return 0, false
	}
	return float64(k) / float64(f), true
}

// phaseRows returns the census rows of one phase, the single job's first.
func (r *results) phaseRows(p phase) []censusRow {
	var out []censusRow
	for _, row := range append(r.turnRows[:len(r.turnRows):len(r.turnRows)], r.rows...) {
		if row.phase == p {
			out = append(out, row)
		}
	}
	return out
}
