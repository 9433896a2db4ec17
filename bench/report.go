package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// markdown renders the results: what was run where, the timings with their
// ratios, the counts, start-up, and the targets.
func (r *results) markdown() string {
	var b strings.Builder
	b.WriteString("## Latest results\n\n")
	for _, f := range r.about {
		fmt.Fprintf(&b, "- **%s:** %s\n", f.name, f.value)
	}

	fmt.Fprintf(&b, "\n### Targets\n\n")
	t := newTable("Target", "Measured", "Met")
	for _, tg := range r.targets() {
		met := "not measured"
		if tg.met != nil {
			met = map[bool]string{true: "yes", false: "**no**"}[*tg.met]
		}
		t.add(tg.goal, tg.measured, met)
	}
	b.WriteString(t.String())

	fmt.Fprintf(&b, "\n### Apply and no-op plan\n\n"+
		"Medians of %d rounds, in seconds. Each apply starts from an empty state; each plan follows that apply and must find nothing to change. "+
		"The Konnect provider runs as the README configures it, api_version unset, for classic Dev Portals (/v2) and for new ones (/v3), "+
		"and with api_version = \"v3\" set, for new ones. "+
		"The floor is the do-nothing provider plus the latency floor, N × latency × k ÷ %d (Terraform's parallelism), "+
		"where k is the answers each job waits for in turn with the README's configuration (see \"Requests and answers in turn\"): "+
		"%d for an apply (its webhook's status, read from both APIs at once, then the window), %d for a plan; setting api_version saves a request, not a turn. "+
		"Providers are timed at each latency; terraform_data and the do-nothing provider never reach the mock, so latency does not apply to them.\n\n",
		r.o.runs, parallelism, inTurn[opApply], inTurn[opPlan])
	b.WriteString(r.timingTable().String())
	fmt.Fprintf(&b, "\nEach configuration's median divided by the floor: the do-nothing provider (+ latency floor), and the same with quiet logs.\n\n")
	b.WriteString(r.ratioTable().String())

	fmt.Fprintf(&b, "\n### Requests and answers in turn\n\n"+
		"One job taken through its life by each configuration, at %s latency, counted by the mock. "+
		"Answers in turn is the largest Turn the mock logged in the phase: how many answers the job waited for one after the other "+
		"(two GETs sent at once, then a PUT, is 2). With several jobs in flight, other jobs' answers would count too, so it is counted with one; "+
		"at this latency, requests sent at once all arrive before the first is answered. A 404 is the answer of the API that does not know the portal.\n\n",
		fmtLatency(turnLatency))
	b.WriteString(r.turnTable().String())

	fmt.Fprintf(&b, "\n### Requests, connections and memory per phase\n\n"+
		"Counted by the mock for each configuration of the Konnect provider, one run each, in the order shown (import follows destroy, so Konnect still has the jobs). "+
		"Connections are TCP connections the mock accepted. Peak RSS is the largest VmHWM among the provider processes Terraform started for the command.\n\n")
	b.WriteString(r.censusTable().String())

	fmt.Fprintf(&b, "\n### Start-up\n\n"+
		"From starting the provider binary, as Terraform does (go-plugin handshake, mutual TLS), until it has answered GetProviderSchema; %d starts each, alternating.\n\n",
		r.o.startups)
	st := newTable("Provider", "Median", "Fastest", "Slowest", "Schema answer")
	for _, name := range []string{konnectName, noopName} {
		d := r.startups[name]
		if len(d) == 0 {
			continue
		}
		lo, hi := spread(d)
		st.add(name, fmtDuration(median(d)), fmtDuration(lo), fmtDuration(hi), fmtBytes(int64(r.schemas[name])))
	}
	b.WriteString(st.String())

	fmt.Fprintf(&b, "\n<details><summary>Every timed run, in seconds</summary>\n\n")
	b.WriteString(r.samplesTable().String())
	b.WriteString("\n</details>\n")
	return b.String()
}

func (r *results) timingTable() *table {
	cols := []string{"N", "Latency", "Step"}
	for _, c := range contenders {
		cols = append(cols, string(c))
	}
	t := newTable(append(cols, "Latency floor")...)
	r.eachTiming(func(n int, lat time.Duration, o op) {
		row := []string{strconv.Itoa(n), fmtLatency(lat), string(o)}
		for _, c := range contenders {
			cell := "–"
			if m, ok := r.median(c, o, n, lat); ok {
				cell = fmtSeconds(m)
			}
			row = append(row, cell)
		}
		t.add(append(row, fmtSeconds(latencyFloor(o, n, lat)))...)
	})
	return t
}

// ratioTable divides each Konnect configuration's medians by each floor.
func (r *results) ratioTable() *table {
	cols := []string{"N", "Latency", "Step"}
	for _, base := range floors {
		for _, c := range konnects {
			cols = append(cols, c.short()+" ÷ "+map[contender]string{noopProvider: "floor", noopQuiet: "quiet floor"}[base])
		}
	}
	t := newTable(cols...)
	r.eachTiming(func(n int, lat time.Duration, o op) {
		row := []string{strconv.Itoa(n), fmtLatency(lat), string(o)}
		for _, base := range floors {
			for _, c := range konnects {
				ratio := "–"
				if x, ok := r.ratioToFloor(c, base, o, n, lat); ok {
					ratio = fmt.Sprintf("%.2f", x)
				}
				row = append(row, ratio)
			}
		}
		t.add(row...)
	})
	return t
}

// eachTiming calls f for every size, latency and op timed, in the order of
// the tables.
func (r *results) eachTiming(f func(n int, lat time.Duration, o op)) {
	for _, n := range r.o.sizes {
		for _, lat := range r.o.latencies {
			for _, o := range []op{opApply, opPlan} {
				f(n, lat, o)
			}
		}
	}
}

// turnTable shows, phase by phase, what one job of each configuration sent
// and how many answers it waited for in turn.
func (r *results) turnTable() *table {
	cols := []string{"Phase"}
	for _, c := range konnects {
		cols = append(cols, c.short()+": requests per job", c.short()+": answers in turn")
	}
	t := newTable(cols...)
	for _, p := range phases {
		row := []string{string(p)}
		for _, c := range konnects {
			reqs, turns := "–", "–"
			for _, cr := range r.turnRows {
				if cr.c == c && cr.phase == p {
					reqs, turns = fmtRequests(cr.traffic, max(cr.n, 1)), strconv.Itoa(cr.traffic.turns)
				}
			}
			row = append(row, reqs, turns)
		}
		t.add(row...)
	}
	return t
}

// fmtRequests is what a phase of n jobs sent, per job, in a few words.
func fmtRequests(t traffic, n int) string {
	if t.requests() == 0 {
		return "none"
	}
	var parts []string
	if t.puts > 0 {
		parts = append(parts, perJobOf(t.puts, n)+" PUT")
	}
	if t.gets > 0 {
		get := perJobOf(t.gets, n) + " GET"
		if t.misses > 0 {
			get += " (" + perJobOf(t.misses, n) + " × 404)"
		}
		parts = append(parts, get)
	}
	if t.other > 0 {
		parts = append(parts, perJobOf(t.other, n)+" other")
	}
	return strings.Join(parts, " + ")
}

func (r *results) censusTable() *table {
	t := newTable("N", "Latency", "Configuration", "Phase", "PUT/job", "GET/job", "404/job", "Other", "Connections", "Provider starts", "Provider peak RSS", "Took")
	for _, row := range r.rows {
		tr := row.traffic
		n := max(row.n, 1)
		if row.phase == phaseEmptyPlan {
			n = 1 // no jobs: the counts are totals
		}
		t.add(strconv.Itoa(row.n), fmtLatency(row.latency), row.c.short(), string(row.phase),
			perJobOf(tr.puts, n), perJobOf(tr.gets, n), perJobOf(tr.misses, n), strconv.Itoa(tr.other), strconv.Itoa(tr.conns),
			strconv.Itoa(row.processes), fmtBytes(row.peakRSS), fmtSeconds(row.took))
	}
	return t
}

func (r *results) samplesTable() *table {
	t := newTable("Contender", "Step", "N", "Latency", "Runs")
	for _, c := range contenders {
		for _, o := range []op{opApply, opPlan} {
			for _, n := range r.o.sizes {
				for _, lat := range r.o.latencies {
					if !c.reachesMock() && lat != r.o.latencies[0] {
						continue
					}
					d, ok := r.timings[timingKey{c, o, n, timingLatency(c, lat)}]
					if !ok {
						continue
					}
					var runs []string
					for _, x := range d {
						runs = append(runs, fmtSeconds(x))
					}
					latency := fmtLatency(lat)
					if !c.reachesMock() {
						latency = "–"
					}
					t.add(string(c), string(o), strconv.Itoa(n), latency, strings.Join(runs, " "))
				}
			}
		}
	}
	return t
}

func spread(d []time.Duration) (lo, hi time.Duration) {
	lo, hi = d[0], d[0]
	for _, x := range d {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// table is a Markdown table.
type table struct {
	cols []string
	rows [][]string
}

func newTable(cols ...string) *table { return &table{cols: cols} }

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) String() string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(t.cols, " | ") + " |\n")
	b.WriteString("|" + strings.Repeat(" --- |", len(t.cols)) + "\n")
	for _, row := range t.rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	return b.String()
}

func fmtSeconds(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func fmtDuration(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
}

func fmtLatency(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	return fmtDuration(d)
}

func fmtBytes(n int64) string {
	if n == 0 {
		return "–"
	}
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// perJobOf is count ÷ n, written without decimals when it is whole.
func perJobOf(count, n int) string {
	if count%n == 0 {
		return strconv.Itoa(count / n)
	}
	return fmt.Sprintf("%.2f", float64(count)/float64(n))
}

// The results go between these lines of the output file; what surrounds
// them is written by hand and kept.
const (
	beginMarker = "<!-- make bench writes below this line -->"
	endMarker   = "<!-- make bench writes above this line -->"
)

// writeResults puts report between the markers of path, or creates path
// with nothing but the markers and the report.
func writeResults(path, report string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	before, after := "# Benchmarks\n\n", "\n"
	if err == nil {
		text := string(old)
		b, e := strings.Index(text, beginMarker), strings.Index(text, endMarker)
		if b < 0 || e < b {
			return fmt.Errorf("%s has no %q line followed by %q: add them where the results go", path, beginMarker, endMarker)
		}
		before, after = text[:b], text[e+len(endMarker):]
	}
	out := before + beginMarker + "\n\n" + strings.TrimSpace(report) + "\n\n" + endMarker + after
	return os.WriteFile(path, []byte(out), 0o644)
}
