package e2e

import (
	"bytes"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Seen: Ctrl-C after Konnect took the PUT, before its answer arrived, forgot
// the job, and the next apply sent the window again. Now one quick read
// settles it, or, when that read fails too, the job is kept with an unknown
// status, not tainted, and the next plan settles it. Either way the window
// is sent once.
func TestInterruptAfterKonnectTookTheWindow(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		readFails  bool
		wantStatus func(*string) bool
		wantText   string
	}{
		"the read settles it": {
			wantStatus: func(s *string) bool { return s != nil && *s == "accepted" },
			wantText:   "Unclear Answer from Konnect",
		},
		"the read fails too": {
			readFails:  true,
			wantStatus: func(s *string) bool { return s == nil },
			wantText:   "Replay Window May Not Have Been Sent",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// The job stays accepted: Konnect's jobs take a while.
			w := newWorkspace(t, mockkonnect.Options{Accepted: time.Hour}, oneJob)
			// Konnect takes the window and its answer never comes.
			faults := []mockkonnect.Fault{{Kind: mockkonnect.FaultStall, Route: "PUT", Delay: time.Hour}}
			if tc.readFails {
				faults = append(faults, mockkonnect.Fault{Kind: mockkonnect.FaultUnavailable, Route: "GET /v2/portals/*/audit-log-replay-job"})
			}
			must(t, w.mock.SetFaults(faults...))
			cmd := w.command("apply", "-auto-approve")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			must(t, cmd.Start())
			waitFor(t, "Konnect to take the window", func() bool {
				for _, r := range w.mock.Requests() {
					if r.Method == "PUT" && r.Status == 202 {
						return true
					}
				}
				return false
			})
			must(t, cmd.Process.Signal(syscall.SIGINT))
			if err := cmd.Wait(); err == nil {
				t.Fatalf("the interrupted apply succeeded:\n%s", out.String())
			}
			if !strings.Contains(out.String(), tc.wantText) {
				t.Errorf("the apply did not say %q:\n%s", tc.wantText, out.String())
			}
			if inst := w.instance(); inst.Status == "tainted" || !tc.wantStatus(inst.Attributes.Status) {
				t.Fatalf("job in state: %+v; want it recorded, not tainted", inst)
			}

			// Konnect answers again: the next plan finds the window there
			// and changes nothing; nothing is sent again.
			must(t, w.mock.SetFaults())
			w.mock.ResetRequests()
			w.terraform(true, "plan", "-detailed-exitcode")
			for _, r := range w.mock.Requests() {
				if r.Method != "GET" {
					t.Errorf("the plan sent %s %s", r.Method, r.Path)
				}
			}
		})
	}
}
