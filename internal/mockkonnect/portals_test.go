package mockkonnect_test

import (
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

// Every portal route agrees on which portals exist, and under which version:
// classic portals under /v2, new Dev Portals under /v3, never both.
func TestUnknownPortals(t *testing.T) {
	t.Parallel()
	const classic, newDP, unknown = "v2", "v3", ""
	tests := []struct {
		name       string
		portals    []string // Options.Portals
		newPortals []string // Options.NewPortals
		setup      func(*mockkonnect.Server)
		want       map[string]string // portal ID → the version that knows it, or unknown
	}{
		{
			name: "nil list: every portal is classic",
			want: map[string]string{portalA: classic, portalB: classic},
		},
		{
			name:       "nil list beside new portals",
			newPortals: []string{portalB},
			want:       map[string]string{portalA: classic, portalB: newDP},
		},
		{
			name:    "listed portals only",
			portals: []string{portalA},
			want:    map[string]string{portalA: classic, portalB: unknown},
		},
		{
			name:    "empty list: no portal exists",
			portals: []string{},
			want:    map[string]string{portalA: unknown, portalB: unknown},
		},
		{
			name:       "empty list and a new portal",
			portals:    []string{},
			newPortals: []string{portalA},
			want:       map[string]string{portalA: newDP, portalB: unknown},
		},
		{
			name:       "lists match any case",
			portals:    []string{strings.ToUpper(portalA)},
			newPortals: []string{strings.ToUpper(portalB)},
			want:       map[string]string{portalA: classic, strings.ToUpper(portalA): classic, portalB: newDP},
		},
		{
			name:  "AddPortals on a nil list restricts to the added",
			setup: func(s *mockkonnect.Server) { s.AddPortals(portalB) },
			want:  map[string]string{portalA: unknown, portalB: classic},
		},
		{
			name:    "AddPortals extends a list",
			portals: []string{portalA},
			setup:   func(s *mockkonnect.Server) { s.AddPortals(portalB) },
			want:    map[string]string{portalA: classic, portalB: classic},
		},
		{
			name:  "AddNewPortals on a nil list leaves the others classic",
			setup: func(s *mockkonnect.Server) { s.AddNewPortals(portalA) },
			want:  map[string]string{portalA: newDP, portalB: classic},
		},
		{
			name:    "AddNewPortals moves a classic portal to v3",
			portals: []string{portalA, portalB},
			setup:   func(s *mockkonnect.Server) { s.AddNewPortals(portalA) },
			want:    map[string]string{portalA: newDP, portalB: classic},
		},
		{
			name:       "AddPortals moves a new portal to v2",
			portals:    []string{portalB},
			newPortals: []string{portalA},
			setup:      func(s *mockkonnect.Server) { s.AddPortals(portalA) },
			want:       map[string]string{portalA: classic, portalB: classic},
		},
		{
			name:    "RemovePortal from a list",
			portals: []string{portalA, portalB},
			setup:   func(s *mockkonnect.Server) { s.RemovePortal(portalA) },
			want:    map[string]string{portalA: unknown, portalB: classic},
		},
		{
			name:  "RemovePortal with a nil list removes only that portal",
			setup: func(s *mockkonnect.Server) { s.RemovePortal(portalA) },
			want:  map[string]string{portalA: unknown, portalB: classic},
		},
		{
			name:       "RemovePortal of a new portal",
			newPortals: []string{portalA},
			setup:      func(s *mockkonnect.Server) { s.RemovePortal(portalA) },
			want:       map[string]string{portalA: unknown, portalB: classic},
		},
		{
			name:  "AddPortals brings a removed portal back",
			setup: func(s *mockkonnect.Server) { s.RemovePortal(portalA); s.AddPortals(portalA) },
			want:  map[string]string{portalA: classic, portalB: unknown},
		},
		{
			name:  "AddNewPortals brings a removed portal back as new",
			setup: func(s *mockkonnect.Server) { s.RemovePortal(portalA); s.AddNewPortals(portalA) },
			want:  map[string]string{portalA: newDP, portalB: classic},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: tc.portals, NewPortals: tc.newPortals})
			if tc.setup != nil {
				tc.setup(s)
			}
			for id, knownUnder := range tc.want {
				for _, region := range []string{"", "eu"} {
					for _, version := range []string{"v2", "v3"} {
						assertPortalRoutes(t, s, region, version, id, version == knownUnder)
					}
				}
			}
			// The organization has no portal, so its routes never answer 404.
			for _, path := range []string{"/v2" + jobPath, "/eu/v3" + jobPath, webhookPath("", "v2", ""), webhookPath("eu", "v3", "")} {
				if rec := call(t, s, http.MethodGet, path, ""); rec.Code != 200 {
					t.Errorf("GET %s: status %d, want 200", path, rec.Code)
				}
			}
		})
	}
}

// assertPortalRoutes checks that every route of a portal under a version
// finds it (known) or answers Konnect's 404.
func assertPortalRoutes(t *testing.T, s *mockkonnect.Server, region, version, id string, known bool) {
	t.Helper()
	routes := []struct{ method, path, body string }{
		{method: http.MethodGet, path: portalPath(region, version, id)},
		{method: http.MethodPut, path: portalPath(region, version, id), body: window(t0, t0)},
		{method: http.MethodGet, path: regionPrefix(region) + "/" + version + "/portals/" + id},
		{method: http.MethodGet, path: webhookPath(region, version, id)},
	}
	for _, r := range routes {
		rec := call(t, s, r.method, r.path, r.body)
		if !known {
			if p := decodeProblem(t, rec, 404); p.Title != "Not Found" || p.Detail != "Portal not found" {
				t.Errorf("%s %s: title, detail = %q, %q; want Not Found, Portal not found", r.method, r.path, p.Title, p.Detail)
			}
			continue
		}
		if rec.Code == 404 {
			t.Errorf("%s %s: 404, want the portal to exist under %s", r.method, r.path, version)
		}
	}
}

// Konnect knows a portal under one version only, so the options cannot say
// otherwise.
func TestNewRefusesAPortalOfBothKinds(t *testing.T) {
	t.Parallel()
	defer func() {
		if msg, _ := recover().(string); !strings.Contains(msg, "portal "+portalA+" is in both Portals and NewPortals") {
			t.Errorf("New panicked with %q, want the portal named", msg)
		}
	}()
	mockkonnect.New(mockkonnect.Options{Portals: []string{portalA}, NewPortals: []string{strings.ToUpper(portalA)}})
	t.Error("New accepted a portal of both kinds")
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
	return decodeAnswer[portalJSON](t, rec, http.StatusOK, "application/json", "portal")
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
		{name: "v3", method: "GET", path: "/v3/portals/" + portalN, wantStatus: 200, wantRegion: "us", wantPortal: portalN, wantID: portalN},
		{name: "region prefix", method: "GET", path: "/au/v3/portals/" + portalN, wantStatus: 200, wantRegion: "au", wantPortal: portalN, wantID: portalN},
		{name: "classic portal under v3", method: "GET", path: "/v3/portals/" + portalA, wantStatus: 404, wantDetail: "Portal not found", wantRegion: "us", wantPortal: portalA},
		{name: "new portal under v2", method: "GET", path: "/eu/v2/portals/" + portalN, wantStatus: 404, wantDetail: "Portal not found", wantRegion: "eu", wantPortal: portalN},
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
		{name: "the list with a slash is not served", method: "GET", path: "/v2/portals/", wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
		{name: "nor an unknown version", method: "GET", path: "/v1/portals/" + portalA, wantStatus: 404, wantDetail: "Not Found", wantRegion: "us"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			s := mockkonnect.New(mockkonnect.Options{Token: token, Now: clock.Now, Portals: []string{portalA, portalB}, NewPortals: []string{portalN}})
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
