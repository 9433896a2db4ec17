package konnect

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Portal is a Dev Portal as a list of a region's portals shows it.
type Portal struct {
	ID          string
	Name        string
	DisplayName string
	Version     APIVersion // the API that lists it: v2 classic, v3 new
}

// PortalPage is one page of a region's portals of one API.
type PortalPage struct {
	Portals []Portal
	// Total is how many portals of that API the region has, as Konnect
	// counts them; 0 when the answer leaves it out.
	Total int
}

// PortalPageSize is how many portals ListPortals asks for at a time. Kong
// documents no largest page size; 100 is the largest its other lists take.
const PortalPageSize = 100

// ListPortals reads page number (from 1) of the portals of version in
// region: GET /v2|v3/portals. Like every read, it is retried.
func (c *Client) ListPortals(ctx context.Context, region string, version APIVersion, number int) (PortalPage, error) {
	query := url.Values{"page[size]": {strconv.Itoa(PortalPageSize)}, "page[number]": {strconv.Itoa(number)}}
	path := "/" + string(version) + "/portals?" + query.Encode()
	var w wirePortalList
	if _, err := c.do(ctx, request{method: http.MethodGet, region: region, path: path, ok: []int{http.StatusOK}}, &w); err != nil {
		return PortalPage{}, err
	}
	page := PortalPage{}
	if w.Meta != nil && w.Meta.Page != nil && w.Meta.Page.Total != nil {
		page.Total = int(*w.Meta.Page.Total)
	}
	for _, p := range w.Data {
		page.Portals = append(page.Portals, Portal{ID: p.ID, Name: p.Name, DisplayName: p.DisplayName, Version: version})
	}
	return page, nil
}

// wirePortalList is the answer of GET /v2|v3/portals; only what the
// provider reads of it. Kong types the page numbers as JSON numbers.
type wirePortalList struct {
	Data []struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		DisplayName string `json:"display_name"`
	} `json:"data"`
	Meta *struct {
		Page *struct {
			Total *float64 `json:"total"`
		} `json:"page"`
	} `json:"meta"`
}

// check refuses a page the provider cannot use: a portal without an ID.
func (w *wirePortalList) check() error {
	for i, p := range w.Data {
		if p.ID == "" {
			return fmt.Errorf("portal %d of the page has no id", i+1)
		}
	}
	return nil
}

// mask masks the names a list shows: the provider writes them in display
// names and diagnostics.
func (w *wirePortalList) mask(m *masker) {
	for i := range w.Data {
		w.Data[i].ID = m.text(w.Data[i].ID)
		w.Data[i].Name = m.text(w.Data[i].Name)
		w.Data[i].DisplayName = m.text(w.Data[i].DisplayName)
	}
}
