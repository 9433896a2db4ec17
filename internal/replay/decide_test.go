package replay

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// enumValues are the values of every constant of the named type declared in
// the package in dir, found by type-checking its source: a constant added
// anywhere, in any order, is among them. Imports are not resolved; the
// enums here need none.
func enumValues(t *testing.T, dir, typeName string) []int64 {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: noImports{}, Error: func(error) {}, IgnoreFuncBodies: true}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	conf.Check("enums", fset, files, info) //nolint:errcheck // unresolved imports are expected
	var values []int64
	for id, obj := range info.Defs {
		c, ok := obj.(*types.Const)
		if !ok || id.Name == "_" {
			continue
		}
		if named, ok := c.Type().(*types.Named); ok && named.Obj().Name() == typeName {
			v, _ := constant.Int64Val(c.Val())
			values = append(values, v)
		}
	}
	slices.Sort(values)
	if len(values) == 0 {
		t.Fatalf("found no constants of type %s in %s", typeName, dir)
	}
	return values
}

// noImports resolves no import: the enums' declarations need none.
type noImports struct{}

func (noImports) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s is not resolved here", path)
}

func valuesOf[T ~int](t *testing.T, name string) []T {
	var out []T
	for _, v := range enumValues(t, ".", name) {
		out = append(out, T(v))
	}
	return out
}

// Every evidence the table can be given matches exactly one row: none is
// left undecided, and no decision depends on the order of the rows. A new
// constant of any kind of evidence, wherever it is declared, fails this
// until the table has rows for it.
func TestTableMatchesExactlyOnce(t *testing.T) {
	t.Parallel()
	stages, puts, seens := valuesOf[Stage](t, "Stage"), valuesOf[Put](t, "Put"), valuesOf[Seen](t, "Seen")
	records := append([]Result{0}, valuesOf[Result](t, "Result")...)
	stops := valuesOf[Stop](t, "Stop")
	bools := []bool{false, true}
	checked, failures := 0, 0
	for _, stage := range stages {
		for _, put := range puts {
			for _, seen := range seens {
				for _, record := range records {
					for absent := range AgreeingReads + 1 {
						for _, wait := range bools {
							for _, stop := range stops {
								for _, canResend := range bools {
									for _, changed := range bools {
										for _, reached := range bools {
											for _, early := range bools {
												k := Known{Stage: stage, Put: put, Seen: seen, Record: record, Absent: absent, Wait: wait, Stop: stop,
													CanResend: canResend, Changed: changed, Reached: reached, Early: early}
												var matched []int
												for i := range table {
													if table[i].matches(k) {
														matched = append(matched, i)
													}
												}
												checked++
												if len(matched) != 1 && failures < 20 {
													failures++
													t.Errorf("%s matches rows %v; want exactly one", knownText(k), matched)
												}
											}
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d combinations of evidence, each decided by one row", checked)
}

func knownText(k Known) string {
	return fmt.Sprintf("stage %s, put %s, seen %s, record %s, absent %d, wait %v, stop %d, can resend %v, changed %v, reached %v, early %v",
		k.Stage, k.Put, k.Seen, k.Record, k.Absent, k.Wait, k.Stop, k.CanResend, k.Changed, k.Reached, k.Early)
}

// Every ending the client gives a PUT has a meaning; the ones that leave
// open whether Konnect took the window are "may have".
func TestPutOf(t *testing.T) {
	t.Parallel()
	win := konnect.Window{StartAt: start.Add(-2 * time.Hour), EndAt: start.Add(-time.Hour)}
	want := map[konnect.Ending]Put{
		konnect.Unreadable: Took, konnect.Conflict: Met409, konnect.Rejected: Rejected, konnect.Unavailable: NotProcessed,
		konnect.ServerFault: MayHave, konnect.Unreachable: NeverLeft, konnect.NoAnswer: MayHave,
		konnect.StoppedBeforeSending: NeverLeft, konnect.StoppedInFlight: MayHave,
	}
	for _, v := range enumValues(t, "../konnect", "Ending") {
		e := konnect.Ending(v)
		if e == konnect.Answered {
			continue // below, by what the answer shows
		}
		w, ok := want[e]
		if !ok {
			t.Errorf("the ending %s has no expected Put in this test: add it, and a case to PutOf", e)
			continue
		}
		if got := PutOf(nil, endingError{e}, win); got != w {
			t.Errorf("PutOf(%s) = %s, want %s", e, got, w)
		}
	}
	answers := []struct {
		name string
		job  *konnect.ReplayJob
		want Put
	}{
		{"the window's job", &konnect.ReplayJob{Window: win, Status: konnect.StatusAccepted}, Showed},
		{"a job without its times", &konnect.ReplayJob{Status: konnect.StatusAccepted}, Showed},
		{"204, no job", nil, Took},
		{"unconfigured", &konnect.ReplayJob{Status: konnect.StatusUnconfigured}, Took},
		{"another window", &konnect.ReplayJob{Window: konnect.Window{StartAt: win.StartAt.Add(-time.Hour), EndAt: win.EndAt}, Status: konnect.StatusAccepted}, Took},
	}
	for _, a := range answers {
		if got := PutOf(a.job, nil, win); got != a.want {
			t.Errorf("a 2xx answering %s: PutOf = %s, want %s", a.name, got, a.want)
		}
	}
}

type endingError struct{ e konnect.Ending }

func (e endingError) Error() string          { return e.e.String() }
func (e endingError) Ending() konnect.Ending { return e.e }

// Classify measures a job against the window and the moment it was sent.
func TestClassify(t *testing.T) {
	t.Parallel()
	sentAt := start
	job := func(w konnect.Window, status konnect.Status, updated time.Time) *konnect.ReplayJob {
		return &konnect.ReplayJob{Window: w, Status: status, UpdatedAt: updated}
	}
	cases := []struct {
		name   string
		job    *konnect.ReplayJob
		err    error
		sentAt time.Time
		want   Seen
	}{
		{name: "a failed read", err: endingError{konnect.ServerFault}, want: FailedRead},
		{name: "a refused read", err: &konnect.Error{StatusCode: http.StatusForbidden}, want: RefusedRead},
		{name: "no read", want: Unread},
		{name: "no job", job: &konnect.ReplayJob{Status: konnect.StatusUnconfigured}, want: NoJob},
		{name: "another window running", job: job(other, konnect.StatusRunning, start), want: OtherRunning},
		{name: "another window pending", job: job(other, konnect.StatusPending, start), want: OtherQueued},
		{name: "another window failed", job: job(other, konnect.StatusFailed, start), want: OtherFinished},
		{name: "a job without its times", job: &konnect.ReplayJob{Status: konnect.StatusCompleted, UpdatedAt: start}, want: NoTimes},
		{name: "this window, running", job: job(window, konnect.StatusRunning, start.Add(-time.Hour)), want: Ongoing},
		{name: "this window, completed a day before it was sent", job: job(window, konnect.StatusCompleted, sentAt.Add(-24*time.Hour)), sentAt: sentAt, want: Earlier},
		{name: "this window, completed just over the skew before", job: job(window, konnect.StatusCompleted, sentAt.Add(-ClockSkew-time.Second)), sentAt: sentAt, want: Earlier},
		{name: "this window, completed within the skew before", job: job(window, konnect.StatusCompleted, sentAt.Add(-ClockSkew)), sentAt: sentAt, want: Unsure},
		{name: "this window, failed a second before it was sent", job: job(window, konnect.StatusFailed, sentAt.Add(-time.Second)), sentAt: sentAt, want: Unsure},
		{name: "this window, completed with no time given", job: job(window, konnect.StatusCompleted, time.Time{}), sentAt: sentAt, want: Unsure},
		// Konnect's clock may be ahead: a job finished just before the
		// window was sent may read as a little after it (the simulation
		// found this).
		{name: "this window, completed as it was sent", job: job(window, konnect.StatusCompleted, sentAt), sentAt: sentAt, want: Unsure},
		{name: "this window, failed a minute after it was sent", job: job(window, konnect.StatusFailed, sentAt.Add(time.Minute)), sentAt: sentAt, want: Unsure},
		{name: "this window, failed over the skew after it was sent", job: job(window, konnect.StatusFailed, sentAt.Add(ClockSkew)), sentAt: sentAt, want: Finished},
		{name: "this window, completed, when it was sent is not known", job: job(window, konnect.StatusCompleted, sentAt.Add(-48*time.Hour)), want: Finished},
	}
	for _, tc := range cases {
		if got := Classify(tc.job, tc.err, window, tc.sentAt); got != tc.want {
			t.Errorf("%s: Classify = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// The table's rows, one case each, named for the case. Every row of the
// table is exercised here (TestEveryRowHasACase).
var decideCases = []struct {
	name string
	k    Known
	want Decision
}{
	// After a PUT that Konnect answered 2xx.
	{"accepted, the answer shows the job",
		Known{Stage: AfterPut, Put: Showed, Seen: Unread},
		Decision{Result: Sent, Reason: Accepted, Next: Done, Ours: true}},
	{"2xx without the job: read it for its status",
		Known{Stage: AfterPut, Put: Took, Seen: Unread},
		Decision{Result: Sent, Reason: Taken, Next: Read}},
	{"2xx without the job, and the read shows it",
		Known{Stage: AfterPut, Put: Took, Seen: Ongoing},
		Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	// Seen (case 3): a 202 whose body said "unconfigured", and a read that
	// lagged the same way, ended "not taken", and the next apply sent the
	// window again. Any 2xx is taken.
	{"2xx with an odd body, and the read lags: sent, status unknown",
		Known{Stage: AfterPut, Put: Took, Seen: NoJob},
		Decision{Result: Sent, Reason: Taken, Next: Done}},
	{"2xx, and the read shows this window finished before it was sent: a lagging read",
		Known{Stage: AfterPut, Put: Took, Seen: Unsure},
		Decision{Result: Sent, Reason: Taken, Next: Done}},

	// After a PUT that may have reached Konnect.
	{"no answer: read the job at once",
		Known{Stage: AfterPut, Put: MayHave, Seen: Unread},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{"no answer, and the read fails: maybe",
		Known{Stage: AfterPut, Put: MayHave, Seen: FailedRead},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},
	{"interrupted in flight, and the read fails: maybe, interrupted",
		Known{Stage: AfterPut, Put: MayHave, Seen: RefusedRead, Stop: StoppedByCaller},
		Decision{Result: MaybeSent, Reason: Interrupted, Next: Done}},
	{"no answer, and the read shows the window's job",
		Known{Stage: AfterPut, Put: MayHave, Seen: Finished},
		Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	// Seen (case 2): a job without its times settled the window.
	{"no answer, and a job without its times: maybe",
		Known{Stage: AfterPut, Put: MayHave, Seen: NoTimes},
		Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{"no answer, and a job of this window that finished just before it was sent: maybe",
		Known{Stage: AfterPut, Put: MayHave, Seen: Unsure},
		Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	// Seen (case 4): a 502 after Konnect took the window and one lagging
	// read sent it again. One read proves nothing: read again.
	{"502, and one read shows the older job: read again",
		Known{Stage: AfterPut, Put: MayHave, Seen: OtherFinished, Absent: 1},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	// Seen (case 1): an old job of the same window was taken for the one sent.
	{"no answer, and a job of this window from a day before: not the one sent, read again",
		Known{Stage: AfterPut, Put: MayHave, Seen: Earlier, Absent: 1},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	// A run whose PUT may have reached Konnect never ends "not sent": reads
	// seconds after it may lag (the simulation found a read 3s behind).
	{"interrupted, and two reads agree Konnect lacks the window: maybe",
		Known{Stage: AfterPut, Put: MayHave, Seen: NoJob, Absent: 2, Stop: StoppedByCaller},
		Decision{Result: MaybeSent, Reason: Interrupted, Next: Done}},
	{"two reads agree, another window runs, and the request waits: wait for it",
		Known{Stage: AfterPut, Put: MayHave, Seen: OtherRunning, Absent: 2, Wait: true},
		Decision{Result: NotSent, Reason: Conflict, Next: Wait}},
	{"two reads agree, another window runs, and the request does not wait: maybe",
		Known{Stage: AfterPut, Put: MayHave, Seen: OtherRunning, Absent: 2},
		Decision{Result: MaybeSent, Reason: Conflict, Next: Done}},
	{"two reads agree Konnect lacks the window: send it again",
		Known{Stage: AfterPut, Put: MayHave, Seen: OtherFinished, Absent: 2, CanResend: true},
		Decision{Result: NotSent, Reason: NotShown, Next: SendAgain}},
	{"two reads agree Konnect lacks the window, and no resend is left: maybe",
		Known{Stage: AfterPut, Put: MayHave, Seen: Earlier, Absent: 2},
		Decision{Result: MaybeSent, Reason: NotShown, Next: Done}},
	{"behind another window after a PUT that may have reached Konnect, until the timeout: maybe",
		Known{Stage: Blocked, Seen: Unread, Stop: StoppedByTimeout, Reached: true},
		Decision{Result: MaybeSent, Reason: TimedOut, Next: Done}},

	// After a 409.
	{"409: read the job",
		Known{Stage: AfterPut, Put: Met409, Seen: Unread},
		Decision{Result: NotSent, Reason: Conflict, Next: Read}},
	{"409 for this very window: Konnect is replaying it",
		Known{Stage: AfterPut, Put: Met409, Seen: Ongoing},
		Decision{Result: Sent, Reason: Replaying, Next: Done, Ours: true}},
	{"409 and a running job without its times: maybe",
		Known{Stage: AfterPut, Put: Met409, Seen: NoTimes},
		Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{"409 for another window, and the request waits",
		Known{Stage: AfterPut, Put: Met409, Seen: OtherRunning, Wait: true},
		Decision{Result: NotSent, Reason: Conflict, Next: Wait}},
	{"409 and an earlier job of this window, no wait: conflict",
		Known{Stage: AfterPut, Put: Met409, Seen: Earlier},
		Decision{Result: NotSent, Reason: Conflict, Next: Done}},
	{"409, and the read is refused: conflict",
		Known{Stage: AfterPut, Put: Met409, Seen: RefusedRead, Wait: true},
		Decision{Result: NotSent, Reason: Conflict, Next: Done}},
	{"409, then the timeout",
		Known{Stage: AfterPut, Put: Met409, Seen: Unread, Stop: StoppedByTimeout},
		Decision{Result: NotSent, Reason: TimedOut, Next: Done}},
	{"409 after the window was sent again: only maybe not sent",
		Known{Stage: AfterPut, Put: Met409, Seen: FailedRead, Reached: true},
		Decision{Result: MaybeSent, Reason: Conflict, Next: Done}},

	// PUTs Konnect did not take.
	{"400", Known{Stage: AfterPut, Put: Rejected}, Decision{Result: NotSent, Reason: Refused, Next: Done}},
	{"503 to every attempt", Known{Stage: AfterPut, Put: NotProcessed}, Decision{Result: NotSent, Reason: Unavailable, Next: Done}},
	{"no connection", Known{Stage: AfterPut, Put: NeverLeft}, Decision{Result: NotSent, Reason: Unreachable, Next: Done}},
	{"Ctrl-C before it was sent", Known{Stage: AfterPut, Put: NeverLeft, Stop: StoppedByCaller}, Decision{Result: NotSent, Reason: Interrupted, Next: Done}},
	{"after a PUT, no PUT known", Known{Stage: AfterPut, Put: NoPut}, Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},

	// Blocked by another window's job.
	{"behind, and a job of this window shows up: being replayed",
		Known{Stage: Blocked, Seen: Finished},
		Decision{Result: Sent, Reason: Replaying, Next: Done, Ours: true}},
	{"behind, and a job without its times: maybe",
		Known{Stage: Blocked, Seen: NoTimes},
		Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{"behind a running job: wait on",
		Known{Stage: Blocked, Seen: OtherRunning},
		Decision{Result: NotSent, Reason: Conflict, Next: Wait}},
	{"behind a job that finished: send",
		Known{Stage: Blocked, Seen: OtherFinished},
		Decision{Result: NotSent, Reason: Conflict, Next: SendAgain}},
	{"behind a job that finished, after a PUT that may have reached Konnect: send again, a resend",
		Known{Stage: Blocked, Seen: NoJob, Reached: true, CanResend: true},
		Decision{Result: MaybeSent, Reason: Conflict, Next: SendAgain}},
	{"behind a job that finished, after a PUT that may have reached Konnect, no resend left: maybe",
		Known{Stage: Blocked, Seen: OtherQueued, Reached: true},
		Decision{Result: MaybeSent, Reason: NotShown, Next: Done}},
	{"behind, and the read is refused",
		Known{Stage: Blocked, Seen: RefusedRead},
		Decision{Result: NotSent, Reason: ReadFailed, Next: Done}},
	{"behind, until the timeout",
		Known{Stage: Blocked, Seen: Unread, Stop: StoppedByTimeout},
		Decision{Result: NotSent, Reason: TimedOut, Next: Done}},

	// Awaiting the window's job.
	{"awaiting, interrupted", Known{Stage: Awaiting, Seen: Ongoing, Stop: StoppedByCaller},
		Decision{Result: Sent, Next: Done, Finish: WaitInterrupted}},
	{"awaiting, running", Known{Stage: Awaiting, Seen: Ongoing},
		Decision{Result: Sent, Next: Read, Ours: true}},
	{"awaiting, failed", Known{Stage: Awaiting, Seen: Finished, Status: konnect.StatusFailed},
		Decision{Result: Sent, Next: Done, Ours: true, Finish: Failed}},
	{"awaiting, a lagging read", Known{Stage: Awaiting, Seen: NoJob},
		Decision{Result: Sent, Next: Read}},
	{"awaiting, another window once: a read may lag, read again", Known{Stage: Awaiting, Seen: OtherQueued, Absent: 1},
		Decision{Result: Sent, Next: Read}},
	{"awaiting, another window in two reads: replaced", Known{Stage: Awaiting, Seen: OtherRunning, Absent: 2},
		Decision{Result: Sent, Next: Done, Finish: Replaced}},
	{"awaiting, the read is refused", Known{Stage: Awaiting, Seen: RefusedRead},
		Decision{Result: Sent, Next: Done, Finish: WaitReadFailed}},

	// Refresh of a record.
	{"refresh: read", Known{Stage: Refresh, Record: Sent, Seen: Unread},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{"refresh of a sent window: its job, finished just after", Known{Stage: Refresh, Record: Sent, Seen: Unsure},
		Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	// Seen (case 5): another window or none re-sent the old one.
	{"refresh of a sent window: another window now, superseded", Known{Stage: Refresh, Record: Sent, Seen: OtherFinished},
		Decision{Result: Sent, Reason: Superseded, Next: Done}},
	{"refresh of a sent window: a job without its times", Known{Stage: Refresh, Record: Sent, Seen: NoTimes},
		Decision{Result: Sent, Reason: CannotTell, Next: Done}},
	{"refresh of a sent window: the read fails", Known{Stage: Refresh, Record: Sent, Seen: FailedRead},
		Decision{Result: Sent, Reason: ReadFailed, Next: Done}},
	{"refresh of a maybe: the window's job", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: Ongoing},
		Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	{"refresh of a maybe: a job without its times stays maybe", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: NoTimes},
		Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{"refresh of a maybe after a 409: another window, not sent", Known{Stage: Refresh, Record: MaybeSent, Put: Met409, Seen: OtherFinished},
		Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{"refresh of a maybe right after it was sent: no job settles nothing yet", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: NoJob, Absent: 2, Early: true},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},
	{"refresh of a maybe right after it was sent: another window there before settles nothing yet", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: OtherFinished, Early: true},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Done}},
	{"refresh of a maybe: an earlier job of this window, read again", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: Earlier, Absent: 1},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{"refresh of a maybe: two reads agree Konnect lacks it", Known{Stage: Refresh, Record: MaybeSent, Put: NoPut, Seen: Earlier, Absent: 2},
		Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{"refresh of a maybe: another window, there before it was sent, read again", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: OtherFinished, Absent: 1},
		Decision{Result: MaybeSent, Reason: NoAnswer, Next: Read}},
	{"refresh of a maybe: another window, there before it was sent, twice", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: OtherFinished, Absent: 2},
		Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{"refresh of a maybe: another window sent since, which may have replaced it", Known{Stage: Refresh, Record: MaybeSent, Put: MayHave, Seen: OtherQueued, Changed: true},
		Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},
	{"refresh of a maybe: the read fails", Known{Stage: Refresh, Record: MaybeSent, Seen: RefusedRead},
		Decision{Result: MaybeSent, Reason: ReadFailed, Next: Done}},
	{"refresh of a window not sent: now Konnect shows it", Known{Stage: Refresh, Record: NotSent, Seen: Finished},
		Decision{Result: Sent, Reason: Shown, Next: Done, Ours: true}},
	{"refresh of a window not sent: still missing", Known{Stage: Refresh, Record: NotSent, Seen: NoJob},
		Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{"refresh of a window not sent: the read fails", Known{Stage: Refresh, Record: NotSent, Seen: FailedRead},
		Decision{Result: NotSent, Reason: ReadFailed, Next: Done}},
	{"refresh without a record", Known{Stage: Refresh, Seen: Ongoing},
		Decision{Result: MaybeSent, Reason: CannotTell, Next: Done}},

	// Import.
	{"import: read", Known{Stage: Import, Seen: Unread}, Decision{Result: NotSent, Reason: NoAnswer, Next: Read}},
	{"import: a job, adopted", Known{Stage: Import, Seen: OtherFinished}, Decision{Result: Sent, Reason: Adopted, Next: Done, Ours: true}},
	{"import: no job", Known{Stage: Import, Seen: NoJob}, Decision{Result: NotSent, Reason: NotShown, Next: Done}},
	{"import: a job without its times", Known{Stage: Import, Seen: NoTimes}, Decision{Result: NotSent, Reason: CannotTell, Next: Done}},
	{"import: the read fails", Known{Stage: Import, Seen: FailedRead}, Decision{Result: NotSent, Reason: ReadFailed, Next: Done}},
}

func TestDecide(t *testing.T) {
	t.Parallel()
	for _, tc := range decideCases {
		if got := Decide(tc.k); got != tc.want {
			t.Errorf("%s: Decide = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// Each row of the table has a case in TestDecide.
func TestEveryRowHasACase(t *testing.T) {
	t.Parallel()
	covered := make([]bool, len(table))
	for _, tc := range decideCases {
		for i := range table {
			if table[i].matches(tc.k) {
				covered[i] = true
			}
		}
	}
	for i, ok := range covered {
		if !ok {
			t.Errorf("row %d of the table (%+v) has no case in TestDecide", i, table[i].d)
		}
	}
}

// The names that the private state stores round-trip.
func TestParseNames(t *testing.T) {
	t.Parallel()
	for _, p := range valuesOf[Put](t, "Put") {
		if got, ok := ParsePut(p.String()); !ok || got != p {
			t.Errorf("ParsePut(%q) = %v, %v", p.String(), got, ok)
		}
	}
	for _, r := range valuesOf[Result](t, "Result") {
		if got, ok := ParseResult(r.String()); !ok || got != r {
			t.Errorf("ParseResult(%q) = %v, %v", r.String(), got, ok)
		}
	}
	if _, ok := ParsePut("sent twice"); ok {
		t.Error("ParsePut took a name no Put has")
	}
}
