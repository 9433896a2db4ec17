package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// taintedKey is the private state key that marks a record whose create
// ended in an error after Konnect took the window (its job failed), which
// Terraform keeps tainted: the next apply replaces it, and the create of
// the replacement sends the window again.
const taintedKey = "tainted_by_create"

// evidence is the private state of a replay job, as JSON.
type evidence struct {
	Result string    `json:"result"`
	Put    string    `json:"put,omitempty"`
	SentAt time.Time `json:"sent_at,omitzero"`
	// ShownStart and ShownEnd are the other window Konnect showed in the
	// window's place when a run left it "maybe".
	ShownStart time.Time `json:"shown_start_at,omitzero"`
	ShownEnd   time.Time `json:"shown_end_at,omitzero"`
	// Told says a refresh warned that the record asks for its window to be
	// sent again (its job failed, or it never reached Konnect) while it can
	// no longer be sent: a warning given once, not on every plan.
	Told bool `json:"told_unsendable,omitempty"`
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
	return writeRecord(ctx, p, newEvidence(replay.Record{Result: result, Put: put, SentAt: sentAt, Shown: shown}, false))
}

// newEvidence is a record's evidence as private state keeps it.
func newEvidence(rec replay.Record, told bool) evidence {
	e := evidence{Result: rec.Result.String(), Put: rec.Put.String(), Told: told}
	if !rec.SentAt.IsZero() {
		e.SentAt = rec.SentAt.UTC()
	}
	if rec.Shown != (konnect.Window{}) {
		e.ShownStart, e.ShownEnd = rec.Shown.StartAt.UTC(), rec.Shown.EndAt.UTC()
	}
	return e
}

func writeRecord(ctx context.Context, p privateState, e evidence) diag.Diagnostics {
	if p == nil {
		return nil
	}
	raw, err := json.Marshal(e)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot Record the Replay Window", err.Error())
		return diags
	}
	return p.SetKey(ctx, evidenceKey, raw)
}

// recordOf is what a refresh judges Konnect's answer by: the evidence
// private state keeps, or for a record without any, its status: a status
// means a job Konnect showed (an import, or an old state), none a window
// that may have been sent. told is the evidence's Told.
func (r *replayJobResource) recordOf(ctx context.Context, p privateState, f *replayJobFields, t target) (rec replay.Record, told bool) {
	rec = replay.Record{Scope: t.scope(), Result: replay.Sent, Put: replay.NoPut}
	if start, end, ok := knownWindow(f.StartAt, f.EndAt); ok {
		rec.Window = konnect.Window{StartAt: start, EndAt: end}
	}
	if e, result, put, ok := readEvidence(ctx, p); ok {
		rec.Result, rec.Put, rec.SentAt = result, put, e.SentAt
		rec.Shown = konnect.Window{StartAt: e.ShownStart, EndAt: e.ShownEnd}
		return rec, e.Told
	}
	if f.Status.IsNull() {
		rec.Result = replay.MaybeSent
	}
	return rec, false
}

// asksToSend says whether a record asks for its unchanged window to be sent
// again, which only two records do: this window's own job failed (Konnect
// reported it, whether or not the configuration waits), or reads showed
// that Konnect never took the window. Both only while the window can still
// be sent (sendable). failed names which.
func asksToSend(f *replayJobFields, deleted *types.Bool, result replay.Result) (asks, failed bool) {
	failed = f.Status.ValueString() == string(konnect.StatusFailed) && !f.Superseded.ValueBool() && (deleted == nil || !deleted.ValueBool())
	return failed || result == replay.NotSent, failed
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
