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

// censusRow is what one phase of n jobs cost, counted rather than timed.
type censusRow struct {
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
	startups map[contender][]time.Duration
	schemas  map[contender]int // schema answer size in bytes
	rows     []censusRow
}

// fact is one line of the report's description of the run.
type fact struct{ name, value string }

func newResults(o options) *results {
	return &results{
		o:        o,
		timings:  map[timingKey][]time.Duration{},
		startups: map[contender][]time.Duration{},
		schemas:  map[contender]int{},
	}
}

func (r *results) timing(c contender, o op, n int, lat time.Duration, took time.Duration) {
	k := timingKey{c, o, n, timingLatency(c, lat)}
	r.timings[k] = append(r.timings[k], took)
}

func (r *results) startup(c contender, took time.Duration, schemaBytes int) {
	r.startups[c] = append(r.startups[c], took)
	r.schemas[c] = schemaBytes
}

func (r *results) census(row censusRow) { r.rows = append(r.rows, row) }

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

// inTurn is how many requests each job of an op must send one after the
// other: an apply reads the job's webhook status before it may send the
// window, since a window sent into a disabled webhook is lost; a no-op plan
// reads the job.
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

// ratioToFloor is the Konnect provider's median divided by the floor.
func (r *results) ratioToFloor(base contender, o op, n int, lat time.Duration) (float64, bool) {
	k, ok1 := r.median(konnectProvider, o, n, lat)
	f, ok2 := r.floor(base, o, n, lat)
	if !ok1 || !ok2 || f == 0 {
		return 0, false
	}
	return float64(k) / float64(f), true
}

// rows returns the census rows of one phase.
func (r *results) phaseRows(p phase) []censusRow {
	var out []censusRow
	for _, row := range r.rows {
		if row.phase == p {
			out = append(out, row)
		}
	}
	return out
}
