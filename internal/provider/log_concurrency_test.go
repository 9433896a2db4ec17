package provider

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// Seen: finding a portal's API asks both APIs at once, and the provider
// crashed with "concurrent map writes": both requests logged on one
// context, whose masking writes into the logger's fields
// (hashicorp/terraform-plugin-log#246). Each request logs on a copy.
func TestRequestLogsMayRunAtOnce(t *testing.T) {
	t.Parallel()
	var (
		mu  sync.Mutex
		out bytes.Buffer
	)
	ctx := tflogtest.RootLogger(context.Background(), writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return out.Write(p)
	}))
	ctx = tflog.SetField(ctx, "tf_rpc", "ApplyResourceChange") // as the framework sets it
	ctx = (&providerData{secrets: []string{"kpat_secret"}}).masked(ctx)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 500 {
				logRequest(ctx, konnect.RequestInfo{Method: "GET", URL: "https://eu.api.konghq.com/v2/x?token=kpat_secret", Status: 200})
			}
		})
	}
	wg.Wait()
	if strings.Contains(out.String(), "kpat_secret") {
		t.Error("the token reached a log line")
	}
	if !strings.Contains(out.String(), `"tf_rpc":"ApplyResourceChange"`) {
		t.Error("the logger's own fields were lost")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
