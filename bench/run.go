package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

const token = "kpat_bench_token"

// bench holds what every measurement shares.
type bench struct {
	root       string // temporary folder for binaries and workspaces
	konnectExe string
	noopExe    string
	mock       *mock
	env        []string // Terraform's environment
	created    window   // the window every apply sends
	updated    window   // the window an update changes it to
	spaces     map[contender]*workspace
	res        *results
}

func run(o options) error {
	if _, err := exec.LookPath("terraform"); err != nil {
		return errors.New("terraform is not on PATH; the benchmark runs the real Terraform CLI")
	}
	root, err := os.MkdirTemp("", "konnect-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)

	b := &bench{root: root, spaces: map[contender]*workspace{}, res: newResults(o)}
	b.created, b.updated = windows(time.Now())
	if err := b.build(); err != nil {
		return err
	}
	if b.mock, err = startMock(token, slices.Max(append(o.sizes, o.census...))); err != nil {
		return err
	}
	defer b.mock.close()
	if err := b.setEnv(); err != nil {
		return err
	}
	if o.profile != "" {
		return b.profile(o.profile, o.sizes[0], o.latencies[0])
	}
	if err := b.res.describe(); err != nil {
		return err
	}

	steps := []func(options) error{b.timeStartups, b.countAll, b.timeAll}
	for _, step := range steps {
		if err := step(o); err != nil {
			return err
		}
	}
	report := b.res.markdown()
	fmt.Println(report)
	if o.out != "" {
		if err := writeResults(o.out, report); err != nil {
			return err
		}
		progress("results written to %s", o.out)
	}
	return nil
}

// build compiles both providers the same way.
func (b *bench) build() error {
	b.konnectExe = filepath.Join(b.root, "providers", "konnect", "terraform-provider-konnect")
	b.noopExe = filepath.Join(b.root, "providers", "noop", "terraform-provider-noop")
	for exe, pkg := range map[string]string{b.konnectExe: ".", b.noopExe: "./bench/noopprovider"} {
		progress("building %s", pkg)
		cmd := exec.Command("go", "build", "-o", exe, pkg)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", pkg, err)
		}
	}
	return nil
}

// setEnv gives Terraform a CLI configuration of the benchmark's own, which
// takes both providers from the binaries just built, and nothing from the
// user's environment that could change what is measured.
func (b *bench) setEnv() error {
	rc := filepath.Join(b.root, "terraformrc")
	err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "konnect-iac/konnect" = %q
    "bench/noop"          = %q
  }
  direct {}
}
`, filepath.Dir(b.konnectExe), filepath.Dir(b.noopExe))), 0o600)
	if err != nil {
		return err
	}
	home := filepath.Join(b.root, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		return err
	}
	b.env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + os.TempDir(),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_CLI_CONFIG_FILE=" + rc,
		"KONNECT_TOKEN=" + token,
	}
	return nil
}

func (b *bench) workspace(c contender) (*workspace, error) {
	if w, ok := b.spaces[c]; ok {
		return w, nil
	}
	env := b.env[:len(b.env):len(b.env)]
	switch c {
	case curlLoop:
		env = append(env, "KONNECT_URL="+b.mock.url, "START_AT="+b.created.start, "END_AT="+b.created.end)
	case noopQuiet:
		env = append(env, quietLogs...)
	}
	w, err := newWorkspace(b.root, string(c), env)
	if err == nil {
		b.spaces[c] = w
	}
	return w, err
}

// The providers whose start-up is timed.
const (
	konnectName = "konnect"
	noopName    = "do-nothing"
)

// timeStartups starts each provider in turn and times its schema answer.
func (b *bench) timeStartups(o options) error {
	progress("timing provider start-up, %d starts each", o.startups)
	s, err := newStarter()
	if err != nil {
		return err
	}
	for range o.startups {
		for _, p := range []struct{ name, exe string }{{konnectName, b.konnectExe}, {noopName, b.noopExe}} {
			took, size, err := s.schemaTime(p.exe)
			if err != nil {
				return err
			}
			b.res.startup(p.name, took, size)
		}
	}
	return nil
}

// turnLatency is the mock's latency while the answers one job waits for in
// turn are counted: requests the provider sends at once then all arrive
// long before the first of them is answered, however the machine schedules
// them, so Request.Turn counts exactly the answers waited for.
const turnLatency = 50 * time.Millisecond

// countAll counts requests, connections and memory phase by phase, for each
// configuration of the Konnect provider: first the answers in turn of a
// single job, then the -census sizes at each latency. It also warms the
// machine's caches before anything is timed.
func (b *bench) countAll(o options) error {
	for _, c := range konnects {
		rows, err := b.count(c, 1, turnLatency)
		if err != nil {
			return err
		}
		for _, r := range rows {
			b.res.turnCensus(r)
		}
	}
	for _, n := range o.census {
		for _, lat := range o.latencies {
			for _, c := range konnects {
				rows, err := b.count(c, n, lat)
				if err != nil {
					return err
				}
				for _, r := range rows {
					b.res.census(r)
				}
			}
		}
	}
	return nil
}

// count takes n replay jobs of a Konnect contender through their life: a
// plan with none, create, no-op plan, update, destroy and import.
func (b *bench) count(c contender, n int, lat time.Duration) ([]censusRow, error) {
	progress("counting requests of %d jobs at %s latency, %s", n, fmtLatency(lat), c)
	w, err := newWorkspace(b.root, fmt.Sprintf("census-%s-%d-%s", c.short(), n, lat), b.env)
	if err != nil {
		return nil, err
	}
	b.mock.setLatency(lat)
	steps := []struct {
		phase  phase
		config string
		args   []string
	}{
		{phaseEmptyPlan, config(c, b.mock.url, 0, b.created, false), []string{"plan"}},
		{phaseCreate, config(c, b.mock.url, n, b.created, false), []string{"apply"}},
		{phaseNoopPlan, "", []string{"plan"}},
		{phaseUpdate, config(c, b.mock.url, n, b.updated, false), []string{"apply"}},
		{phaseDestroy, "", []string{"destroy"}},
		{phaseImport, config(c, b.mock.url, n, b.updated, true), []string{"apply"}},
		{phasePlanAfterImport, "", []string{"plan"}},
	}
	var rows []censusRow
	for _, s := range steps {
		if s.config != "" {
			if err := w.write(s.config); err != nil {
				return nil, err
			}
		}
		b.mock.reset()
		sampler := startPeakSampler(b.konnectExe)
		took, err := w.terraform(s.args...)
		peak, procs := sampler.finish()
		if err != nil {
			return nil, err
		}
		// Requests other than those expected are reported, not refused:
		// the targets say which phase sent what.
		t := b.mock.traffic()
		if t.failed > 0 {
			return nil, fmt.Errorf("%s, %s of %d jobs: %d requests were refused by the mock", c, s.phase, n, t.failed)
		}
		rows = append(rows, censusRow{c: c, phase: s.phase, n: n, latency: lat, traffic: t, peakRSS: peak, processes: procs, took: took})
	}
	return rows, nil
}

// timeAll runs the timed rounds. In each round, every contender applies and
// plans each size once, in an order that rotates from round to round.
func (b *bench) timeAll(o options) error {
	type turn struct {
		c   contender
		lat time.Duration
	}
	var turns []turn
	for _, lat := range o.latencies {
		for _, c := range konnects {
			turns = append(turns, turn{c, lat})
		}
	}
	turns = append(turns, turn{noopProvider, 0}, turn{noopQuiet, 0}, turn{terraformData, 0})
	if _, err := exec.LookPath("curl"); err == nil {
		for _, lat := range o.latencies {
			turns = append(turns, turn{curlLoop, lat})
		}
	} else {
		progress("curl is not on PATH: the curl loop is left out")
	}
	for r := range o.runs {
		for _, n := range o.sizes {
			progress("round %d of %d: %d jobs", r+1, o.runs, n)
			for i := range turns {
				t := turns[(i+r)%len(turns)]
				if err := b.timeOne(t.c, n, t.lat); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// timeOne applies n jobs from an empty state, then plans them, and checks
// that the mock received what the contender should have sent.
func (b *bench) timeOne(c contender, n int, lat time.Duration) error {
	w, err := b.workspace(c)
	if err != nil {
		return err
	}
	b.mock.setLatency(lat)
	b.mock.reset()
	if c == curlLoop {
		took, err := w.run("bash", "-c", curlScript, "curl-loop", strconv.Itoa(n))
		if err != nil {
			return err
		}
		if err := b.mock.traffic().expect(perJob{puts: 1}, n); err != nil {
			return fmt.Errorf("curl loop: %w", err)
		}
		b.res.timing(c, opApply, n, lat, took)
		return nil
	}

	if err := w.write(config(c, b.mock.url, n, b.created, false)); err != nil {
		return err
	}
	if err := w.forget(); err != nil {
		return err
	}
	took, err := w.terraform("apply")
	if err != nil {
		return err
	}
	// The Konnect provider sends what a create and a refresh need, no
	// more; the others must not reach the mock at all.
	expected := func(p phase) perJob {
		if c.isKonnect() {
			return expectedTraffic(c, p)
		}
		return perJob{}
	}
	if err := b.mock.traffic().expect(expected(phaseCreate), n); err != nil {
		return fmt.Errorf("%s apply: %w", c, err)
	}
	b.res.timing(c, opApply, n, lat, took)

	b.mock.reset()
	if took, err = w.terraform("plan"); err != nil {
		return err
	}
	if err := b.mock.traffic().expect(expected(phaseNoopPlan), n); err != nil {
		return fmt.Errorf("%s plan: %w", c, err)
	}
	b.res.timing(c, opPlan, n, lat, took)
	return nil
}
