package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/konnect-iac/terraform-provider-konnect/internal/clock/clocktest"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// The acceptance tests' env: one test's Konnect, and the configurations,
// steps and checks written against it.

// testEnv is one test's Konnect: a mock of its own, or the real one.
type testEnv struct {
	t     *testing.T
	mock  *mockkonnect.Server // nil against real Konnect
	url   string
	token string
	paths
	// clock is the one clock of the provider and the mock: it moves only
	// when the test moves it, or by as much as the provider waits, so a
	// job changes status when the test says so, and waits take no real time.
	clock *clocktest.Fake
	// settings are more provider settings, "name = value", for every
	// configuration the env writes.
	settings []string
}

// newTestEnv starts a mock with opts unless real Konnect is configured. The
// mock's clock is the env's, ahead of it by mockAhead if given.
func newTestEnv(t *testing.T, opts mockkonnect.Options, mockAhead ...time.Duration) *testEnv {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	env := &testEnv{t: t, clock: clocktest.NewAuto(time.Now().UTC().Truncate(time.Second))}
	if portal := os.Getenv(envTestPortal); portal != "" && os.Getenv(envToken) != "" {
		env.portal, env.token, env.url = portal, os.Getenv(envToken), konnect.DefaultServerURL
		env.region = envOr(envTestRegion, "us")
		return env
	}
	opts.Now = env.clock.Now
	if len(mockAhead) > 0 {
		opts.Now = func() time.Time { return env.clock.Now().Add(mockAhead[0]) }
	}
	if opts.Token == "" {
		opts.Token = testToken
	}
	env.mock = mockkonnect.New(opts)
	srv := httptest.NewServer(env.mock)
	t.Cleanup(srv.Close)
	env.url, env.token = srv.URL+"/{region}", opts.Token
	env.portal, env.region = "6d3b2a1c-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "eu"
	return env
}

// needsMock skips a test that must change Konnect behind Terraform's back.
func (e *testEnv) needsMock() {
	e.t.Helper()
	if e.mock == nil {
		e.t.Skip("needs the mock: it changes Konnect behind Terraform's back")
	}
}

// factories serve the provider in process, on the env's clock: its polls,
// retries and timeouts are the production ones, and take no real time.
func (e *testEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"konnect": func() (tfprotov6.ProviderServer, error) { return testServer(WithClock(e.clock)), nil },
	}
}

// test runs the steps with the env's provider; versions skip the test under
// Terraform versions that lack what it needs. After the steps,
// terraform-plugin-testing destroys what they left with the last step's
// configuration; after a step that expects an error, which may be one that
// Terraform's destroy cannot plan, a last step destroys with the last
// configuration that is meant to plan. That a destroy sends Konnect nothing
// is proven once, by TestDeleteSendsNothing and the lifecycle tests, not in
// every test.
//
// Each step's Check and its state checks would each read the state with
// the CLI; the env's checks read the mock, not the state, so they run among
// the state checks, after one read.
func (e *testEnv) test(steps []resource.TestStep, versions ...tfversion.TerraformVersionCheck) {
	e.t.Helper()
	if steps[len(steps)-1].ExpectError != nil {
		for _, s := range slices.Backward(steps) {
			if s.Config != "" && s.ExpectError == nil {
				steps = append(steps, resource.TestStep{Config: s.Config, Destroy: true})
				break
			}
		}
	}
	for i, s := range steps {
		if s.Check != nil && len(s.ConfigStateChecks) > 0 && !s.Destroy {
			steps[i].ConfigStateChecks = append([]statecheck.StateCheck{mockCheck{s.Check}}, s.ConfigStateChecks...)
			steps[i].Check = nil
		}
	}
	resource.Test(e.t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		TerraformVersionChecks:   versions,
		Steps:                    steps,
	})
}

// providerBlock configures the provider for the env: its server_url, token
// and region, then the env's settings and the given lines, each
// "name = value". A name given again replaces the value before it; null
// unsets it.
func (e *testEnv) providerBlock(lines ...string) string {
	names := []string{"server_url", "personal_access_token", "region"}
	values := map[string]string{
		"server_url": strconv.Quote(e.url), "personal_access_token": strconv.Quote(e.token), "region": strconv.Quote(e.region),
	}
	for _, line := range append(slices.Clone(e.settings), lines...) {
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			e.t.Fatalf("provider setting %q is not name = value", line)
		}
		name = strings.TrimSpace(name)
		if _, seen := values[name]; !seen {
			names = append(names, name)
		}
		values[name] = strings.TrimSpace(value)
	}
	var b strings.Builder
	b.WriteString("provider \"konnect\" {\n")
	for _, name := range names {
		fmt.Fprintf(&b, "  %s = %s\n", name, values[name])
	}
	b.WriteString("}\n")
	return b.String()
}

// rfc formats a time relative to the env's clock.
func (e *testEnv) rfc(ago time.Duration, zone *time.Location) string {
	return e.clock.Now().Add(-ago).Truncate(time.Second).In(zone).Format(time.RFC3339)
}

// orgConfig is the provider and the organization's job in the provider's
// region, with the given extra lines.
func (e *testEnv) orgConfig(start, end string, extra ...string) string {
	return e.providerBlock() + fmt.Sprintf(`
resource "konnect_audit_log_replay_job" "test" {
  start_at = %q
  end_at   = %q
  %s
}
`, start, end, strings.Join(extra, "\n  "))
}

// jobConfig is the provider and one replay job in the provider's region,
// with the given extra lines.
func (e *testEnv) jobConfig(start, end string, extra ...string) string {
	return e.providerBlock() + fmt.Sprintf(`
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
  %s
}
`, e.portal, start, end, strings.Join(extra, "\n  "))
}

// status is the check of a status the mock reaches at once; real Konnect
// takes its time, so there any status will do.
func (e *testEnv) status(s string) knownvalue.Check {
	if e.mock == nil {
		return knownvalue.NotNull()
	}
	return knownvalue.StringExact(s)
}

// setFaults replaces the mock's faults (and resets their counters).
func (e *testEnv) setFaults(faults ...mockkonnect.Fault) {
	e.t.Helper()
	if err := e.mock.SetFaults(faults...); err != nil {
		e.t.Fatal(err)
	}
}

// reset forgets the requests so far; use it as a step's PreConfig.
func (e *testEnv) reset() {
	if e.mock != nil {
		e.mock.ResetRequests()
	}
}

// requestLines are the mock's requests as "METHOD path status".
func requestLines(reqs []mockkonnect.Request) []string {
	return formatRequests(reqs, func(r mockkonnect.Request) string { return fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status) })
}

// formatRequests writes each request as line does, in inLookupOrder.
func formatRequests(reqs []mockkonnect.Request, line func(mockkonnect.Request) string) []string {
	got := make([]string, len(reqs))
	for i, r := range inLookupOrder(reqs) {
		got[i] = line(r)
	}
	return got
}

// inLookupOrder is reqs as logged, with the two reads a lookup of a
// portal's API sends at once, the same route under /v3 and /v2, which
// arrive in either order, listed /v3 first.
func inLookupOrder(reqs []mockkonnect.Request) []mockkonnect.Request {
	reqs = slices.Clone(reqs)
	for i := 0; i+1 < len(reqs); i++ {
		a, b := reqs[i], reqs[i+1]
		if a.Method == "GET" && b.Method == "GET" && strings.Contains(a.Path, "/v2/") && a.Path != b.Path &&
			strings.Replace(a.Path, "/v2/", "/v3/", 1) == b.Path {
			reqs[i], reqs[i+1] = b, a
			i++
		}
	}
	return reqs
}

// expectRequests checks the requests since the last reset, as "METHOD path status".
func (e *testEnv) expectRequests(want ...string) resource.TestCheckFunc {
	return e.expectLines(requestLines, "", want)
}

// expectRequestsAnyOrder checks the requests since the last reset, as
// expectRequests does, in whatever order they came: for a step whose
// requests Terraform or OpenTofu may send at once, such as a resource's
// refresh and a data source's read.
func (e *testEnv) expectRequestsAnyOrder(want ...string) resource.TestCheckFunc {
	sorted := func(reqs []mockkonnect.Request) []string { return slices.Sorted(slices.Values(requestLines(reqs))) }
	return e.expectLines(sorted, ", in any order", slices.Sorted(slices.Values(want)))
}

// expectTurns checks the requests since the last reset, as "round N:
// METHOD path status": a request of round N was sent after N-1 answers in
// turn (mockkonnect.Request.Turn).
func (e *testEnv) expectTurns(want ...string) resource.TestCheckFunc {
	turns := func(reqs []mockkonnect.Request) []string {
		return formatRequests(reqs, func(r mockkonnect.Request) string {
			return fmt.Sprintf("round %d: %s %s %d", r.Turn, r.Method, r.Path, r.Status)
		})
	}
	return e.expectLines(turns, "", want)
}

// expectLines checks that format makes want of the requests since the last
// reset; how says how they are compared, for the message.
func (e *testEnv) expectLines(format func([]mockkonnect.Request) []string, how string, want []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		if got := format(e.mock.Requests()); !slices.Equal(got, want) {
			return fmt.Errorf("the mock received%s:\n  %s\nwant:\n  %s", how, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
		return nil
	}
}

// expectPutBody checks the body of the last PUT.
func (e *testEnv) expectPutBody(start, end string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		want := fmt.Sprintf(`{"start_at":%q,"end_at":%q}`, start, end)
		for _, r := range slices.Backward(e.mock.Requests()) {
			if r.Method == "PUT" {
				if r.Body != want {
					return fmt.Errorf("PUT body = %s, want %s", r.Body, want)
				}
				return nil
			}
		}
		return fmt.Errorf("no PUT received")
	}
}

// destroyStep destroys with config and proves the destroy sent Konnect
// nothing but reads.
func (e *testEnv) destroyStep(config string) resource.TestStep {
	return resource.TestStep{PreConfig: e.reset, Config: config, Destroy: true, Check: e.onlyReadsSinceReset()}
}

// onlyReadsSinceReset proves that nothing but GETs reached Konnect since the
// last reset.
func (e *testEnv) onlyReadsSinceReset() resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		for _, r := range e.mock.Requests() {
			if r.Method != "GET" {
				return fmt.Errorf("destroy sent %s %s; it must send nothing but reads", r.Method, r.Path)
			}
		}
		return nil
	}
}

// expectNoRequests is for tests whose every step must fail before any request.
func (e *testEnv) expectNoRequests() {
	e.t.Helper()
	if e.mock != nil {
		if reqs := e.mock.Requests(); len(reqs) > 0 {
			e.t.Errorf("the mock received %d requests (first %s %s); bad input must be rejected before any", len(reqs), reqs[0].Method, reqs[0].Path)
		}
	}
}

// count counts the mock's requests by "METHOD status".
func (e *testEnv) count(method string, status int) int {
	n := 0
	for _, r := range e.mock.Requests() {
		if r.Method == method && r.Status == status {
			n++
		}
	}
	return n
}

// acceptedPuts checks how many PUTs Konnect took since the last reset.
func (e *testEnv) acceptedPuts(want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.count("PUT", 202); got != want {
			return fmt.Errorf("Konnect took %d PUTs, want %d", got, want)
		}
		return nil
	}
}

// nothingSentAgain is a step that applies config again, after pre, and
// proves that the job was kept as Konnect has it: an empty plan, and one GET.
func (e *testEnv) nothingSentAgain(config string, pre func()) resource.TestStep {
	return resource.TestStep{
		PreConfig: func() { pre(); e.reset() },
		Config:    config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectEmptyPlan(),
		}},
		Check: e.expectRequests("GET " + e.jobPath() + " 200"),
	}
}

// otherJob runs a job of another window, started now.
func (e *testEnv) otherJob() {
	e.mock.SetJob(e.region, e.portal, e.clock.Now().Add(-48*time.Hour), e.clock.Now().Add(-47*time.Hour))
}

// expectNoPortalJob proves the organization's job left the portal's alone.
func (e *testEnv) expectNoPortalJob() resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		if job, ok := e.mock.Job(e.region, e.portal); ok {
			return fmt.Errorf("the portal %s has a job %+v; only the organization's was sent", e.portal, job)
		}
		return nil
	}
}

// recordKept is a step that applies config after pre and proves that the
// record was kept as it is: an empty plan, nothing but reads, and checks.
func (e *testEnv) recordKept(config string, pre func(), checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig:         func() { pre(); e.reset() },
		Config:            config,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: checks,
		Check:             e.noPutSinceReset(),
	}
}

// noPutSinceReset proves that no window was sent since the last reset.
func (e *testEnv) noPutSinceReset() resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range e.mock.Requests() {
			if r.Method != "GET" {
				return fmt.Errorf("%s %s was sent; want nothing but reads", r.Method, r.Path)
			}
		}
		return nil
	}
}

// puts counts the PUTs since the last reset, whatever their answer.
func (e *testEnv) puts(want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n := 0
		for _, r := range e.mock.Requests() {
			if r.Method == "PUT" {
				n++
			}
		}
		if n != want {
			return fmt.Errorf("%d PUTs, want %d", n, want)
		}
		return nil
	}
}

// triggeredConfig is a stand-in for the webhook's destination whose update
// triggers a replay of the last day.
func (e *testEnv) triggeredConfig(destination string) string {
	return e.providerBlock() + fmt.Sprintf(`
resource "terraform_data" "destination" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.konnect_portal_audit_log_replay.last_day]
    }
  }
}

action "konnect_portal_audit_log_replay" "last_day" {
  config {
    portal_id = %q
    last      = "24h"
  }
}
`, destination, e.portal)
}

func (e *testEnv) dataConfig(portal string) string {
	return e.providerBlock() + fmt.Sprintf(`
data "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
}
`, portal)
}

// importedWindow checks an import found the job, with the window as
// instants, and that it cost the two reads of the job, from both APIs at
// once, that also find the portal's API.
func (e *testEnv) importedWindow(start, end string) resource.ImportStateCheckFunc {
	return func(s []*terraform.InstanceState) error {
		if len(s) != 1 {
			return fmt.Errorf("imported %d resources, want 1", len(s))
		}
		a := s[0].Attributes
		if a["id"] != e.region+"/"+e.portal || a["region"] != e.region || a["portal_id"] != e.portal {
			return fmt.Errorf("imported id %q region %q portal %q", a["id"], a["region"], a["portal_id"])
		}
		if err := (sameInstantComparer{}).CompareValues(a["start_at"], start); err != nil {
			return err
		}
		if err := (sameInstantComparer{}).CompareValues(a["end_at"], end); err != nil {
			return err
		}
		if e.mock != nil {
			defer e.mock.ResetRequests()
			return e.expectRequests(e.jobFound()...)(nil)
		}
		return nil
	}
}

// expectHeaders checks what every request carries.
func (e *testEnv) expectHeaders() resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		wantUA := regexp.MustCompile(`^terraform-provider-konnect/test \(\+https://registry\.terraform\.io/providers/konnect-iac/konnect\) Terraform/\d+\.\d+\.\d+`)
		for _, r := range e.mock.Requests() {
			if got := r.Header.Get("Authorization"); got != "Bearer "+e.token {
				return fmt.Errorf("%s %s: Authorization = %q", r.Method, r.Path, got)
			}
			if got := r.Header.Get("Accept"); got != "application/json" {
				return fmt.Errorf("%s %s: Accept = %q", r.Method, r.Path, got)
			}
			if got := r.Header.Get("User-Agent"); !wantUA.MatchString(got) {
				return fmt.Errorf("%s %s: User-Agent = %q, want %s", r.Method, r.Path, got, wantUA)
			}
		}
		return nil
	}
}

func (e *testEnv) portalHookConfig(extra ...string) string {
	return e.providerBlock() + fmt.Sprintf(`
data "konnect_portal_audit_log_webhook_status" "test" {
  portal_id = %q
  %s
}
`, e.portal, strings.Join(extra, "\n  "))
}
