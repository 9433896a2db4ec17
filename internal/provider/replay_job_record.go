package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// A replay job resource is the record of an event: a window Konnect took.
// Beside the state, its private state keeps the evidence a refresh judges
// Konnect's answers by (replay.Record): the verdict, how the PUT ended, and
// the earliest moment Konnect could have taken the window. Create, Update
// and Read write it, never ModifyPlan (before Terraform 1.16, what a plan
// sets there does not reach apply). It survives -refresh=false; it is lost
// by a state rm and import, and a state written before this provider kept
// it has none: the record is then judged by its status alone.

// evidenceKey is the private state key of a replay job's evidence.
const evidenceKey = "replay_evidence"

// evidence is the private state of a replay job, as JSON.
type evidence struct {
	Result string    `json:"result"`
	Put    string    `json:"put,omitempty"`
	SentAt time.Time `json:"sent_at,omitzero"`
	// ShownStart and ShownEnd are the other window Konnect showed in the
	// window's place when a run left it "maybe".
	ShownStart time.Time `json:"shown_start_at,omitzero"`
	ShownEnd   time.Time `json:"shown_end_at,omitzero"`
}

// privateState is the framework's private state of a resource, as each
// request and response holds it.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// readEvidence is the evidence private state keeps; ok is false when it
// keeps none (or none this provider can read).
func readEvidence(ctx context.Context, p privateState) (e evidence, result replay.Result, put replay.Put, ok bool) {
	if p == nil {
		return evidence{}, 0, 0, false
	}
	raw, diags := p.GetKey(ctx, evidenceKey)
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &e) != nil {
		return evidence{}, 0, 0, false
	}
	result, ok = replay.ParseResult(e.Result)
	if !ok {
		return evidence{}, 0, 0, false
	}
	if put, ok = replay.ParsePut(e.Put); !ok {
		put = replay.NoPut
	}
	return e, result, put, true
}

// writeEvidence keeps a verdict and its evidence in private state.
func writeEvidence(ctx context.Context, p privateState, result replay.Result, put replay.Put, sentAt time.Time, shown konnect.Window) diag.Diagnostics {
	if p == nil {
		return nil
	}
	e := evidence{Result: result.String(), Put: put.String(), SentAt: sentAt.UTC(), ShownStart: shown.StartAt.UTC(), ShownEnd: shown.EndAt.UTC()}
	if sentAt.IsZero() {
		e.SentAt = time.Time{}
	}
	if shown == (konnect.Window{}) {
		e.ShownStart, e.ShownEnd = time.Time{}, time.Time{}
	}
	raw, err := json.Marshal(e)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot Record the Replay Window", err.Error())
		return diags
	}
	return p.SetKey(ctx, evidenceKey, raw)
}

// record is what a refresh judges Konnect's answer by: the evidence private
// state keeps, or for a record without any, its status: a status means a
// job Konnect showed (an import, or an old state), none a window that may
// have been sent.
func (r *replayJobResource) recordOf(ctx context.Context, p privateState, f *replayJobFields, t target) replay.Record {
	rec := replay.Record{Scope: t.scope(), Result: replay.Sent, Put: replay.NoPut}
	if start, end, ok := knownWindow(f.StartAt, f.EndAt); ok {
		rec.Window = konnect.Window{StartAt: start, EndAt: end}
	}
	if e, result, put, ok := readEvidence(ctx, p); ok {
		rec.Result, rec.Put, rec.SentAt = result, put, e.SentAt
		rec.Shown = konnect.Window{StartAt: e.ShownStart, EndAt: e.ShownEnd}
		return rec
	}
	if f.Status.IsNull() {
		rec.Result = replay.MaybeSent
	}
	return rec
}

// jobClaims are the replay jobs the resources of one run plan for: one job,
// one record. Terraform serves every resource of a provider configuration
// from one provider instance per run, and configures it once per run, so
// each Configure starts afresh.
type jobClaims struct {
	mu sync.Mutex
	by map[string]jobClaim
}

// jobClaim is how the first resource that plans for a job was configured,
// to name it to the second: Terraform tells a provider no address.
type jobClaim struct {
	portalID string
	window   string
	// config is the resource's configuration, and replan says Terraform
	// plans it once more: a replacement is planned as an update, then
	// again as a create, with no prior state.
	config tftypes.Value
	replan bool
}

// claim records that a resource plans for the job of t, and reports the
// claim another resource of the run already has on it, if any. Terraform
// plans each resource once per run, but for the second plan of a
// replacement, which has no prior state and the same configuration.
// Portal IDs are compared as UUIDs, whatever their case.
func (c *jobClaims) claim(kind replayJobKind, t target, mine jobClaim, created bool) (other jobClaim, taken bool) {
	if c == nil {
		return jobClaim{}, false
	}
	key := kind.typeSuffix + " " + t.region + " " + strings.ToLower(t.portalID)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]jobClaim{}
	}
	prev, ok := c.by[key]
	switch {
	case !ok:
		c.by[key] = mine
		return jobClaim{}, false
	case prev.replan && created && prev.config.Equal(mine.config):
		prev.replan = false
		c.by[key] = prev
		return jobClaim{}, false
	}
	return prev, true
}

// windowText names a window in messages.
func windowText(start, end instantValue) string {
	return fmt.Sprintf("%s to %s", start.ValueString(), end.ValueString())
}
