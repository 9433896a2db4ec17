package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// listed is what a list resource streamed: its results, and every
// diagnostic, whether it came with a result or alone.
type listed struct {
	names      []string            // display names
	identities []map[string]string // identities, as strings
	resources  []map[string]tftypes.Value
	diags      []*tfprotov6.Diagnostic
}

// list validates and runs a list resource of typeName with configuration
// c, as terraform query does.
func (h *harness) list(typeName string, c cfg, includeResource bool, limit int64) listed {
	h.t.Helper()
	ctx := context.Background()
	schema, ok := h.schemas.ListResourceSchemas[typeName]
	if !ok {
		h.t.Fatalf("no list resource %s", typeName)
	}
	config := h.value(schema.ValueType(), c)
	v, err := h.server.(tfprotov6.ListResourceServer).ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: typeName, Config: config})
	if err != nil {
		h.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return listed{diags: v.Diagnostics}
	}
	stream, err := h.server.(tfprotov6.ListResourceServer).ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: config, IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	got := listed{diags: v.Diagnostics}
	for r := range stream.Results {
		got.diags = append(got.diags, r.Diagnostics...)
		if r.Identity == nil {
			continue
		}
		got.names = append(got.names, r.DisplayName)
		got.identities = append(got.identities, identityOf(h.t, h.server, typeName, r.Identity))
		if r.Resource != nil {
			got.resources = append(got.resources, h.attrs(h.resourceType(typeName), r.Resource))
		}
	}
	return got
}

// portalIDs are the portal IDs of the results' identities.
func (l listed) portalIDs() []string {
	var ids []string
	for _, id := range l.identities {
		ids = append(ids, id["portal_id"])
	}
	return ids
}

// Test portals: classic ones sort after new ones in a list, which asks the
// new Dev Portal API first.
const (
	listClassicA = "0a000000-0000-4000-8000-00000000000a"
	listClassicB = "0b000000-0000-4000-8000-00000000000b"
	listNew      = "0c000000-0000-4000-8000-00000000000c"
)

// A region's portal jobs: every portal of both APIs, each portal's job read
// once under the API that listed it; a portal without a job is left out.
// Each result has the identity an import takes, a display name that names
// the portal, its window and status, and with include_resource the
// resource an import reads.
func TestListPortalJobs(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{Portals: []string{listClassicA, listClassicB}, NewPortals: []string{listNew}, PortalRegion: "eu"}, nil)
	start, end := h.clock.Now().Add(-3*time.Hour).Truncate(time.Second), h.clock.Now().Add(-2*time.Hour).Truncate(time.Second)
	h.mock.SetJob("eu", listClassicA, start, end)
	h.mock.SetJob("eu", listNew, start, end)

	got := h.list(portalJob, cfg{}, true, 100)
	expectDiags(t, got.diags, nil)
	if want := []string{listNew, listClassicA}; !slices.Equal(got.portalIDs(), want) {
		t.Fatalf("listed %v, want %v", got.portalIDs(), want)
	}
	window := start.UTC().Format(time.RFC3339) + " to " + end.UTC().Format(time.RFC3339) + ", completed"
	wantNames := []string{
		fmt.Sprintf(`new Dev Portal "portal-0c000000" (%s, region eu): %s`, listNew, window),
		fmt.Sprintf(`classic Dev Portal "portal-0a000000" (%s, region eu): %s`, listClassicA, window),
	}
	if !slices.Equal(got.names, wantNames) {
		t.Errorf("display names:\n  %s\nwant:\n  %s", strings.Join(got.names, "\n  "), strings.Join(wantNames, "\n  "))
	}
	for i, version := range []string{"v3", "v2"} {
		id, res := got.identities[i], got.resources[i]
		if id["region"] != "eu" {
			t.Errorf("result %d: identity %v, want region eu", i, id)
		}
		for name, want := range map[string]string{
			"id": "eu/" + id["portal_id"], "region": "eu", "portal_id": id["portal_id"], "api_version": version,
			"start_at": start.UTC().Format(time.RFC3339Nano), "end_at": end.UTC().Format(time.RFC3339Nano), "status": "completed",
			"wait_for_completion": "false", "check_webhook": "true", "superseded": "false", "portal_deleted": "false",
		} {
			if got := stringAttr(res, name); got != want {
				t.Errorf("result %d: %s = %s, want %s", i, name, got, want)
			}
		}
	}
	want := []string{
		"GET /eu/v3/portals 200", "GET /eu/v3/portals/" + listNew + "/audit-log-replay-job 200",
		"GET /eu/v2/portals 200",
	}
	if reqs := h.requests(); len(reqs) != 5 || !slices.Equal(reqs[:3], want) ||
		!slices.Equal(slices.Sorted(slices.Values(reqs[3:])), []string{
			"GET /eu/v2/portals/" + listClassicA + "/audit-log-replay-job 200", "GET /eu/v2/portals/" + listClassicB + "/audit-log-replay-job 200",
		}) {
		t.Errorf("the mock received:\n  %s", strings.Join(reqs, "\n  "))
	}

	// Without include_resource, no resource; in another region, nothing.
	if got := h.list(portalJob, cfg{}, false, 100); len(got.resources) != 0 || len(got.identities) != 2 {
		t.Errorf("without include_resource: %d results, %d resources; want 2 and none", len(got.identities), len(got.resources))
	}
	if got := h.list(portalJob, cfg{"region": "us"}, false, 100); len(got.identities) != 0 || len(got.diags) != 0 {
		t.Errorf("region us: %v %s; want nothing, as the portals are in eu", got.portalIDs(), diagText(got.diags))
	}
}

// A list reads every page of portals, 100 a page, and stops paging, and
// reading jobs, once it has the query's limit.
func TestListPortalJobsPagesUpToTheLimit(t *testing.T) {
	t.Parallel()
	ids := make([]string, 230)
	for i := range ids {
		ids[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	}
	h := newConfiguredHarness(t, mockkonnect.Options{Portals: ids, NewPortals: []string{}}, nil)
	start, end := h.clock.Now().Add(-3*time.Hour), h.clock.Now().Add(-2*time.Hour)
	for _, id := range ids {
		h.mock.SetJob("eu", id, start, end)
	}
	pages := func() []string {
		var got []string
		for _, r := range h.mock.Requests() {
			if strings.HasSuffix(r.Path, "/portals") {
				got = append(got, r.Path+"?"+r.Query)
			}
		}
		return got
	}
	jobReads := func() int {
		n := 0
		for _, r := range h.mock.Requests() {
			if strings.HasSuffix(r.Path, "/audit-log-replay-job") {
				n++
			}
		}
		return n
	}

	all := h.list(portalJob, cfg{}, false, 1000)
	if len(all.identities) != 230 || all.portalIDs()[229] != ids[229] {
		t.Fatalf("listed %d portals, want all 230, in order", len(all.identities))
	}
	if got := pages(); !slices.Equal(got, []string{
		"/eu/v3/portals?page%5Bnumber%5D=1&page%5Bsize%5D=100",
		"/eu/v2/portals?page%5Bnumber%5D=1&page%5Bsize%5D=100", "/eu/v2/portals?page%5Bnumber%5D=2&page%5Bsize%5D=100",
		"/eu/v2/portals?page%5Bnumber%5D=3&page%5Bsize%5D=100",
	}) {
		t.Errorf("pages read:\n  %s", strings.Join(got, "\n  "))
	}

	h.mock.ResetRequests()
	some := h.list(portalJob, cfg{}, false, 120)
	if len(some.identities) != 120 {
		t.Errorf("listed %d with limit 120", len(some.identities))
	}
	if got := pages(); len(got) != 3 || strings.Contains(got[len(got)-1], "number%5D=3") {
		t.Errorf("pages read with limit 120:\n  %s\nwant the v3 list and two pages of v2", strings.Join(got, "\n  "))
	}
	if n := jobReads(); n < 120 || n >= 120+listJobsPerRead {
		t.Errorf("%d jobs read for 120 results; want at most %d more than needed", n, listJobsPerRead-1)
	}
}

// What cannot be read is a warning that names it, and the list goes on: a
// portal's job, an API's portal list the token may not read. A 401 ends it
// with an error.
func TestListPortalJobsFaults(t *testing.T) {
	t.Parallel()
	problem := func(status int) string { return fmt.Sprintf(`{"status":%d,"title":"x","detail":"no"}`, status) }
	respond := func(route string, status int) mockkonnect.Fault {
		return mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: route, Status: status, ContentType: "application/problem+json", Body: problem(status)}
	}
	cases := []struct {
		name    string
		fault   mockkonnect.Fault
		listed  []string
		summary []string
		says    []string
	}{
		{name: "one portal's job fails", fault: respond("GET /v2/portals/"+listClassicA+"/audit-log-replay-job", 500),
			listed: []string{listNew, listClassicB}, summary: []string{"warning: Replay Job Not Read"}, says: []string{"portal " + listClassicA, "500"}},
		{name: "the token may not list new Dev Portals", fault: respond("GET /v3/portals", 403),
			listed: []string{listClassicA, listClassicB}, summary: []string{"warning: Portals Not Listed"}, says: []string{"new Dev Portals of region eu", "403", "the others are listed"}},
		{name: "the token is refused", fault: respond("GET /v2/portals", 401),
			listed: []string{listNew}, summary: []string{"error: Konnect Refused the Token"}, says: []string{"classic Dev Portals of region eu", "401"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, mockkonnect.Options{Portals: []string{listClassicA, listClassicB}, NewPortals: []string{listNew},
				Faults: []mockkonnect.Fault{tc.fault}}, cfg{"max_retries": 0})
			for _, id := range []string{listClassicA, listClassicB, listNew} {
				h.mock.SetJob("eu", id, h.clock.Now().Add(-3*time.Hour), h.clock.Now().Add(-2*time.Hour))
			}
			got := h.list(portalJob, cfg{}, false, 100)
			if !slices.Equal(got.portalIDs(), tc.listed) {
				t.Errorf("listed %v, want %v", got.portalIDs(), tc.listed)
			}
			expectDiags(t, got.diags, tc.summary, tc.says...)
		})
	}
}

// The organization's jobs: the provider's region by default, the regions
// named, or every region Konnect serves; a region without a job is left
// out.
func TestListOrganizationJobs(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
	start, end := h.clock.Now().Add(-3*time.Hour).Truncate(time.Second), h.clock.Now().Add(-2*time.Hour).Truncate(time.Second)
	h.mock.SetJob("eu", "", start, end)
	h.mock.SetJob("sg", "", start, end)
	regions := func(l listed) []string {
		var got []string
		for _, id := range l.identities {
			got = append(got, id["region"])
		}
		return got
	}
	for _, tc := range []struct {
		name  string
		c     cfg
		want  []string
		reads int
	}{
		{"the provider's region", cfg{}, []string{"eu"}, 1},
		{"regions named", cfg{"regions": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
			tftypes.NewValue(tftypes.String, "us"), tftypes.NewValue(tftypes.String, "sg")})}, []string{"sg"}, 2},
		{"all regions", cfg{"all_regions": true}, []string{"eu", "sg"}, len(konnect.ServedRegions)},
	} {
		h.mock.ResetRequests()
		got := h.list(orgJobType, tc.c, true, 100)
		expectDiags(t, got.diags, nil)
		if !slices.Equal(regions(got), tc.want) || len(h.requests()) != tc.reads {
			t.Errorf("%s: listed %v with %d reads, want %v with %d", tc.name, regions(got), len(h.requests()), tc.want, tc.reads)
		}
	}
	got := h.list(orgJobType, cfg{}, true, 100)
	if len(got.names) != 1 || got.names[0] != "organization, region eu: "+start.UTC().Format(time.RFC3339)+" to "+end.UTC().Format(time.RFC3339)+", completed" {
		t.Errorf("display name %q", got.names)
	}
	if res := got.resources[0]; stringAttr(res, "id") != "eu" || stringAttr(res, "start_at") != start.UTC().Format(time.RFC3339Nano) {
		t.Errorf("resource id %s start_at %s", stringAttr(res, "id"), stringAttr(res, "start_at"))
	}
	both := h.list(orgJobType, cfg{"all_regions": true, "regions": tftypes.NewValue(tftypes.List{ElementType: tftypes.String},
		[]tftypes.Value{tftypes.NewValue(tftypes.String, "us")})}, false, 100)
	expectDiags(t, both.diags, []string{"error: Invalid Attribute Combination at regions"})
	bad := h.list(orgJobType, cfg{"regions": tftypes.NewValue(tftypes.List{ElementType: tftypes.String},
		[]tftypes.Value{tftypes.NewValue(tftypes.String, "mars")})}, false, 100)
	expectDiags(t, bad.diags, []string{"error: Invalid Attribute Value Match at regions.0"}, "mars")
}

const orgJobType = "konnect_audit_log_replay_job"

// A list obeys read_timeout like any read: Konnect asking to wait longer
// than the time left ends the query, naming the list it was reading.
func TestListPortalJobsTimesOut(t *testing.T) {
	t.Parallel()
	h := newConfiguredHarness(t, mockkonnect.Options{Portals: []string{listClassicA}, Faults: []mockkonnect.Fault{
		{Kind: mockkonnect.FaultRateLimited, Route: "GET /v3/portals", RetryAfter: "3600"},
	}}, cfg{"read_timeout": "1m"})
	h.mock.SetJob("eu", listClassicA, h.clock.Now().Add(-3*time.Hour), h.clock.Now().Add(-2*time.Hour))
	got := h.list(portalJob, cfg{}, false, 100)
	expectDiags(t, got.diags, []string{"error: Timed Out Listing Portals"}, "new Dev Portals of region eu", "read_timeout", "429")
	if len(got.identities) != 0 {
		t.Errorf("listed %v after the time ran out", got.portalIDs())
	}
}

// A server that serves smaller pages than asked for is read to its total;
// one that ignores page[number] is read once, not for ever.
func TestListPortalJobsPagesAsTheServerDoes(t *testing.T) {
	t.Parallel()
	ids := make([]string, 25)
	for i := range ids {
		ids[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	}
	h := newConfiguredHarness(t, mockkonnect.Options{Portals: ids, NewPortals: []string{}, MaxPageSize: 10}, nil)
	for _, id := range ids {
		h.mock.SetJob("eu", id, h.clock.Now().Add(-3*time.Hour), h.clock.Now().Add(-2*time.Hour))
	}
	if got := h.list(portalJob, cfg{}, false, 100); len(got.identities) != 25 {
		t.Errorf("pages of 10: listed %d of 25", len(got.identities))
	}

	page := `{"data":[{"id":"` + ids[0] + `","name":"a","display_name":"A"}],"meta":{"page":{"number":1,"size":100,"total":50}}}`
	must(t, h.mock.SetFaults(mockkonnect.Fault{Kind: mockkonnect.FaultRespond, Route: "GET /v2/portals", Status: 200, ContentType: "application/json", Body: page}))
	h.mock.ResetRequests()
	got := h.list(portalJob, cfg{}, false, 100)
	if len(got.identities) != 1 || len(h.requests()) != 4 {
		t.Errorf("page[number] ignored: listed %d with requests:\n  %s\nwant one portal, read after two pages of v2", len(got.identities), strings.Join(h.requests(), "\n  "))
	}
}
