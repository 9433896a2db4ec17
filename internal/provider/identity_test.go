package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Resource identity came with Terraform 1.12 and OpenTofu 1.12; older
// versions skip these tests (they neither store nor send an identity).
var withIdentity = tfversion.SkipBelow(tfversion.Version1_12_0)

// requestsByPlan is a plan check of what the mock had received by the time
// the plan was made: an import block's plan is not applied, so this is where
// its requests can be seen.
type requestsByPlan struct{ check resource.TestCheckFunc }

func (c requestsByPlan) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.check(nil)
}

// importBlock is an import block for addr with the given identity lines.
func importBlock(addr string, identity ...string) string {
	return fmt.Sprintf("\nimport {\n  to = %s\n  identity = {\n    %s\n  }\n}\n", addr, strings.Join(identity, "\n    "))
}

// The portal's job carries its region and portal ID as its identity from
// the create on; an import block with that identity finds the portal's API
// and reads the job, as an ID import does; the identity's portal ID may be
// written in upper case; and the ID still imports.
func TestAccIdentity_portalJob(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	config := env.jobConfig(start, end)
	identity := map[string]knownvalue.Check{
		"region":    knownvalue.StringExact(env.region),
		"portal_id": knownvalue.StringExact(env.portal),
	}
	imported := func(more ...plancheck.PlanCheck) []plancheck.PlanCheck {
		return append([]plancheck.PlanCheck{
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.region+"/"+env.portal)),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("api_version"), knownvalue.StringExact("v2")),
			plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("start_at"), knownvalue.StringExact(start)),
			requestsByPlan{env.expectRequests(env.jobFound()...)},
		}, more...)
	}

	env.test([]resource.TestStep{
		{
			PreConfig:         env.reset,
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(resourceAddr, identity)},
			Check:             env.expectRequests(env.created(202)...),
		},
		{
			// A refresh keeps the identity, and costs one GET as ever.
			PreConfig:         env.reset,
			Config:            config,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(resourceAddr, identity)},
			Check:             env.expectRequests("GET " + env.jobPath() + " 200"),
		},
		{
			// The framework writes the identity block from the state's, and
			// checks that the import plans the same identity.
			PreConfig:        env.reset,
			Config:           config,
			ResourceName:     resourceAddr,
			ImportState:      true,
			ImportStateKind:  resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: imported()},
		},
		{
			// An upper-case portal ID names the same portal: the identity is
			// the lower-case one the state has.
			PreConfig: env.reset,
			Config: config + importBlock(resourceAddr,
				fmt.Sprintf("region    = %q", env.region), fmt.Sprintf("portal_id = %q", strings.ToUpper(env.portal))),
			ResourceName:           resourceAddr,
			ImportState:            true,
			ImportStateKind:        resource.ImportBlockWithResourceIdentity,
			ImportStateConfigExact: true,
			ImportPlanChecks:       resource.ImportPlanChecks{PreApply: imported()},
		},
		{
			// The ID forms work as before under the versions with identity.
			PreConfig:        env.reset,
			Config:           config,
			ResourceName:     resourceAddr,
			ImportState:      true,
			ImportStateKind:  resource.ImportBlockWithID,
			ImportStateId:    env.region + "/" + env.portal,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: imported()},
		},
		{
			PreConfig:               env.reset,
			ResourceName:            resourceAddr,
			ImportState:             true,
			ImportStateId:           env.portal,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"status", "updated_at"},
			ImportStateCheck:        env.importedWindow(start, end),
		},
	}, withIdentity)
}

// The organization's job: its identity is its region, and importing by it
// costs one GET of the job.
func TestAccIdentity_organizationJob(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	config := env.orgConfig(start, end)
	job := "/" + env.region + "/v2/audit-log-replay-job"
	identity := map[string]knownvalue.Check{"region": knownvalue.StringExact(env.region)}
	imported := []plancheck.PlanCheck{
		plancheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(env.region)),
		plancheck.ExpectKnownValue(orgAddr, tfjsonpath.New("start_at"), knownvalue.StringExact(start)),
		requestsByPlan{env.expectRequests("GET " + job + " 200")},
	}

	env.test([]resource.TestStep{
		{
			PreConfig:         env.reset,
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(orgAddr, identity)},
			Check:             env.expectRequests("GET /"+env.region+"/v2/audit-log-webhook/status 200", "PUT "+job+" 202"),
		},
		{
			PreConfig:        env.reset,
			Config:           config,
			ResourceName:     orgAddr,
			ImportState:      true,
			ImportStateKind:  resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: imported},
		},
		{
			PreConfig:        env.reset,
			Config:           config,
			ResourceName:     orgAddr,
			ImportState:      true,
			ImportStateKind:  resource.ImportBlockWithID,
			ImportStateId:    env.region,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: imported},
		},
	}, withIdentity)
}

// A configuration may write the portal ID in upper case: the identity has
// it in lower case from the create on, and keeps it when only the case in the
// configuration changes, which plans nothing: the plan keeps the recorded
// spelling.
func TestAccIdentity_portalIDCase(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
	upper := strings.Replace(env.jobConfig(start, end), env.portal, strings.ToUpper(env.portal), 1)
	identity := statecheck.ExpectIdentity(resourceAddr, map[string]knownvalue.Check{
		"region":    knownvalue.StringExact(env.region),
		"portal_id": knownvalue.StringExact(env.portal),
	})

	env.test([]resource.TestStep{
		{
			Config: upper,
			ConfigStateChecks: []statecheck.StateCheck{
				identity,
				expectAttr("portal_id", knownvalue.StringExact(strings.ToUpper(env.portal))),
				expectAttr("id", knownvalue.StringExact(env.region+"/"+env.portal)),
			},
		},
		{
			Config:          upper,
			ResourceName:    resourceAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			// The import reads the ID in lower case, the configuration has it
			// in upper case: the same portal, so nothing to change.
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
			}},
		},
		{
			PreConfig: env.reset,
			Config:    env.jobConfig(start, end),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{identity, expectAttr("portal_id", knownvalue.StringExact(strings.ToUpper(env.portal)))},
			// Only the refresh, of the ID as the state had it: the window is not sent again.
			Check: env.expectRequests("GET " + env.jobPathOf("v2", strings.ToUpper(env.portal)) + " 200"),
		},
	}, withIdentity)
}

// A job that Terraform did not create, of a new Dev Portal, imported by an
// identity that writes its portal ID in upper case: the import finds the
// portal's API by itself, and the state's identity is in lower case.
func TestAccIdentity_importNewDevPortalJob(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{})
	env.needsMock()
	env.mock.AddNewPortals(env.portal)
	startAt, endAt := env.clock.Now().Add(-2*time.Hour).Truncate(time.Second), env.clock.Now().Add(-time.Hour).Truncate(time.Second)
	env.mock.SetJob(env.region, env.portal, startAt, endAt)
	start, end := startAt.UTC().Format(time.RFC3339), endAt.UTC().Format(time.RFC3339)
	job := "GET " + env.jobPathOf("v3", env.portal) + " 200"
	config := env.jobConfig(start, end) + importBlock(resourceAddr,
		fmt.Sprintf("region    = %q", env.region), fmt.Sprintf("portal_id = %q", strings.ToUpper(env.portal)))

	env.test([]resource.TestStep{
		{
			PreConfig: env.reset,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				// Imported as Konnect has it: nothing to send.
				plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("api_version"), knownvalue.StringExact("v3")),
				requestsByPlan{env.expectRequests(job, "GET "+env.jobPathOf("v2", env.portal)+" 404")},
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(resourceAddr, map[string]knownvalue.Check{
					"region":    knownvalue.StringExact(env.region),
					"portal_id": knownvalue.StringExact(env.portal),
				}),
				expectAttr("portal_id", knownvalue.StringExact(env.portal)),
				expectAttr("api_version", knownvalue.StringExact("v3")),
			},
		},
		{
			// From then on a plan is one GET: the version is in the state.
			PreConfig:        env.reset,
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            env.expectRequests(job),
		},
	}, withIdentity)
	if _, ok := env.mock.Job(env.region, env.portal); !ok {
		t.Error("the imported job is gone from the mock")
	}
}

// An identity the ID forms would refuse is refused with the same rules, before
// any request.
func TestAccIdentity_invalid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		addr     string // the portal's job unless set
		config   func(e *testEnv, start, end string) string
		identity func(e *testEnv) []string
		want     []string
	}{
		{
			name:     "portal: not a region",
			identity: func(e *testEnv) []string { return []string{`region = "mars"`, fmt.Sprintf("portal_id = %q", e.portal)} },
			want:     []string{"Invalid Import Identity", `its region "mars" is not a Konnect region`, "one of us, eu"},
		},
		{
			name:     "portal: region case matters",
			identity: func(e *testEnv) []string { return []string{`region = "EU"`, fmt.Sprintf("portal_id = %q", e.portal)} },
			want:     []string{"Invalid Import Identity", `its region "EU" is not a Konnect region`},
		},
		{
			name: "portal: not a UUID",
			identity: func(e *testEnv) []string {
				return []string{fmt.Sprintf("region = %q", e.region), `portal_id = "portal-1"`}
			},
			want: []string{"Invalid Import Identity", `its portal_id "portal-1" is not a UUID`, "9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f"},
		},
		{
			name: "portal: region not served by a regional server_url",
			config: func(e *testEnv, start, end string) string {
				return fmt.Sprintf(`
provider "konnect" {
  server_url            = "https://eu.api.konghq.com"
  personal_access_token = "kpat_x"
}
resource "konnect_portal_audit_log_replay_job" "test" {
  portal_id = %q
  start_at  = %q
  end_at    = %q
}
`, e.portal, start, end)
			},
			identity: func(e *testEnv) []string { return []string{`region = "us"`, fmt.Sprintf("portal_id = %q", e.portal)} },
			want:     []string{"Invalid Import Identity", `region "us" is not served by the provider's server_url`, `region "eu" only`},
		},
		{
			name:     "organization: not a region",
			addr:     orgAddr,
			config:   func(e *testEnv, start, end string) string { return e.orgConfig(start, end) },
			identity: func(*testEnv) []string { return []string{`region = "mars"`} },
			want:     []string{"Invalid Import Identity", `its region "mars" is not a Konnect region`, "one of us, eu"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mockkonnect.Options{})
			env.needsMock()
			start, end := env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC)
			config, addr := env.jobConfig(start, end), resourceAddr
			if tc.config != nil {
				config = tc.config(env, start, end)
			}
			if tc.addr != "" {
				addr = tc.addr
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{withIdentity},
				Steps: []resource.TestStep{{
					Config:      config + importBlock(addr, tc.identity(env)...),
					ExpectError: errorLike(tc.want...),
				}},
			})
			env.expectNoRequests()
		})
	}
}
