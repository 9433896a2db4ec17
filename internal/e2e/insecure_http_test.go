package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// A mock reached by a service name, as a CI service container is: plain
// http:// to konnect-mock:8080 only with the opt-in, and then with a warning
// on every plan and apply. The name resolves nowhere: HTTP_PROXY sends every
// request to a proxy on 127.0.0.1 that answers as the mock, so nothing leaves
// this machine. The provider runs as its own process, which reads the proxy
// settings once, at its first request.
func TestInsecureHTTPToAServiceName(t *testing.T) {
	t.Parallel()
	const config = `terraform {
  required_providers {
    konnect = { source = "konnect-iac/konnect" }
  }
}
provider "konnect" {
  server_url = "http://konnect-mock:8080/{region}"
  OPT_IN
}
resource "konnect_portal_audit_log_replay_job" "job" {
  portal_id = "PORTAL"
  start_at  = "START_AT"
  end_at    = "END_AT"
}
`
	cases := []struct {
		name, optIn string
		env         []string
		// wantSource names the opt-in in the warning; "" means refused.
		wantSource string
	}{
		{name: "the attribute", optIn: "allow_insecure_http = true", wantSource: "allow_insecure_http is true"},
		{name: "the environment", env: []string{"KONNECT_ALLOW_INSECURE_HTTP=true"},
			wantSource: "KONNECT_ALLOW_INSECURE_HTTP environment variable is true"},
		{name: "no opt-in"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newConfigWorkspace(t, mockkonnect.Options{}, strings.Replace(config, "OPT_IN", tc.optIn, 1))
			var (
				mu    sync.Mutex
				hosts []string
			)
			proxy := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				mu.Lock()
				hosts = append(hosts, r.Host)
				mu.Unlock()
				w.mock.ServeHTTP(rw, r)
			}))
			t.Cleanup(proxy.Close)
			w.env = append(w.env, "HTTP_PROXY="+proxy.URL, "NO_PROXY=")
			w.env = append(w.env, tc.env...)

			if tc.wantSource == "" {
				out := w.terraform(false, "plan")
				for _, want := range []string{"Invalid Konnect Server URL", "server_url", "must use https:// for konnect-mock", "allow_insecure_http = true"} {
					if !strings.Contains(flat(out), want) {
						t.Errorf("the refused plan does not say %q:\n%s", want, out)
					}
				}
				if len(hosts) != 0 || len(w.mock.Requests()) != 0 {
					t.Fatalf("a refused configuration sent %d requests", len(hosts))
				}
				return
			}
			for _, cmd := range [][]string{{"plan"}, {"apply", "-auto-approve"}, {"plan", "-detailed-exitcode"}} {
				out := flat(w.terraform(true, cmd...))
				for _, want := range []string{"Warning: Access Token Sent in Clear Text", tc.wantSource, "konnect-mock over plain http://", "clear text"} {
					if !strings.Contains(out, want) {
						t.Errorf("terraform %s does not say %q:\n%s", strings.Join(cmd, " "), want, out)
					}
				}
			}

			mu.Lock()
			defer mu.Unlock()
			if len(hosts) == 0 {
				t.Fatal("no request reached the proxy")
			}
			for _, h := range hosts {
				if h != "konnect-mock:8080" {
					t.Errorf("the proxy was asked for %q, want konnect-mock:8080 only", h)
				}
			}
			puts := 0
			for _, r := range w.mock.Requests() {
				if r.Method == "PUT" {
					puts++
					if r.Path != "/us/v2/portals/"+portal+"/audit-log-replay-job" {
						t.Errorf("PUT %s, want the job of portal %s in us", r.Path, portal)
					}
				}
			}
			if puts != 1 || len(hosts) != len(w.mock.Requests()) {
				t.Fatalf("%d PUTs, %d requests through the proxy and %d at the mock; want one PUT, every request through the proxy",
					puts, len(hosts), len(w.mock.Requests()))
			}
		})
	}
}

// flat joins Terraform's wrapped lines, so that a phrase can be found
// wherever the terminal width broke it.
func flat(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(s)), " ")
}
