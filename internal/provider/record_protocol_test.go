package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// refresher drives a replay job resource's refresh through the protocol
// harness, as Terraform does, with no CLI: each refresh gets the state and
// private state the one before returned.
type refresher struct {
	*harness
	typ     tftypes.Type
	state   *tfprotov6.DynamicValue
	private []byte
}

// newRefresher is a configured provider and a mock Konnect, on one fake
// clock, and a record of the window [start, end] that Konnect took.
func newRefresher(t *testing.T, start, end time.Time) *refresher {
	t.Helper()
	h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
	r := &refresher{harness: h, typ: h.resourceType(portalJob)}
	r.state = h.value(r.typ, cfg{
		"id": "eu/" + testPortal, "portal_id": testPortal, "api_version": "v2", "region": "eu",
		"start_at": start.Format(time.RFC3339), "end_at": end.Format(time.RFC3339),
		"wait_for_completion": false, "check_webhook": true, "status": "completed",
		"updated_at": h.clock.Now().Add(-time.Hour).Format(time.RFC3339), "superseded": false, "portal_deleted": false,
	})
	return r
}

// refresh reads the record once, keeps what it returns, and gives its
// diagnostics and attributes.
func (r *refresher) refresh() ([]*tfprotov6.Diagnostic, map[string]tftypes.Value) {
	r.t.Helper()
	resp, err := r.server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: portalJob, CurrentState: r.state, Private: r.private,
	})
	if err != nil {
		r.t.Fatal(err)
	}
	r.state, r.private = resp.NewState, resp.Private
	attrs := r.attrs(r.typ, resp.NewState)
	if attrs == nil {
		r.t.Fatal("the record left the state; want it kept")
	}
	return resp.Diagnostics, attrs
}

func summaries(diags []*tfprotov6.Diagnostic) string {
	var s []string
	for _, d := range diags {
		s = append(s, d.Severity.String()+": "+d.Summary)
	}
	return strings.Join(s, "; ")
}

// A superseded record, or one whose portal is gone, warns on the refresh
// that finds it, and not on every plan after: a GitOps repository plans on
// every commit.
func TestRefreshWarnsOnceWhenTheRecordChanges(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		change  func(r *refresher)
		warning string
		marks   []string
	}{
		{name: "another window", warning: "WARNING: Replay Window Superseded", marks: []string{"superseded"},
			change: func(r *refresher) {
				r.mock.SetJob("eu", testPortal, r.clock.Now().Add(-30*time.Hour), r.clock.Now().Add(-29*time.Hour))
			}},
		{name: "no job", warning: "WARNING: Replay Window Superseded", marks: []string{"superseded"},
			change: func(r *refresher) { r.mock.ClearJob("eu", testPortal) }},
		{name: "the portal deleted", warning: "WARNING: Portal Deleted", marks: []string{"superseded", "portal_deleted"},
			change: func(r *refresher) { r.mock.RemovePortal(testPortal) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
			r := newRefresher(t, start, start.Add(time.Hour))
			r.mock.SetJob("eu", testPortal, start, start.Add(time.Hour))
			if diags, _ := r.refresh(); len(diags) != 0 {
				t.Fatalf("a refresh of a current record said %s", summaries(diags))
			}
			tc.change(r)
			for i := range 3 {
				diags, attrs := r.refresh()
				switch got := summaries(diags); {
				case i == 0 && got != tc.warning:
					t.Errorf("the refresh that finds it said %q, want %q", got, tc.warning)
				case i > 0 && got != "":
					t.Errorf("refresh %d after it said %q, want nothing", i+1, got)
				}
				for _, mark := range tc.marks {
					var on bool
					if err := attrs[mark].As(&on); err != nil || !on {
						t.Errorf("refresh %d: %s = %v, want true", i+1, mark, attrs[mark])
					}
				}
				var status string
				if err := attrs["status"].As(&status); err != nil || status != "completed" {
					t.Errorf("refresh %d: status = %v, want the last known, completed", i+1, attrs["status"])
				}
			}
			for _, req := range r.mock.Requests() {
				if req.Method != "GET" {
					t.Errorf("a refresh sent %s %s", req.Method, req.Path)
				}
			}
		})
	}
}

// After an import, a configuration that waits (or sets timeouts) plans an
// update in place, as Terraform allows nothing else for settings the
// import left null or at their defaults: the plan says that it sends
// nothing, and keeps the record's status.
func TestSettingsOnlyUpdateSaysItSendsNothing(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
	r := newRefresher(t, start, start.Add(time.Hour))
	r.mock.SetJob("eu", testPortal, start, start.Add(time.Hour))
	_, prior := r.refresh()
	config := r.value(r.typ, cfg{"portal_id": testPortal, "start_at": start.Format(time.RFC3339),
		"end_at": start.Add(time.Hour).Format(time.RFC3339), "wait_for_completion": true})
	configValue, err := config.Unmarshal(r.typ)
	if err != nil {
		t.Fatal(err)
	}
	priorValue := tftypes.NewValue(r.typ, prior)
	proposed := proposedNew(r.schemas.ResourceSchemas[portalJob], priorValue, configValue)
	proposedDV, err := tfprotov6.NewDynamicValue(r.typ, proposed)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := r.server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: portalJob, PriorState: r.state, PriorPrivate: r.private, ProposedNewState: &proposedDV, Config: config,
		ClientCapabilities: &tfprotov6.PlanResourceChangeClientCapabilities{},
	})
	if err != nil {
		t.Fatal(err)
	}
	expectDiags(t, resp.Diagnostics, []string{"warning: Update Sends Nothing"}, "changes only wait_for_completion", "nothing is sent to Konnect", "The next plan is empty")
	planned := r.attrs(r.typ, resp.PlannedState)
	if got := stringAttr(planned, "status"); got != "completed" {
		t.Errorf("planned status %s, want the record's, completed: nothing is sent", got)
	}
	if n := len(r.puts()); n != 0 {
		t.Errorf("planning sent %d PUTs", n)
	}
}
