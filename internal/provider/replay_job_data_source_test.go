package provider

import (
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

const dataAddr = "data.konnect_portal_audit_log_replay_job.test"

func expectData(name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New(name), v)
}

// A job set outside Terraform reads with its window and status, in the
// provider's region.
func TestAccReplayJobDataSource_job(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, mockkonnect.Options{Running: time.Hour})
	env.needsMock()
	start := env.clock.Now().Add(-2 * time.Hour).Truncate(time.Second)
	env.mock.SetJob(env.region, env.portal, start, start.Add(time.Hour))
	env.testInProcess([]resource.TestStep{{
		PreConfig: env.reset,
		Config:    env.dataConfig(env.portal),
		ConfigStateChecks: []statecheck.StateCheck{
			expectData("region", knownvalue.StringExact(env.region)),
			expectData("start_at", knownvalue.StringExact(start.UTC().Format(time.RFC3339))),
			expectData("end_at", knownvalue.StringExact(start.Add(time.Hour).UTC().Format(time.RFC3339))),
			expectData("status", knownvalue.StringExact("running")),
			expectData("updated_at", knownvalue.NotNull()),
		},
		Check: env.expectRequests(env.jobFound()...),
	}})
}

// A portal that never had a job is not an error: it reads as unconfigured.
// A portal Konnect does not know is an error naming it and its region.
// Through the protocol.
func TestReplayJobDataSource(t *testing.T) {
	t.Parallel()
	t.Run("unconfigured", func(t *testing.T) {
		t.Parallel()
		h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
		got := h.read("konnect_portal_audit_log_replay_job", cfg{"portal_id": h.portal})
		expectDiags(t, got.diags, nil)
		for name, want := range map[string]string{"status": "unconfigured", "start_at": "<null>", "end_at": "<null>", "updated_at": "<null>"} {
			if v := stringAttr(got.state, name); v != want {
				t.Errorf("%s = %s, want %s", name, v, want)
			}
		}
		if want := h.jobFound(); !slices.Equal(h.requests(), want) {
			t.Errorf("the mock received %q, want %q", h.requests(), want)
		}
	})
	t.Run("missing portal", func(t *testing.T) {
		t.Parallel()
		h := newConfiguredHarness(t, mockkonnect.Options{Portals: []string{}}, nil)
		got := h.read("konnect_portal_audit_log_replay_job", cfg{"portal_id": h.portal})
		expectDiags(t, got.diags, []string{"error: Portal Not Found at portal_id"}, "no portal "+h.portal+" in region eu",
			"neither the new Dev Portal API", "nor the classic one", "Konnect said: Portal not found", "Trace: kong:trace:")
	})
}
