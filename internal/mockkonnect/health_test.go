package mockkonnect_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// /healthz is the mock's own: no token, no faults, no log, no hook.
func TestHealth(t *testing.T) {
	t.Parallel()
	hooked := 0
	s := mockkonnect.New(mockkonnect.Options{
		Token:     token,
		Faults:    []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable}}, // every route; a /healthz route is refused
		OnRequest: func(mockkonnect.Request) { hooked++ },
	})
	tests := []struct {
		name, method, auth string
		wantStatus         int
		wantBody           string
		wantAllow          string
	}{
		{name: "GET without a token", method: http.MethodGet, wantStatus: 200, wantBody: `{"status":"ok"}`},
		{name: "GET with a wrong token", method: http.MethodGet, auth: "Bearer kpat_wrong", wantStatus: 200, wantBody: `{"status":"ok"}`},
		{name: "HEAD", method: http.MethodHead, wantStatus: 200},
		{name: "PUT", method: http.MethodPut, wantStatus: 405, wantAllow: "GET, HEAD"},
	}
	for _, tc := range tests {
		rec := callAuth(t, s, tc.method, "/healthz", "", tc.auth)
		if rec.Code != tc.wantStatus || rec.Header().Get("Allow") != tc.wantAllow {
			t.Errorf("%s: status %d, Allow %q; want %d, %q", tc.name, rec.Code, rec.Header().Get("Allow"), tc.wantStatus, tc.wantAllow)
		}
		if tc.wantBody != "" {
			if got := strings.TrimSpace(rec.Body.String()); got != tc.wantBody || rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("%s: body %q, Content-Type %q; want %q as JSON", tc.name, got, rec.Header().Get("Content-Type"), tc.wantBody)
			}
		}
	}
	if n := len(s.Requests()); n != 0 || hooked != 0 {
		t.Errorf("log has %d requests and the hook ran %d times; want /healthz left out of both", n, hooked)
	}
	// Only that path: the same under a region prefix is an API path.
	if got := callAuth(t, s, http.MethodGet, "/eu/healthz", "", "").Code; got != 503 {
		t.Errorf("/eu/healthz: status %d, want the fault's 503", got)
	}
}
