package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

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

// testServer is the provider's protocol server as main serves it: the
// framework's, wrapped by internal/protocolserver.
func testServer(opts ...Option) tfprotov6.ProviderServer {
	return protocolserver.Wrap(providerserver.NewProtocol6(New("test", opts...)())())
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
