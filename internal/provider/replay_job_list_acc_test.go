package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// List resources need Terraform 1.14 or later; OpenTofu has none yet.
var withListResources = []tfversion.TerraformVersionCheck{
	skipOnOpenTofu("OpenTofu has no list resources yet"), // first, so that it gives the reason
	tfversion.SkipBelow(tfversion.Version1_14_0),
}

// terraform query finds the jobs a region's portals have, classic and new,
// and the organization's, each with the identity an import block takes.
func TestAccList_query(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Portals: []string{listClassicA, listClassicB}, NewPortals: []string{listNew}, PortalRegion: "eu"})
	env.needsMock()
	start, end := env.clock.Now().Add(-3*time.Hour).Truncate(time.Second), env.clock.Now().Add(-2*time.Hour).Truncate(time.Second)
	for _, id := range []string{listClassicA, listNew, ""} {
		env.mock.SetJob("eu", id, start, end)
	}
	window := start.UTC().Format(time.RFC3339) + " to " + end.UTC().Format(time.RFC3339) + ", completed"
	identity := func(portal string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"region": knownvalue.StringExact("eu"), "portal_id": knownvalue.StringExact(portal)}
	}
	env.test([]resource.TestStep{
		{Config: env.providerBlock()},
		{
			// The provider block is the configuration's, from the step before.
			Query: true,
			Config: `
list "konnect_portal_audit_log_replay_job" "eu" {
  provider = konnect
}

list "konnect_audit_log_replay_job" "org" {
  provider = konnect
  config {
    regions = ["eu", "us"]
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("konnect_portal_audit_log_replay_job.eu", 2),
				querycheck.ExpectIdentity("konnect_portal_audit_log_replay_job.eu", identity(listNew)),
				querycheck.ExpectIdentity("konnect_portal_audit_log_replay_job.eu", identity(listClassicA)),
				querycheck.ExpectLength("konnect_audit_log_replay_job.org", 1),
				querycheck.ExpectIdentity("konnect_audit_log_replay_job.org", map[string]knownvalue.Check{"region": knownvalue.StringExact("eu")}),
				querycheck.ExpectResourceDisplayName("konnect_portal_audit_log_replay_job.eu", queryfilter.ByResourceIdentity(identity(listNew)),
					knownvalue.StringExact(fmt.Sprintf(`new Dev Portal "portal-0c000000" (%s, region eu): %s`, listNew, window))),
			},
		},
	}, withListResources...)
}
