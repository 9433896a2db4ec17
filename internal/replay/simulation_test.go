package replay

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock/clocktest"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// The simulation looks for the cases nobody listed: a seeded model of
// Konnect, with every fault the engine must survive, serves two applies in
// a row and the refresh between them, on the one fake clock, and after each
// seed the invariants of "exactly once" are checked. A failing seed is
// printed with what happened; it becomes a row of the table's tests.
var simSeeds = flag.Uint64("sim.seeds", 10000, "how many seeds TestSimulation runs")

func TestSimulation(t *testing.T) {
	t.Parallel()
	failed := 0
	seen := map[string]int{}
	for seed := range *simSeeds {
		if msg := simulate(seed, seen); msg != "" {
			failed++
			if failed <= 5 {
				t.Errorf("seed %d:\n%s", seed, msg)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d seeds broke an invariant", failed, *simSeeds)
	}
	// What the seeds reached, so that a change that stops reaching a case
	// shows (go test -v).
	var lines []string
	for k, n := range seen {
		lines = append(lines, fmt.Sprintf("%6d  %s", n, k))
	}
	slices.Sort(lines)
	t.Logf("outcomes over %d seeds:\n%s", *simSeeds, strings.Join(lines, "\n"))
	for _, want := range []string{"apply 1: sent/accepted", "apply 1: sent/taken", "apply 1: sent/shown", "apply 1: maybe sent/cannot tell",
		"apply 1: maybe sent/no answer", "refresh: sent/superseded", "refresh: not sent/not shown", "refresh: sent/shown", "resent"} {
		if seen[want] == 0 {
			t.Errorf("no seed reached %q; the model no longer plays that case", want)
		}
	}
}

// model is Konnect's job for one scope, as the simulation plays it.
type model struct {
	mu  sync.Mutex
	rng *rand.Rand
	clk *clocktest.Fake
	// skew is how far Konnect's clock is ahead of the engine's.
	skew time.Duration
	// lag is how far behind a read may be: it shows the job as it was up
	// to lag ago.
	lag time.Duration
	// writes are the job's versions, each from the moment, on Konnect's
	// clock, it was written; nil is no job.
	writes []write
	// others are other writers' windows, each sent at its moment unless a
	// job is running then.
	others []write
	win    konnect.Window
	// ourAccepted counts the PUTs of the window that Konnect took.
	ourAccepted int
	// puts are the engine's PUTs, on its clock, and whether each was a 409.
	puts []putSeen
	log  []string
	// faulty says whether faults are played at all (a quiet seed).
	faulty bool
}

type write struct {
	at  time.Time
	job *mjob
}

type putSeen struct {
	at       time.Time
	conflict bool
}

// mjob is a job of the model: it moves with Konnect's clock.
type mjob struct {
	win                        konnect.Window
	acceptedAt                 time.Time
	accepted, pending, running time.Duration
	fails                      bool
}

func (j *mjob) statusAt(now time.Time) (konnect.Status, time.Time) {
	p := j.acceptedAt.Add(j.accepted)
	r := p.Add(j.pending)
	e := r.Add(j.running)
	switch {
	case now.Before(p):
		return konnect.StatusAccepted, j.acceptedAt
	case now.Before(r):
		return konnect.StatusPending, p
	case now.Before(e):
		return konnect.StatusRunning, r
	case j.fails:
		return konnect.StatusFailed, e
	}
	return konnect.StatusCompleted, e
}

func (m *model) now() time.Time { return m.clk.Now().Add(m.skew) }

func (m *model) newJob(win konnect.Window, at time.Time) *mjob {
	return &mjob{
		win: win, acceptedAt: at,
		accepted: time.Duration(m.rng.IntN(20)) * time.Second,
		pending:  time.Duration(m.rng.IntN(20)) * time.Second,
		running:  time.Duration(m.rng.IntN(180)) * time.Second,
		fails:    m.rng.IntN(7) == 0,
	}
}

// current is the job now, after other writers had their turn.
func (m *model) current() *mjob {
	now := m.now()
	for len(m.others) > 0 && !m.others[0].at.After(now) {
		o := m.others[0]
		m.others = m.others[1:]
		if cur := m.at(o.at); cur != nil {
			if st, _ := cur.statusAt(o.at); st == konnect.StatusRunning {
				continue // Konnect refused that writer with a 409
			}
		}
		m.writes = append(m.writes, write{at: o.at, job: m.newJob(o.job.win, o.at)})
		m.log = append(m.log, fmt.Sprintf("%s another writer sends %s", o.at.Format(time.TimeOnly), wtext(o.job.win)))
	}
	return m.at(now)
}

// at is the job as it was at t.
func (m *model) at(t time.Time) *mjob {
	var j *mjob
	for _, w := range m.writes {
		if !w.at.After(t) {
			j = w.job
		}
	}
	return j
}

func (m *model) body(j *mjob, at time.Time, sparse bool) string {
	if j == nil {
		return `{"start_at":"0001-01-01T00:00:00Z","end_at":"0001-01-01T00:00:00Z","status":"unconfigured","updated_at":"0001-01-01T00:00:00Z"}`
	}
	st, since := j.statusAt(at)
	if sparse {
		return fmt.Sprintf(`{"status":%q,"updated_at":%q}`, st, since.Format(time.RFC3339Nano))
	}
	return fmt.Sprintf(`{"start_at":%q,"end_at":%q,"status":%q,"updated_at":%q}`,
		j.win.StartAt.Format(time.RFC3339Nano), j.win.EndAt.Format(time.RFC3339Nano), st, since.Format(time.RFC3339Nano))
}

func (m *model) chance(p float64) bool { return m.faulty && m.rng.Float64() < p }

// RoundTrip is Konnect, with its faults.
func (m *model) RoundTrip(req *http.Request) (*http.Response, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	switch {
	case strings.HasSuffix(req.URL.Path, "/audit-log-webhook/status"):
		return reply(200, `{"webhook_enabled":true,"webhook_status":"active"}`), nil
	case req.Method == http.MethodPut:
		return m.put(body)
	}
	return m.get()
}

var errReset = errors.New("connection reset by peer")

func (m *model) put(body []byte) (*http.Response, error) {
	at := m.clk.Now()
	cur := m.current()
	now := m.now()
	note := func(s string) { m.log = append(m.log, fmt.Sprintf("%s PUT: %s", now.Format(time.TimeOnly), s)) }
	switch {
	case m.chance(0.04):
		note("503, not processed")
		m.puts = append(m.puts, putSeen{at: at})
		return reply(503, `{"status":503,"title":"Service Unavailable"}`), nil
	case m.chance(0.03):
		note("no connection")
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	case m.chance(0.04):
		note("connection reset before Konnect saw it")
		m.puts = append(m.puts, putSeen{at: at})
		return nil, errReset
	}
	m.puts = append(m.puts, putSeen{at: at})
	if cur != nil {
		if st, _ := cur.statusAt(now); st == konnect.StatusRunning {
			m.puts[len(m.puts)-1].conflict = true
			if m.chance(0.1) {
				note("409, its answer lost")
				return nil, errReset
			}
			note("409")
			return reply(409, `{"status":409,"title":"Conflict","detail":"A replay job is currently running"}`), nil
		}
	}
	var sent struct {
		StartAt time.Time `json:"start_at"`
		EndAt   time.Time `json:"end_at"`
	}
	if err := json.Unmarshal(body, &sent); err != nil {
		return reply(400, `{"status":400}`), nil
	}
	j := m.newJob(konnect.Window{StartAt: sent.StartAt, EndAt: sent.EndAt}, now)
	m.writes = append(m.writes, write{at: now, job: j})
	if sameTimes(j.win, m.win) {
		m.ourAccepted++
	}
	switch p := m.rng.Float64(); {
	case !m.faulty || p < 0.45:
		note("202, taken")
		return reply(202, m.body(j, now, false)), nil
	case p < 0.52:
		note("204, taken")
		return reply(204, ""), nil
	case p < 0.58:
		note("202 saying unconfigured, taken")
		return reply(202, m.body(nil, now, false)), nil
	case p < 0.64:
		note("202 showing another window, taken")
		return reply(202, m.body(&mjob{win: konnect.Window{StartAt: m.win.StartAt.Add(-time.Hour), EndAt: m.win.EndAt}, acceptedAt: now}, now, false)), nil
	case p < 0.70:
		note("202 without times, taken")
		return reply(202, m.body(j, now, true)), nil
	case p < 0.76:
		note("202 cut short, taken")
		return cut(202, m.body(j, now, false)), nil
	case p < 0.88:
		note("502 from a gateway, taken")
		return reply(502, "<html>Bad Gateway</html>"), nil
	default:
		note("connection reset after Konnect took it")
		return nil, errReset
	}
}

func (m *model) get() (*http.Response, error) {
	cur := m.current()
	now := m.now()
	note := func(s string) { m.log = append(m.log, fmt.Sprintf("%s GET: %s", now.Format(time.TimeOnly), s)) }
	switch {
	case m.chance(0.05):
		note("500")
		return reply(500, `{"status":500,"title":"Internal Server Error"}`), nil
	case m.chance(0.03):
		note("502")
		return reply(502, "<html>Bad Gateway</html>"), nil
	case m.chance(0.03):
		note("reset")
		return nil, errReset
	case m.chance(0.03):
		note("cut short")
		return cut(200, m.body(cur, now, false)), nil
	}
	seen, at := cur, now
	if m.lag > 0 {
		at = now.Add(-time.Duration(m.rng.Int64N(int64(m.lag) + 1)))
		seen = m.at(at)
	}
	sparse := m.chance(0.04)
	note(fmt.Sprintf("shows %s%s", m.describe(seen, at), map[bool]string{true: " (without times)"}[sparse]))
	return reply(200, m.body(seen, at, sparse)), nil
}

func (m *model) describe(j *mjob, at time.Time) string {
	if j == nil {
		return "no job"
	}
	st, _ := j.statusAt(at)
	whose := "another window"
	if sameTimes(j.win, m.win) {
		whose = "the window"
	}
	return fmt.Sprintf("%s, %s", whose, st)
}

func reply(status int, body string) *http.Response {
	h := http.Header{}
	if body != "" {
		h.Set("Content-Type", "application/json")
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

// cut is an answer whose body breaks off halfway.
func cut(status int, body string) *http.Response {
	r := reply(status, body)
	r.Body = io.NopCloser(io.MultiReader(strings.NewReader(body[:len(body)/2]), errReader{}))
	return r
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func wtext(w konnect.Window) string {
	return w.StartAt.Format(time.TimeOnly) + "–" + w.EndAt.Format(time.TimeOnly)
}

// simulate plays one seed and returns what broke, or "".
func simulate(seed uint64, seen map[string]int) string {
	rng := rand.New(rand.NewPCG(seed, 0x5eed)) //nolint:gosec // seeded, so that a failing seed plays again the same way
	begin := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	clk := clocktest.NewAuto(begin)
	win := konnect.Window{StartAt: begin.Add(-6 * time.Hour), EndAt: begin.Add(-5 * time.Hour)}
	m := &model{rng: rng, clk: clk, win: win, faulty: rng.IntN(10) != 0}
	m.skew = time.Duration(rng.Int64N(int64(8*time.Minute))) - 4*time.Minute
	m.lag = []time.Duration{0, 0, 500 * time.Millisecond, 3 * time.Second}[rng.IntN(4)]
	// What Konnect shows before the first apply.
	switch rng.IntN(5) {
	case 1: // another window, finished or still running
		m.writes = append(m.writes, write{at: m.now().Add(-time.Duration(rng.IntN(600)) * time.Second),
			job: m.newJob(konnect.Window{StartAt: win.StartAt.Add(-24 * time.Hour), EndAt: win.EndAt.Add(-24 * time.Hour)}, m.now().Add(-time.Duration(rng.IntN(200))*time.Second))})
	case 2: // an earlier replay of this very window, finished a day ago
		j := m.newJob(win, m.now().Add(-24*time.Hour))
		m.writes = append(m.writes, write{at: j.acceptedAt, job: j})
	case 3: // an earlier replay of this very window, finished minutes ago
		j := m.newJob(win, m.now().Add(-time.Duration(4+rng.IntN(10))*time.Minute))
		j.accepted, j.pending, j.running = 0, 0, time.Duration(rng.IntN(180))*time.Second
		m.writes = append(m.writes, write{at: j.acceptedAt, job: j})
	}
	// Other writers send other windows now and then.
	for range rng.IntN(3) {
		at := m.now().Add(time.Duration(rng.Int64N(int64(3 * time.Hour))))
		other := konnect.Window{StartAt: win.StartAt.Add(-time.Duration(1+rng.IntN(48)) * time.Hour), EndAt: win.EndAt.Add(-48 * time.Hour)}
		m.others = append(m.others, write{at: at, job: &mjob{win: other}})
	}
	sortWrites(m.others)

	hc := &http.Client{Transport: m}
	c, err := konnect.New(konnect.Config{ServerURL: "http://127.0.0.1/{region}", Token: "kpat_sim", HTTPClient: hc, Clock: clk,
		Retry: konnect.Retry{Max: 2, WaitMin: DefaultPoll.Min, WaitMax: 4 * time.Second}})
	if err != nil {
		return err.Error()
	}
	e := &Engine{Client: c, Poll: DefaultPoll, Resends: 2}
	scope := konnect.PortalScope("eu", konnect.V2, "3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74")

	var (
		problems []string
		warned   bool // a warning said the window was sent again
		rec      *Record
		status   konnect.Status
		retries  int // sends the record asked for: its job failed, or it never reached Konnect
	)
	check := func(stage string, o Outcome) {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.log = append(m.log, fmt.Sprintf("%s: %s/%s, finish %s, resent %v", stage, o.Result, o.Reason, o.Finish, o.Resent))
		name, _, _ := strings.Cut(stage, " (")
		seen[name+": "+o.Result.String()+"/"+o.Reason.String()]++
		if o.Resent {
			seen["resent"]++
		}
		warned = warned || o.Resent
		if o.Result == Sent && m.ourAccepted == 0 {
			problems = append(problems, stage+": the window is recorded as sent, but Konnect never took it")
		}
	}
	apply := func(stage string) {
		req := Request{Scope: scope, Window: win, Wait: rng.IntN(2) == 0, CheckWebhook: rng.IntN(2) == 0,
			Timeout: time.Duration(1+rng.IntN(30)) * time.Minute}
		m.mu.Lock()
		from := len(m.puts)
		m.mu.Unlock()
		o := e.Run(context.Background(), req)
		check(stage, o)
		m.mu.Lock()
		for i := from + 1; i < len(m.puts); i++ {
			if gap := m.puts[i].at.Sub(m.puts[i-1].at); gap < DefaultPoll.Min {
				problems = append(problems, fmt.Sprintf("%s: two PUTs %s apart", stage, gap))
			}
		}
		m.mu.Unlock()
		switch o.Result {
		case Sent, MaybeSent:
			rec = &Record{Scope: scope, Window: win, Result: o.Result, Put: o.Put, SentAt: o.SentAt, Shown: ShownInstead(o)}
			status = ""
			if o.Job != nil {
				status = o.Job.Status
			}
		case NotSent:
		}
	}

	apply("apply 1")
	// The refresh comes at once (a plan right after the apply), a little
	// later, or hours later.
	switch rng.IntN(3) {
	case 0:
		clk.Advance(time.Duration(rng.IntN(5000)) * time.Millisecond)
	case 1:
		clk.Advance(time.Duration(rng.IntN(180)) * time.Second)
	default:
		clk.Advance(time.Duration(rng.IntN(120)) * time.Minute)
	}
	if rec != nil {
		o := e.Refresh(context.Background(), *rec)
		check("refresh", o)
		switch {
		case o.ReadErr != nil:
		case o.Result == NotSent && rec.Result != NotSent:
			// The next apply sends the window as though for the first time:
			// Konnect must not have it.
			if m.ourAccepted > 0 {
				problems = append(problems, "refresh: reads showed Konnect without the window, which it had taken")
			}
			rec.Result = NotSent
		case o.Job != nil:
			rec.Result, status = Sent, o.Job.Status
		case o.Result == Sent:
			rec.Result = Sent
		}
	}
	// The plan sends the window again only for a record that asks for it.
	switch {
	case rec == nil:
		apply("apply 2 (create)")
	case rec.Result == NotSent:
		retries++
		apply("apply 2 (never reached Konnect)")
	case rec.Result == Sent && status == konnect.StatusFailed:
		retries++
		apply("apply 2 (its job failed)")
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ourAccepted > 1+retries && !warned {
		problems = append(problems, fmt.Sprintf("Konnect took the window %d times, and no warning said it was sent again", m.ourAccepted))
	}
	if len(problems) == 0 {
		return ""
	}
	return strings.Join(problems, "\n") + fmt.Sprintf("\n(skew %s, lag %s)\n  ", m.skew, m.lag) + strings.Join(m.log, "\n  ")
}

func sortWrites(ws []write) {
	for i := range ws {
		for j := i + 1; j < len(ws); j++ {
			if ws[j].at.Before(ws[i].at) {
				ws[i], ws[j] = ws[j], ws[i]
			}
		}
	}
}
