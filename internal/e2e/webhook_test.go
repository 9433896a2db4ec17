package e2e

import (
	"strings"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// What the check before sending finds, and does not stop, reaches the user
// as a warning, and the window is sent once.
func TestWebhookWarningsReachTheUser(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(m *mockkonnect.Server)
		want  []string
	}{
		{
			name: "inactive",
			setup: func(m *mockkonnect.Server) {
				m.SetWebhook("", portal, mockkonnect.Webhook{Enabled: true, Status: "inactive", LastResponseCode: 503, LastResponseMessage: "Service Unavailable"})
			},
			want: []string{"Warning: Audit Log Webhook Inactive", "audit log webhook of portal " + portal + " in region us is inactive", `answered 503 "Service Unavailable"`, "The window was sent anyway"},
		},
		{
			name: "status not allowed",
			setup: func(m *mockkonnect.Server) {
				must(t, m.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals/*/audit-log-webhook/status", Status: 403,
					ContentType: "application/problem+json", Body: `{"status":403,"title":"Forbidden","detail":"no access to audit logs"}`}))
			},
			want: []string{"Warning: Audit Log Webhook Not Checked", "may not read the status of the audit log webhook of portal " + portal, "check_webhook = false", "no access to audit logs"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, mockkonnect.Options{}, oneJob)
			tc.setup(w.mock)
			out := w.terraform(true, "apply", "-auto-approve")
			for _, want := range tc.want {
				if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
					t.Errorf("the apply did not print %q:\n%s", want, tail([]byte(out)))
				}
			}
			puts := 0
			for _, r := range w.mock.Requests() {
				if r.Method == "PUT" && r.Status == 202 {
					puts++
				}
			}
			if puts != 1 {
				t.Errorf("Konnect took %d PUTs, want 1", puts)
			}
		})
	}
}
