package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
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
	"github.com/konnect-iac/terraform-provider-konnect/internal/protocolserver"
	"github.com/konnect-iac/terraform-provider-konnect/internal/testcli"
)

// Acceptance tests run against a mock started per test, or against real
// Konnect when these are set (and KONNECT_TOKEN): tests that need to change
// Konnect behind Terraform's back are then skipped.
const (
	envTestPortal = "KONNECT_TEST_PORTAL_ID"
	envTestRegion = "KONNECT_TEST_REGION"
	testToken     = "kpat_acceptance_test_token"
	resourceAddr  = "konnect_portal_audit_log_replay_job.test"
)

func TestMain(m *testing.M) {
	// terraform-plugin-testing downloads Terraform when it finds none; there
	// is no network here, and the tests must use the CLI TF_ACC_TERRAFORM_PATH
	// names (make test-opentofu names OpenTofu), or else the Terraform on PATH.
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		tf, err := testcli.Path()
		if err != nil {
			fmt.Fprintln(os.Stderr, "acceptance tests need terraform on PATH: install Terraform and try again")
			os.Exit(1)
		}
		os.Setenv("TF_ACC_TERRAFORM_PATH", tf)
	}
	os.Setenv("CHECKPOINT_DISABLE", "1")
	// Each CLI command is one short process, and the tests run several at
	// once: with one thread for Go code each spends a quarter less CPU
	// starting up (measured on two cores), and the CLI behaves the same.
	// This process read its own GOMAXPROCS when it started.
	if os.Getenv("GOMAXPROCS") == "" {
		os.Setenv("GOMAXPROCS", "1")
	}
	os.Exit(m.Run())
}

// cliName is what the acceptance tests' CLI calls itself, "Terraform" or
// "OpenTofu" (see testcli.Name).
var cliName = sync.OnceValues(func() (string, error) {
	return testcli.Name(os.Getenv("TF_ACC_TERRAFORM_PATH")) // TestMain sets it
})

// skipOnOpenTofu skips a test under OpenTofu, giving the reason: for what
// OpenTofu does not do, whatever its version number says. Put it in the
// TestCase's TerraformVersionChecks, after the tfversion checks of the
// Terraform version the test needs.
func skipOnOpenTofu(reason string) tfversion.TerraformVersionCheck {
	return skipOnCLI{name: "OpenTofu", reason: reason, cli: cliName}
}

type skipOnCLI struct {
	name, reason string
	cli          func() (string, error)
}

func (s skipOnCLI) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	switch name, err := s.cli(); {
	case err != nil:
		resp.Error = err
	case name == s.name:
		resp.Skip = "skipped on " + s.name + ": " + s.reason
	}
}

func TestSkipOnOpenTofu(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		cli       string
		cliErr    error
		wantSkip  string
		wantError bool
	}{
		{name: "OpenTofu skips, saying why", cli: "OpenTofu", wantSkip: "skipped on OpenTofu: no actions"},
		{name: "Terraform runs", cli: "Terraform"},
		{name: "a CLI that does not run fails the test", cliErr: errors.New("no such file"), wantError: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check := skipOnOpenTofu("no actions").(skipOnCLI)
			check.cli = func() (string, error) { return tc.cli, tc.cliErr }
			var resp tfversion.CheckTerraformVersionResponse
			check.CheckTerraformVersion(context.Background(), tfversion.CheckTerraformVersionRequest{}, &resp)
			if resp.Skip != tc.wantSkip || (resp.Error != nil) != tc.wantError {
				t.Fatalf("skip %q, error %v; want skip %q, an error: %v", resp.Skip, resp.Error, tc.wantSkip, tc.wantError)
			}
		})
	}
}

// The CLI the acceptance tests run is one skipOnOpenTofu knows.
func TestAccCLIName(t *testing.T) {
	t.Parallel()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	if name, err := cliName(); err != nil || (name != "Terraform" && name != "OpenTofu") {
		t.Fatalf("the CLI calls itself %q (%v); want Terraform or OpenTofu", name, err)
	}
}

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

// testServer is the provider's protocol server as main serves it: the
// framework's, wrapped by internal/protocolserver.
func testServer(opts ...Option) tfprotov6.ProviderServer {
	return protocolserver.Wrap(providerserver.NewProtocol6(New("test", opts...)())())
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

// mockCheck runs a check of what the mock received as a state check.
type mockCheck struct{ check resource.TestCheckFunc }

func (c mockCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check(nil)
}

// nextPlanWants is a step that only plans config and expects the job's
// action (and any further checks) in that plan.
func nextPlanWants(config string, action plancheck.ResourceActionType, more ...plancheck.PlanCheck) resource.TestStep {
	return resource.TestStep{
		Config:             config,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: append(
			[]plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceAddr, action)}, more...)},
	}
}

// errorLike matches an error that contains each part in order, however
// Terraform wraps its lines.
func errorLike(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// providerBlock configures the provider for the env, its region the env's
// default, plus extra lines.
func (e *testEnv) providerBlock(extra ...string) string {
	return fmt.Sprintf("provider \"konnect\" {\n  server_url = %q\n  personal_access_token = %q\n  region = %q\n  %s\n}\n",
		e.url, e.token, e.region, strings.Join(extra, "\n  "))
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

// expectRequests checks the requests since the last reset, as "METHOD path status".
func (e *testEnv) expectRequests(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		var got []string
		for _, r := range e.mock.Requests() {
			got = append(got, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status))
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("the mock received:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
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
