package mockkonnect_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
					// The portal itself agrees with its job routes, under both versions.
					for _, version := range []string{"v2", "v3"} {
						rec := call(t, s, http.MethodGet, regionPrefix(region)+"/"+version+"/portals/"+id, "")
						if want == 404 {
							if p := decodeProblem(t, rec, 404); p.Detail != "Portal not found" {
								t.Errorf("GET %s portal %s: detail = %q", version, id, p.Detail)
							}
						} else if p := decodePortal(t, rec); p.ID != strings.ToLower(id) {
							t.Errorf("GET %s portal %s: id = %q", version, id, p.ID)
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

// regionPrefix is "/eu" for "eu" and "" for "".
func regionPrefix(region string) string {
	if region == "" {
		return ""
	}
	return "/" + region
}

// portalJSON is a portal as a client decodes it.
type portalJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func decodePortal(t *testing.T, rec *httptest.ResponseRecorder) portalJSON {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	var p portalJSON
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("decoding portal: %v", err)
	}
	return p
}

// GET /v2|v3/portals/{portalId} goes through the same checks as the job
// routes, in the same order, and answers a portal named after its ID.
func TestGetPortal(t *testing.T) {
	t.Parallel()
	const (
		other    = "5f0e4d3c-2b1a-4987-b654-3210fedcba98" // not in Options.Portals
		allowGet = "GET"
	)
	tests := []struct {
		name       string
		method     string
		path       string
		auth       string // "" sends the test token
		wantStatus int
		wantDetail string // of a problem
		wantAllow  string
		wantParams []paramJSON
		wantRegion string
		wantPortal string // as logged
		wantID     string // of a 200
	}{
		{name: "v2", method: "GET", path: "/v2/portals/" + portalA, wantStatus: 200, wantRegion: "us", wantPortal: portalA, wantID: portalA},
		{name: "v3", method: "GET", path: "/v3/portals/" + portalA, wantStatus: 200, wantRegion: "us", wantPortal: portalA, wantID: portalA},
		{name: "region prefix", method: "GET", path: "/au/v3/portals/" + portalA, wantStatus: 200, wantRegion: "au", wantPortal: portalA, wantID: portalA},
		{
			name: "upper-case ID answered in lower case", method: "GET", path: "/eu/v2/portals/" + strings.ToUpper(portalA),
			wantStatus: 200, wantRegion: "eu", wantPortal: strings.ToUpper(portalA), wantID: portalA,
		},
		{name: "unknown portal", method: "GET", path: "/v2/portals/" + other, wantStatus: 404, wantDetail: "Portal not found", wantRegion: "us", wantPortal: other},
		{
			name: "not a UUID", method: "GET", path: "/eu/v3/portals/my-portal", wantStatus: 400, wantDetail: "Invalid path parameters",
			wantParams: []paramJSON{{Field: "portalId", Rule: "is_uuid", Source: "path", Reason: "must be a valid UUID"}},
			wantRegion: "eu", wantPortal: "my-portal",
		},
		{name: "no token", method: "GET", path: "/v2/portals/" + portalA, auth: "none", wantStatus: 401, wantDetail: "Unauthorized", wantRegion: "us", wantPortal: portalA},
		{name: "wrong token", method: "GET", path: "/v2/portals/" + portalA, auth: "Bearer kpat_wrong", wantStatus: 401, wantDetail: "Invalid credentials", wantRegion: "us", wantPortal: portalA},
		{
			name: "PUT is not allowed", method: "PUT", path: "/v2/portals/" + portalA, wantStatus: 405,
			wantDetail: "Method [PUT] is not allowed; use GET", wantAllow: allowGet, wantRegion: "us", wantPortal: portalA,
		},
		{
			name: "DELETE is not allowed", method: "DELETE", path: "/v3/portals/" + other, wantStatus: 405,
			wantDetail: "Method [DELETE] is not allowed; use GET", wantAllow: allowGet, wantRegion: "us", wantPortal: other,
		},
		// The method is checked before authentication and the path.
		{
			name: "405 before 401 and 400", method: "PATCH", path: "/v2/portals/my-portal", auth: "none", wantStatus: 405,
			wantDetail: "Method [PATCH] is not allowed; use GET", wantAllow: allowGet, wantRegion: "us", wantPortal: "my-portal",
		},
		{name: "401 before 400", method: "GET", path: "/v2/portals/my-portal", auth: "none", wantStatus: 401, wantDetail: "Unauthorized", wantRegion: "us", wantPortal: "my-portal"},
		{name: "the portal list is not served", method: "GET", path: "/v2/portals", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "nor the list with a slash", method: "GET", path: "/v2/portals/", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "nor an unknown version", method: "GET", path: "/v1/portals/" + portalA, wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, Portals: []string{portalA, portalB}})
			clock.Advance(time.Hour) // the portal dates from the server's start, not from the GET
			auth := "Bearer " + token
			switch tc.auth {
			case "none":
				auth = ""
			case "":
			default:
				auth = tc.auth
			}
			rec := callAuth(t, s, tc.method, tc.path, "", auth)
			if tc.wantStatus == 200 {
				got := decodePortal(t, rec)
				name := "portal-" + tc.wantID[:8]
				want := portalJSON{ID: tc.wantID, Name: name, DisplayName: name, CreatedAt: rfc(t0), UpdatedAt: rfc(t0)}
				if got != want {
					t.Errorf("portal = %+v\nwant %+v", got, want)
				}
			} else {
				p := decodeProblem(t, rec, tc.wantStatus)
				if p.Detail != tc.wantDetail {
					t.Errorf("detail = %q, want %q", p.Detail, tc.wantDetail)
				}
				assertParams(t, p.InvalidParameters, tc.wantParams)
			}
			if got := rec.Header().Get("Allow"); got != tc.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tc.wantAllow)
			}
			log := s.Requests()
			if len(log) != 1 {
				t.Fatalf("logged %d requests, want 1", len(log))
			}
			if r := log[0]; r.Method != tc.method || r.Path != tc.path || r.Status != tc.wantStatus ||
				r.Region != tc.wantRegion || r.PortalID != tc.wantPortal || r.Fault != "" {
				t.Errorf("logged %s %s → %d, region %q, portal %q, fault %q; want %s %s → %d, %q, %q, no fault",
					r.Method, r.Path, r.Status, r.Region, r.PortalID, r.Fault, tc.method, tc.path, tc.wantStatus, tc.wantRegion, tc.wantPortal)
			}
		})
	}
}

// Reading a portal changes nothing: its job stays as it was.
func TestGetPortalLeavesJobsAlone(t *testing.T) {
	t.Parallel()
	s, _ := newServer(time.Minute, 0, 0)
	s.SetJob("eu", portalA, t0.Add(-time.Hour), t0)
	before, _ := s.Job("eu", portalA)
	decodePortal(t, call(t, s, http.MethodGet, "/eu/v2/portals/"+portalA, ""))
	if after, ok := s.Job("eu", portalA); !ok || after != before {
		t.Errorf("job after GET portal = %+v, %v; want %+v", after, ok, before)
	}
	if _, ok := s.Job("us", portalA); ok {
		t.Error("GET portal configured a job")
	}
}
