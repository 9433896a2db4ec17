package mockkonnect_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func TestAuth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		token      string // server's accepted token
		auth       string // Authorization header sent
		wantStatus int
		wantDetail string
	}{
		{name: "missing header", token: token, auth: "", wantStatus: 401, wantDetail: "Unauthorized"},
		{name: "basic scheme", token: token, auth: "Basic a3BhdF90ZXN0", wantStatus: 401, wantDetail: "Unauthorized"},
		{name: "bearer without token", token: token, auth: "Bearer ", wantStatus: 401, wantDetail: "Unauthorized"},
		{name: "bare token", token: token, auth: token, wantStatus: 401, wantDetail: "Unauthorized"},
		{name: "wrong token", token: token, auth: "Bearer kpat_wrong", wantStatus: 401, wantDetail: "Invalid credentials"},
		{name: "token prefix only", token: token, auth: "Bearer kpat_", wantStatus: 401, wantDetail: "Invalid credentials"},
		{name: "right token", token: token, auth: "Bearer " + token, wantStatus: 200},
		{name: "scheme in lower case", token: token, auth: "bearer " + token, wantStatus: 200},
		{name: "any-token mode accepts any token", token: "", auth: "Bearer spat_whatever", wantStatus: 200},
		{name: "any-token mode still needs a header", token: "", auth: "", wantStatus: 401, wantDetail: "Unauthorized"},
		{name: "any-token mode still needs a token", token: "", auth: "Bearer ", wantStatus: 401, wantDetail: "Unauthorized"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{Token: tc.token})
			rec := callAuth(t, s, http.MethodGet, portalPath("", "v2", portalA), "", tc.auth)
			if tc.wantStatus == 200 {
				decodeJob(t, rec, 200)
				return
			}
			raw := rec.Body.String()
			p := decodeProblem(t, rec, tc.wantStatus)
			if p.Title != "Unauthorized" || p.Detail != tc.wantDetail {
				t.Errorf("title, detail = %q, %q; want Unauthorized, %q", p.Title, p.Detail, tc.wantDetail)
			}
			if !strings.HasPrefix(p.Instance, "kong:trace:") {
				t.Errorf("instance = %q, want kong:trace:…", p.Instance)
			}
			if strings.Contains(raw, "kpat_") || strings.Contains(raw, "spat_") {
				t.Errorf("error body echoes the token: %s", raw)
			}
		})
	}
}

// A rejected PUT must not touch the job.
func TestAuthRejectedPutLeavesJobAlone(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	rec := callAuth(t, s, http.MethodPut, portalPath("", "v2", portalA), window(t0, t0), "Bearer nope")
	decodeProblem(t, rec, 401)
	if j, ok := s.Job("us", portalA); ok {
		t.Fatalf("job configured by an unauthenticated PUT: %+v", j)
	}
}
