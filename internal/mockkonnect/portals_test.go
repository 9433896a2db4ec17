package mockkonnect_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func TestPortalIDMustBeUUID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		portalID string
		wantOK   bool
	}{
		{name: "lower-case UUID", portalID: portalA, wantOK: true},
		{name: "upper-case UUID", portalID: strings.ToUpper(portalA), wantOK: true},
		{name: "name instead of ID", portalID: "my-portal"},
		{name: "no hyphens", portalID: strings.ReplaceAll(portalA, "-", "")},
		{name: "one character short", portalID: portalA[:35]},
		{name: "one character long", portalID: portalA + "0"},
		{name: "not hexadecimal", portalID: "0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3cg"},
		{name: "hyphens moved", portalID: "0b7c1f2e3-d4a-4b5c-8d6e-7f8091a2b3c4"},
		{name: "empty", portalID: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{Token: token})
			for _, method := range []string{http.MethodGet, http.MethodPut} {
				rec := call(t, s, method, portalPath("eu", "v2", tc.portalID), `{}`)
				if tc.wantOK {
					if rec.Code == http.StatusBadRequest && strings.Contains(rec.Body.String(), "portalId") {
						t.Fatalf("%s rejected a valid UUID: %s", method, rec.Body)
					}
					continue
				}
				p := decodeProblem(t, rec, 400)
				want := []paramJSON{{Field: "portalId", Rule: "is_uuid", Source: "path", Reason: "must be a valid UUID"}}
				assertParams(t, p.InvalidParameters, want)
			}
		})
	}
}

func TestUnknownPortals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		portals []string // Options.Portals
		setup   func(*mockkonnect.Server)
		want    map[string]int // portal ID → status of a GET
	}{
		{
			name: "nil list: every portal exists",
			want: map[string]int{portalA: 200, portalB: 200},
		},
		{
			name:    "listed portals only",
			portals: []string{portalA},
			want:    map[string]int{portalA: 200, portalB: 404},
		},
		{
			name:    "empty list: no portal exists",
			portals: []string{},
			want:    map[string]int{portalA: 404, portalB: 404},
		},
		{
			name:    "list matches any case",
			portals: []string{strings.ToUpper(portalA)},
			want:    map[string]int{portalA: 200, strings.ToUpper(portalA): 200},
		},
		{
			name:  "AddPortals on a nil list restricts to the added",
			setup: func(s *mockkonnect.Server) { s.AddPortals(portalB) },
			want:  map[string]int{portalA: 404, portalB: 200},
		},
		{
			name:    "AddPortals extends a list",
			portals: []string{portalA},
			setup:   func(s *mockkonnect.Server) { s.AddPortals(portalB) },
			want:    map[string]int{portalA: 200, portalB: 200},
		},
		{
			name:    "RemovePortal from a list",
			portals: []string{portalA, portalB},
			setup:   func(s *mockkonnect.Server) { s.RemovePortal(portalA) },
			want:    map[string]int{portalA: 404, portalB: 200},
		},
		{
			name:  "RemovePortal with a nil list removes only that portal",
			setup: func(s *mockkonnect.Server) { s.RemovePortal(portalA) },
			want:  map[string]int{portalA: 404, portalB: 200},
		},
		{
			name:  "AddPortals brings a removed portal back",
			setup: func(s *mockkonnect.Server) { s.RemovePortal(portalA); s.AddPortals(portalA) },
			want:  map[string]int{portalA: 200, portalB: 404},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: tc.portals})
			if tc.setup != nil {
				tc.setup(s)
			}
			for id, want := range tc.want {
				for _, region := range []string{"", "eu"} {
					for _, method := range []string{http.MethodGet, http.MethodPut} {
						rec := call(t, s, method, portalPath(region, "v3", id), window(t0, t0))
						if want == 404 {
							p := decodeProblem(t, rec, 404)
							if p.Title != "Not Found" || p.Detail != "Portal not found" {
								t.Errorf("%s %s: title, detail = %q, %q", method, id, p.Title, p.Detail)
							}
						} else if rec.Code == 404 {
							t.Errorf("%s %s in %q: 404, want the portal to exist", method, id, region)
						}
					}
				}
			}
			// The org route has no portal, so it never answers 404.
			if rec := call(t, s, http.MethodGet, "/v2"+jobPath, ""); rec.Code != 200 {
				t.Errorf("org route: status %d, want 200", rec.Code)
			}
		})
	}
}

// A deleted portal's job is gone with it.
func TestRemovePortalForgetsJobs(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	s.SetJob("us", portalA, t0, t0)
	s.SetJob("eu", portalA, t0, t0)
	s.SetJob("eu", portalB, t0, t0)
	s.RemovePortal(portalA)
	for _, region := range []string{"us", "eu"} {
		if _, ok := s.Job(region, portalA); ok {
			t.Errorf("Job(%s, A) still configured", region)
		}
	}
	if _, ok := s.Job("eu", portalB); !ok {
		t.Error("Job(eu, B) lost")
	}
}

func assertParams(t *testing.T, got, want []paramJSON) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("invalid_parameters = %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("invalid_parameters[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
