package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// The configuration the README shows leaves api_version unset. Its create
// waits for two answers in turn, whichever kind the portal is: the webhook's
// status, read from both APIs at once, which also says which API knows the
// portal; then the window. An import waits for one: the job, read from both
// APIs at once. The mock holds its answers and releases them in rounds, so
// a request that waited for one answer too many would come in a round of
// its own, however fast the machine.
func TestAccAnswersInTurn(t *testing.T) {
	t.Parallel()
	for _, kind := range []struct{ name, version string }{{"classic", "v2"}, {"new", "v3"}} {
		t.Run(kind.name+" Dev Portal", func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, mockkonnect.Options{})
			env.needsMock()
			if kind.version == "v3" {
				env.mock.AddNewPortals(env.portal)
			}
			// A provider that sends fewer requests in a round than it
			// should would wait for ever: the watchdog lets it go on, to
			// fail on what it sent. It never fires when the test passes.
			watchdog := time.AfterFunc(2*time.Minute, env.mock.ReleaseHeld)
			t.Cleanup(func() { watchdog.Stop(); env.mock.ReleaseHeld() })
			inRounds := func(sizes ...int) func() {
				return func() { env.reset(); env.mock.HoldRounds(sizes...) }
			}
			config := env.jobConfig(env.rfc(2*time.Hour, time.UTC), env.rfc(time.Hour, time.UTC))
			// Only the portal's own API answers 200.
			status := func(v string) string {
				if v == kind.version {
					return "200"
				}
				return "404"
			}
			read := func(path func(v, portal string) string) []string {
				return []string{"round 1: GET " + path("v3", env.portal) + " " + status("v3"), "round 1: GET " + path("v2", env.portal) + " " + status("v2")}
			}
			env.test([]resource.TestStep{
				{
					PreConfig: inRounds(2, 1),
					Config:    config,
					Check:     env.expectTurns(lines(read(env.hookPathOf), "round 2: PUT "+env.jobPathOf(kind.version, env.portal)+" 202")...),
				},
				{
					PreConfig:               inRounds(2),
					ResourceName:            resourceAddr,
					ImportState:             true,
					ImportStateId:           env.region + "/" + env.portal,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"status", "updated_at"},
					ImportStateCheck: func([]*terraform.InstanceState) error {
						return env.expectTurns(read(env.jobPathOf)...)(nil)
					},
				},
			})
		})
	}
}
