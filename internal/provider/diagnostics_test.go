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
	ctx, cancel := clock.WithTimeout(context.Background(), clock.Real(), readTimeout)
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
