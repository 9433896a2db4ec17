// Command bench measures what the Konnect provider costs a Terraform user,
// side by side with its floors, using the real Terraform CLI against the
// project's mock Konnect on loopback:
//
//   - apply and a no-op plan of N replay jobs, at each mock latency, with the
//     provider configured as the README shows (api_version unset) for
//     classic and for new Dev Portals, and with api_version set;
//   - the same N resources of a do-nothing framework provider (./noopprovider);
//   - N terraform_data resources: Terraform alone;
//   - a shell loop of N curl PUTs, the way people send windows without us;
//   - the requests per job and TCP connections of each phase, counted by the
//     mock, with the provider's peak memory, and the answers one job waits
//     for in turn in each phase;
//   - the provider's start-up time, until it answers the schema request.
//
// The contenders take turns in every round, so a noisy machine slows them
// alike, and each figure is the median of the rounds. Run it with make bench;
// it prints the results and writes them into BENCHMARKS.md.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// parallelism is Terraform's default, which the benchmark keeps.
const parallelism = 10

type options struct {
	runs      int             // rounds of timed runs
	sizes     []int           // N for the timed runs
	latencies []time.Duration // mock latencies for the timed runs
	census    []int           // N for counting requests, connections and memory; none with -quick
	startups  int             // provider starts per binary for start-up time
	out       string          // file whose results section is rewritten; "" for none
	profile   string          // folder for profiles instead of a benchmark; "" for none
	args      []string        // the command line, for the report
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 5, "rounds of timed runs; each figure is the median of the rounds")
	sizes := fs.String("sizes", "1,100,500", "numbers of replay jobs for the timed runs")
	latencies := fs.String("latencies", "0,50ms", "mock latencies for the timed runs")
	census := fs.String("census", "100,500", "numbers of jobs whose requests, connections and memory are counted")
	startups := fs.Int("startups", 20, "provider starts per binary to time start-up")
	out := fs.String("out", "BENCHMARKS.md", `file to write the results into ("" for none)`)
	profile := fs.String("profile", "", "instead of benchmarking, write CPU profiles of the provider applying and planning\n"+
		"the first of -sizes at the first of -latencies (cpu-apply.pprof, cpu-plan.pprof), and its allocations\n"+
		"(heap.pprof), into this folder; -tagfocus side=provider leaves the mock out")
	quick := fs.Bool("quick", false, "a quick check that the benchmark works: 1 round of 1 job, and the requests of one job")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *quick {
		*runs, *sizes, *census, *startups = 1, "1", "", 3
	}
	o := options{runs: *runs, startups: *startups, out: *out, profile: *profile, args: args}
	var err error
	if o.sizes, err = parseInts(*sizes); err != nil {
		return o, fmt.Errorf("-sizes: %w", err)
	}
	if *census != "" { // -quick counts only the one job whose answers in turn are counted
		if o.census, err = parseInts(*census); err != nil {
			return o, fmt.Errorf("-census: %w", err)
		}
	}
	for _, s := range strings.Split(*latencies, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil || d < 0 {
			return o, fmt.Errorf("-latencies: %q is not a duration such as 50ms", s)
		}
		o.latencies = append(o.latencies, d)
	}
	if o.runs < 1 || o.startups < 1 {
		return o, fmt.Errorf("-runs and -startups must be at least 1")
	}
	return o, nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a number of jobs of at least 1", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// progress tells the person waiting what is being measured.
func progress(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
}
