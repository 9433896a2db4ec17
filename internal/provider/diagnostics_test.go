package provider

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// A read that outlasts read_timeout says so, naming the setting and its value.
func TestReadTimeoutIsReportedAsATimeout(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	c, err := konnect.New(konnect.Config{ServerURL: srv.URL, Token: "kpat_x"})
	if err != nil {
		t.Fatal(err)
	}
	const readTimeout = 50 * time.Millisecond
	ctx, cancel := clock.Real().WithTimeout(context.Background(), readTimeout)
	defer cancel()
	tg := target{kind: portalTarget, region: "eu", portalID: "6d3b2a1c-9e8f-4a7b-8c6d-5e4f3a2b1c0d", version: konnect.V2}
	_, err = c.GetReplayJob(ctx, tg.scope())

	var diags diag.Diagnostics
	reportReadError(&diags, tg, "replay job", err, readTimeout)
	if len(diags) != 1 || diags[0].Summary() != "Timed Out Reading the Replay Job" ||
		!strings.Contains(diags[0].Detail(), "read_timeout of 50ms") {
		t.Fatalf("diagnostics = %v; want one timeout naming read_timeout and its value", diags)
	}
}

// The webhook's warnings say what became of the window, and never that it
// was sent when it was not, or may not have been.
func TestWebhookWarningsFollowTheResult(t *testing.T) {
	t.Parallel()
	tg := target{kind: portalTarget, region: "eu", portalID: "6d3b2a1c-9e8f-4a7b-8c6d-5e4f3a2b1c0d", version: konnect.V2}
	inactive, code := konnect.WebhookInactive, int64(503)
	webhook := &konnect.WebhookStatus{Status: &inactive, LastResponseCode: &code}
	refused := &konnect.Error{Method: http.MethodGet, StatusCode: http.StatusForbidden, Body: "no access to audit logs"}
	cases := []struct {
		name    string
		out     replay.Outcome
		want    string // "" for no warning
		mustNot string
	}{
		{"inactive, sent", replay.Outcome{Result: replay.Sent, Webhook: webhook}, "The window was sent anyway", ""},
		{"inactive, maybe sent", replay.Outcome{Result: replay.MaybeSent, Webhook: webhook}, "went on to send the window anyway", "was sent"},
		{"inactive, not sent", replay.Outcome{Result: replay.NotSent, Webhook: webhook}, "", ""},
		{"not checked, sent", replay.Outcome{Result: replay.Sent, WebhookErr: refused}, "went on without checking", "was sent"},
		{"not checked, not sent", replay.Outcome{Result: replay.NotSent, WebhookErr: refused}, "went on without checking", "was sent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			reportWebhook(&diags, tg, tc.out)
			if tc.want == "" {
				if len(diags) != 0 {
					t.Fatalf("diagnostics = %v; want none", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning {
				t.Fatalf("diagnostics = %v; want one warning", diags)
			}
			detail := diags[0].Detail()
			if !strings.Contains(detail, tc.want) || (tc.mustNot != "" && strings.Contains(detail, tc.mustNot)) {
				t.Fatalf("warning %q; want it to say %q and not %q", detail, tc.want, tc.mustNot)
			}
		})
	}
}
