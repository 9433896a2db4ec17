package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// replayJobList is the list resource of one kind of replay job, for
// terraform query (Terraform 1.14 and later): the jobs Konnect has, each
// with the identity an import block takes, and with include_resource the
// resource as an import would read it. Whether Konnect's job has a window
// to record is the replay engine's call, as for an import.
type replayJobList struct {
	kind replayJobKind
	data *providerData
}

var _ list.ListResourceWithConfigure = (*replayJobList)(nil)

func newReplayJobList(kind replayJobKind) func() list.ListResource {
	return func() list.ListResource { return &replayJobList{kind: kind} }
}

func (l *replayJobList) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.kind.typeName()
}

// listJobsPerRead is how many jobs a portal list reads at once: one GET per
// portal, the whole page's at most this many at a time.
const listJobsPerRead = 8

func (l *replayJobList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	regionValidators := []validator.String{stringvalidator.OneOf(konnect.Regions...)}
	if l.kind.target.portal {
		resp.Schema = lschema.Schema{
			MarkdownDescription: fmt.Sprintf("Lists the replay jobs Konnect has for the Dev Portals of a region, classic and new: "+
				"every portal of `GET /v3/portals` and `GET /v2/portals` (%d portals a page, every page), then each portal's job "+
				"(one `GET` per portal, up to %d at once). A portal whose job was never configured is left out. Each result has "+
				"the identity an `import` block takes; with `include_resource`, the resource as an import reads it.",
				konnect.PortalPageSize, listJobsPerRead),
			Attributes: map[string]lschema.Attribute{
				"region": lschema.StringAttribute{
					MarkdownDescription: regionDescription("portals"),
					Optional:            true,
					Validators:          regionValidators,
				},
			},
		}
		return
	}
	resp.Schema = lschema.Schema{
		MarkdownDescription: "Lists the organization's replay jobs, one per region whose job Konnect has (one `GET` per region). " +
			"By default it covers the provider's region; `regions` names others, and `all_regions` every region Konnect serves.",
		Attributes: map[string]lschema.Attribute{
			"regions": lschema.ListAttribute{
				MarkdownDescription: "The regions to list, each one of " + regionList() + ". Defaults to the provider's `region`.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(), listvalidator.ValueStringsAre(regionValidators...),
					listvalidator.ConflictsWith(path.MatchRoot("all_regions")),
				},
			},
			"all_regions": lschema.BoolAttribute{
				MarkdownDescription: "List every region Konnect serves: " + regionNames(konnect.ServedRegions) + ".",
				Optional:            true,
			},
		},
	}
}

func (l *replayJobList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// portalListConfig and organizationListConfig are the list configurations.
type portalListConfig struct {
	Region types.String `tfsdk:"region"`
}

type organizationListConfig struct {
	Regions    []types.String `tfsdk:"regions"`
	AllRegions types.Bool     `tfsdk:"all_regions"`
}

func (l *replayJobList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	client := l.data.clientOrError(&diags)
	regions := l.regions(ctx, req, &diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx = l.data.masked(ctx)
	stream.Results = func(push func(list.ListResult) bool) {
		q := &query{l: l, req: req, client: client, push: push, warnings: diags}
		for _, region := range regions {
			var more bool
			if l.kind.target.portal {
				more = q.portals(ctx, region)
			} else {
				more = q.job(ctx, target{kind: l.kind.target, region: region})
			}
			if !more {
				return
			}
		}
		q.flush()
	}
}

// regions are the regions the configuration asks to list.
func (l *replayJobList) regions(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) []string {
	var regions []string
	if l.kind.target.portal {
		var c portalListConfig
		diags.Append(req.Config.Get(ctx, &c)...)
		if !c.Region.IsNull() {
			regions = []string{c.Region.ValueString()}
		}
	} else {
		var c organizationListConfig
		diags.Append(req.Config.Get(ctx, &c)...)
		for _, r := range c.Regions {
			regions = append(regions, r.ValueString())
		}
		if c.AllRegions.ValueBool() {
			regions = slices.Clone(konnect.ServedRegions)
			if l.data != nil && l.data.pinned != "" {
				regions = []string{l.data.pinned}
			}
		}
	}
	if diags.HasError() {
		return nil
	}
	if len(regions) == 0 {
		region := l.data.defaultRegion()
		if region == "" {
			diags.AddError("Region Not Known", "The provider's region is known only after apply; name the region in the list block.")
			return nil
		}
		regions = []string{region}
	}
	for _, r := range regions {
		if err := l.data.regionServed(r); err != nil {
			diags.AddError("Region Not Served by server_url", err.Error()+".")
		}
	}
	return regions
}

// query is one run of List: what it has pushed, and the warnings it has
// for Terraform, which go with the next result or, at the end, alone.
type query struct {
	l        *replayJobList
	req      list.ListRequest
	client   *konnect.Client
	push     func(list.ListResult) bool
	pushed   int64
	warnings diag.Diagnostics
	stopped  bool
}

// done reports whether the query has all it may push, or must stop.
func (q *query) done() bool {
	return q.stopped || (q.req.Limit > 0 && q.pushed >= q.req.Limit)
}

// emit pushes a result, with the warnings so far.
func (q *query) emit(r list.ListResult) bool {
	r.Diagnostics.Append(q.warnings...)
	q.warnings = nil
	q.pushed++
	if !q.push(r) {
		q.stopped = true
	}
	return !q.done()
}

// fail ends the query with an error.
func (q *query) fail(summary, detail string) bool {
	q.warnings.AddError(summary, detail)
	q.flush()
	q.stopped = true
	return false
}

// flush pushes what warnings are left, alone.
func (q *query) flush() {
	if len(q.warnings) > 0 && !q.stopped {
		q.push(list.ListResult{Diagnostics: q.warnings})
		q.warnings = nil
	}
}

// portals lists the jobs of every portal of a region, the new Dev Portals'
// first; false when the query must go no further.
func (q *query) portals(ctx context.Context, region string) bool {
	for _, v := range []konnect.APIVersion{konnect.V3, konnect.V2} {
		var previous string
		for number, seen := 1, 0; ; number++ {
			page, err := q.page(ctx, region, v, number)
			if err != nil {
				if !q.listFailed(region, v, err) {
					return false
				}
				break
			}
			// A page that begins as the one before would list it again: a
			// server that ignores page[number] ends the paging here.
			if len(page.Portals) == 0 || page.Portals[0].ID == previous {
				break
			}
			previous = page.Portals[0].ID
			if !q.jobsOf(ctx, region, page.Portals) {
				return false
			}
			seen += len(page.Portals)
			// The total says when the last page was read; without one, a
			// page shorter than asked for is the last. A server may serve
			// pages smaller than asked for, which the total tells.
			if (page.Total > 0 && seen >= page.Total) || (page.Total == 0 && len(page.Portals) < konnect.PortalPageSize) {
				break
			}
		}
	}
	return true
}

// page reads one page of portals, within read_timeout.
func (q *query) page(ctx context.Context, region string, v konnect.APIVersion, number int) (konnect.PortalPage, error) {
	ctx, cancel := q.l.data.reading(ctx)
	defer cancel()
	return q.client.ListPortals(ctx, region, v, number)
}

// listFailed reports a portal list that could not be read: a 401, or the
// time running out, ends the query; any other failure is a warning, and
// the query goes on without that API's portals.
func (q *query) listFailed(region string, v konnect.APIVersion, err error) bool {
	what := fmt.Sprintf("the %ss of region %s (GET /%s/portals)", portalNoun(v), region, v)
	switch {
	case konnect.StatusOf(err) == http.StatusUnauthorized:
		return q.fail("Konnect Refused the Token", fmt.Sprintf("Listing %s: %s", what, explain(err)))
	case errors.Is(err, clock.ErrTimedOut) || retryTooLong(err):
		return q.fail("Timed Out Listing Portals", fmt.Sprintf("Listing %s took longer than the provider's read_timeout allows: %s", what, explain(err)))
	case konnect.StatusOf(err) == http.StatusForbidden:
		q.warnings.AddWarning("Portals Not Listed",
			fmt.Sprintf("Konnect refused to list %s: %s. The token may not list that API's portals; the others are listed.", what, explain(err)))
	default:
		q.warnings.AddWarning("Portals Not Listed", fmt.Sprintf("Listing %s failed: %s. The others are listed.", what, explain(err)))
	}
	return true
}

// retryTooLong reports whether Konnect asked to wait longer than the time
// left before trying again.
func retryTooLong(err error) bool {
	var e *konnect.Error
	return errors.As(err, &e) && e.RetryAfter > 0
}

// jobsOf reads the jobs of a page's portals, some at once, and pushes
// those Konnect has, in the page's order.
func (q *query) jobsOf(ctx context.Context, region string, portals []konnect.Portal) bool {
	for len(portals) > 0 && !q.done() {
		n := min(len(portals), listJobsPerRead)
		outs := make([]replay.Outcome, n)
		var wg sync.WaitGroup
		for i, p := range portals[:n] {
			wg.Go(func() { outs[i] = q.read(ctx, q.target(region, p)) })
		}
		wg.Wait()
		for i, p := range portals[:n] {
			if !q.found(ctx, q.target(region, p), p, outs[i]) {
				return false
			}
		}
		portals = portals[n:]
	}
	return !q.done()
}

func (q *query) target(region string, p konnect.Portal) target {
	return target{kind: q.l.kind.target, region: region, portalID: p.ID, version: p.Version}
}

// job reads and pushes the organization's job of a region.
func (q *query) job(ctx context.Context, t target) bool {
	return q.found(ctx, t, konnect.Portal{}, q.read(ctx, t))
}

// read asks the replay engine what Konnect's job of t is, as an import
// does: a window to record, or none.
func (q *query) read(ctx context.Context, t target) replay.Outcome {
	ctx, cancel := q.l.data.reading(ctx)
	defer cancel()
	return q.l.data.engine.Refresh(ctx, replay.Record{Scope: t.scope(), Result: replay.Sent, Put: replay.NoPut})
}

// found pushes the job the engine found for t, if any; a job that could not
// be read is a warning naming its owner, and a 401 ends the query.
func (q *query) found(ctx context.Context, t target, p konnect.Portal, out replay.Outcome) bool {
	switch {
	case konnect.StatusOf(out.ReadErr) == http.StatusUnauthorized:
		return q.fail("Konnect Refused the Token", fmt.Sprintf("Reading the replay job of %s: %s", t.where(), explain(out.ReadErr)))
	case konnect.StatusOf(out.ReadErr) == http.StatusNotFound && t.kind.portal:
		return true // deleted since the list was read
	case out.ReadErr != nil:
		q.warnings.AddWarning("Replay Job Not Read",
			fmt.Sprintf("The replay job of %s could not be read, so it is left out: %s", t.where(), explain(out.ReadErr)))
		return true
	case out.Reason == replay.CannotTell:
		q.warnings.AddWarning("Replay Job Not Listed",
			fmt.Sprintf("Konnect's answer for the replay job of %s leaves out the job's window (it shows %s), so there is no window to list.", t.where(), out.Shows))
		return true
	case out.Result != replay.Sent || out.Job == nil:
		return true // no job
	}
	r := q.req.NewListResult(ctx)
	r.DisplayName = displayName(t, p, out.Job)
	r.Diagnostics.Append(t.setIdentity(ctx, r.Identity)...)
	if q.req.IncludeResource {
		r.Diagnostics.Append(setImported(ctx, r.Resource, t)...)
		r.Diagnostics.Append(setJob(ctx, r.Resource, out.Job)...)
	} else {
		r.Resource = nil
	}
	return q.emit(r)
}

// displayName names a listed job: its owner, its window and its status.
func displayName(t target, p konnect.Portal, job *konnect.ReplayJob) string {
	window := fmt.Sprintf("%s to %s, %s", job.StartAt.UTC().Format(time.RFC3339), job.EndAt.UTC().Format(time.RFC3339), job.Status)
	if !t.kind.portal {
		return fmt.Sprintf("organization, region %s: %s", t.region, window)
	}
	name := p.DisplayName
	if name == "" {
		name = p.Name
	}
	return fmt.Sprintf("%s %q (%s, region %s): %s", portalNoun(t.version), name, t.portalID, t.region, window)
}
