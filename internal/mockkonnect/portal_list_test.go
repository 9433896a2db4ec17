package mockkonnect_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// portalListJSON is GET /v2|v3/portals's answer as a client decodes it.
type portalListJSON struct {
	Data []portalJSON `json:"data"`
	Meta struct {
		Page struct {
			Number, Size, Total int
		} `json:"page"`
	} `json:"meta"`
}

func decodePortalList(t *testing.T, rec *httptest.ResponseRecorder) portalListJSON {
	t.Helper()
	return decodeAnswer[portalListJSON](t, rec, http.StatusOK, "application/json", "portal list")
}

// ids are the IDs of a page, in order.
func (l portalListJSON) ids() []string {
	var ids []string
	for _, p := range l.Data {
		ids = append(ids, p.ID)
	}
	return ids
}

// A region lists its portals of each API, by name, a page at a time, with
// the total: classic ones under /v2, new ones under /v3, as Kong documents
// GET /portals.
func TestPortalList(t *testing.T) {
	t.Parallel()
	// By name, portalA (portal-0b7c1f2e) comes before portalB (portal-9e8d7c6b).
	s := mockkonnect.New(mockkonnect.Options{Token: token, Now: newClock().Now, Portals: []string{portalB, portalA}, NewPortals: []string{portalN}})
	cases := []struct {
		name, path          string
		want                []string
		number, size, total int
	}{
		{name: "classic portals, the first page by default", path: "/eu/v2/portals", want: []string{portalA, portalB}, number: 1, size: 10, total: 2},
		{name: "new portals", path: "/eu/v3/portals", want: []string{portalN}, number: 1, size: 10, total: 1},
		{name: "a page of one", path: "/eu/v2/portals?page[size]=1", want: []string{portalA}, number: 1, size: 1, total: 2},
		{name: "the second page of one", path: "/eu/v2/portals?page%5Bsize%5D=1&page%5Bnumber%5D=2", want: []string{portalB}, number: 2, size: 1, total: 2},
		{name: "past the last page", path: "/eu/v2/portals?page[size]=1&page[number]=3", want: nil, number: 3, size: 1, total: 2},
		{name: "without a region, us", path: "/v2/portals", want: []string{portalA, portalB}, number: 1, size: 10, total: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := decodePortalList(t, call(t, s, http.MethodGet, tc.path, ""))
			if !slices.Equal(got.ids(), tc.want) {
				t.Errorf("ids = %v, want %v", got.ids(), tc.want)
			}
			if p := got.Meta.Page; p.Number != tc.number || p.Size != tc.size || p.Total != tc.total {
				t.Errorf("meta.page = %+v, want number %d, size %d, total %d", p, tc.number, tc.size, tc.total)
			}
			for _, p := range got.Data {
				if p.Name != "portal-"+p.ID[:8] || p.DisplayName != p.Name || p.CreatedAt == "" {
					t.Errorf("portal %+v lacks its name, display name or created_at", p)
				}
			}
		})
	}
}

// Bad page parameters are a 400 naming the parameter; the list needs the
// token like every route.
func TestPortalListRefuses(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: []string{portalA}})
	for _, tc := range []struct{ query, field string }{
		{"page[size]=0", "page[size]"}, {"page[size]=ten", "page[size]"}, {"page[size]=101", "page[size]"},
		{"page[number]=0", "page[number]"}, {"page[number]=-1", "page[number]"},
	} {
		p := decodeProblem(t, call(t, s, http.MethodGet, "/eu/v2/portals?"+tc.query, ""), 400)
		if len(p.InvalidParameters) != 1 || p.InvalidParameters[0].Field != tc.field || p.InvalidParameters[0].Source != "query" {
			t.Errorf("%s: invalid_parameters = %+v, want %s in the query", tc.query, p.InvalidParameters, tc.field)
		}
	}
	decodeProblem(t, callAuth(t, s, http.MethodGet, "/eu/v2/portals", "", ""), 401)
	decodeProblem(t, call(t, s, http.MethodPut, "/eu/v2/portals", ""), 405)
}

// A portal made in a region is in that region only: its routes answer 404
// in every other one, and only its region lists it. Portals given in the
// options are in PortalRegion, or in every region without one.
func TestPortalRegions(t *testing.T) {
	t.Parallel()
	t.Run("made in a region", func(t *testing.T) {
		t.Parallel()
		s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: []string{}})
		s.AddPortalsIn("eu", portalA)
		s.AddNewPortalsIn("au", portalN)
		assertPortalRoutes(t, s, "eu", "v2", portalA, true)
		assertPortalRoutes(t, s, "us", "v2", portalA, false)
		assertPortalRoutes(t, s, "au", "v3", portalN, true)
		assertPortalRoutes(t, s, "eu", "v3", portalN, false)
		if got := decodePortalList(t, call(t, s, http.MethodGet, "/eu/v2/portals", "")).ids(); !slices.Equal(got, []string{portalA}) {
			t.Errorf("eu lists %v, want portal A", got)
		}
		if got := decodePortalList(t, call(t, s, http.MethodGet, "/us/v2/portals", "")).ids(); len(got) != 0 {
			t.Errorf("us lists %v, want none", got)
		}
		// Added again without a region, it is in every region.
		s.AddPortals(portalA)
		assertPortalRoutes(t, s, "us", "v2", portalA, true)
	})
	t.Run("PortalRegion", func(t *testing.T) {
		t.Parallel()
		s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: []string{portalA}, NewPortals: []string{portalN}, PortalRegion: "eu"})
		assertPortalRoutes(t, s, "eu", "v2", portalA, true)
		assertPortalRoutes(t, s, "us", "v2", portalA, false)
		assertPortalRoutes(t, s, "eu", "v3", portalN, true)
		assertPortalRoutes(t, s, "me", "v3", portalN, false)
	})
	t.Run("without PortalRegion, every region", func(t *testing.T) {
		t.Parallel()
		s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: []string{portalA}})
		for _, region := range []string{"us", "eu", "sg"} {
			assertPortalRoutes(t, s, region, "v2", portalA, true)
		}
	})
}

// When every ID is a classic portal (Options.Portals nil), a region lists
// those it has a job or a webhook setting for, and no removed one.
func TestPortalListOfAnyPortal(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Now: newClock().Now})
	s.SetJob("eu", portalB, t0, t0)
	s.SetJob("us", portalA, t0, t0)
	s.SetJob("eu", "", t0, t0) // the organization's is no portal
	if got := decodePortalList(t, call(t, s, http.MethodGet, "/eu/v2/portals", "")).ids(); !slices.Equal(got, []string{portalB}) {
		t.Errorf("eu lists %v, want portal B", got)
	}
	s.RemovePortal(portalB)
	if got := decodePortalList(t, call(t, s, http.MethodGet, "/eu/v2/portals", "")).ids(); len(got) != 0 {
		t.Errorf("eu lists %v after the portal was removed, want none", got)
	}
}

// MaxPageSize caps the pages served, as a server may, and says so in
// meta.page.size.
func TestPortalListMaxPageSize(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Portals: []string{portalA, portalB}, MaxPageSize: 1})
	got := decodePortalList(t, call(t, s, http.MethodGet, "/eu/v2/portals?page[size]=500&page[number]=2", ""))
	if !slices.Equal(got.ids(), []string{portalB}) || got.Meta.Page.Size != 1 || got.Meta.Page.Total != 2 {
		t.Errorf("page %v, meta %+v; want portal B, size 1 of 2", got.ids(), got.Meta.Page)
	}
}
