package mockkonnect_test

import (
	"net/http"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// Fault routes reach the webhook status and the organization's job like any
// other route, and the log shows each request with its region and portal.
func TestFaultsOnEveryRoute(t *testing.T) {
	t.Parallel()
	const put, get = http.MethodPut, http.MethodGet
	w := window(t0, t0)
	tests := []struct {
		name               string
		route              string // of a first=1 503
		method, path, body string
		wantFaulted        bool
		wantRegion         string
		wantPortal         string
		wantAfter          int // status of the second attempt
	}{
		{
			name: "portal webhook status", route: "/v2/portals/*/audit-log-webhook/status",
			method: get, path: webhookPath("eu", "v2", portalA), wantFaulted: true, wantRegion: "eu", wantPortal: portalA, wantAfter: 200,
		},
		{
			name: "portal webhook status pattern leaves v3 alone", route: "/v2/portals/*/audit-log-webhook/status",
			method: get, path: webhookPath("eu", "v3", portalN), wantRegion: "eu", wantPortal: portalN, wantAfter: 200,
		},
		{
			name: "portal webhook status pattern leaves the org alone", route: "/v2/portals/*/audit-log-webhook/status",
			method: get, path: webhookPath("eu", "v2", ""), wantRegion: "eu", wantAfter: 200,
		},
		{
			name: "portal webhook status pattern leaves the job alone", route: "/v2/portals/*/audit-log-webhook/status",
			method: get, path: portalPath("eu", "v2", portalA), wantRegion: "eu", wantPortal: portalA, wantAfter: 200,
		},
		{
			name: "org webhook status", route: "GET /v3/audit-log-webhook/status",
			method: get, path: webhookPath("sg", "v3", ""), wantFaulted: true, wantRegion: "sg", wantAfter: 200,
		},
		{
			name: "org job PUT", route: "/v2/audit-log-replay-job",
			method: put, path: "/au/v2" + jobPath, body: w, wantFaulted: true, wantRegion: "au", wantAfter: 202,
		},
		{
			name: "org job GET", route: "/v2/audit-log-replay-job",
			method: get, path: "/v2" + jobPath, wantFaulted: true, wantRegion: "us", wantAfter: 200,
		},
		{
			name: "org job pattern leaves portal jobs alone", route: "/v2/audit-log-replay-job",
			method: put, path: portalPath("au", "v2", portalA), body: w, wantRegion: "au", wantPortal: portalA, wantAfter: 202,
		},
		{
			name: "org job pattern leaves v3 alone", route: "/v2/audit-log-replay-job",
			method: get, path: "/au/v3" + jobPath, wantRegion: "au", wantAfter: 200,
		},
		{
			name: "every version of the webhook status", route: "/v?/portals/*/audit-log-webhook/status",
			method: get, path: webhookPath("", "v3", portalN), wantFaulted: true, wantRegion: "us", wantPortal: portalN, wantAfter: 200,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{
				Token: token, Now: newClock().Now, NewPortals: []string{portalN},
				Faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable, Route: tc.route, First: 1}},
			})
			first := call(t, s, tc.method, tc.path, tc.body)
			second := call(t, s, tc.method, tc.path, tc.body)
			wantFirst, wantFault := tc.wantAfter, mockkonnect.FaultKind("")
			if tc.wantFaulted {
				wantFirst, wantFault = 503, mockkonnect.FaultUnavailable
				decodeProblem(t, first, 503)
			}
			if first.Code != wantFirst || second.Code != tc.wantAfter {
				t.Errorf("statuses %d, %d; want %d, %d", first.Code, second.Code, wantFirst, tc.wantAfter)
			}
			log := s.Requests()
			if len(log) != 2 {
				t.Fatalf("logged %d requests, want 2", len(log))
			}
			for i, want := range []struct {
				status int
				fault  mockkonnect.FaultKind
			}{{wantFirst, wantFault}, {tc.wantAfter, ""}} {
				r := log[i]
				if r.Method != tc.method || r.Path != tc.path || r.Region != tc.wantRegion || r.PortalID != tc.wantPortal ||
					r.Status != want.status || r.Fault != want.fault || r.Body != tc.body {
					t.Errorf("log[%d] = %s %s region %q portal %q → %d fault %q; want %s %s region %q portal %q → %d fault %q",
						i, r.Method, r.Path, r.Region, r.PortalID, r.Status, r.Fault,
						tc.method, tc.path, tc.wantRegion, tc.wantPortal, want.status, want.fault)
				}
			}
		})
	}
}
