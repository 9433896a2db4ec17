package replay

import (
	"context"
	"net/http"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// checkWebhook reads the scope's webhook status once, before the window is
// first sent: a disabled webhook would take the replay into nothing, so the
// window is not sent. An inactive webhook does not stop it (fixing the
// destination is often why one replays); the Outcome carries the status, so
// the caller can warn. A token that may not read the status (403) lets the
// window go unchecked; any other failed read stops it, as sending blind is
// what the check exists to prevent. A status the lookup that found the scope
// read just before (Request.Webhook) is taken as this read. ready says go on
// and send.
func (r *run) checkWebhook(ctx context.Context) (out Outcome, ready bool) {
	var st *konnect.WebhookStatus
	var err error
	if w := r.req.Webhook; w != nil {
		st, err = w.Status, w.Err
	} else {
		st, err = r.e.Client.GetWebhookStatus(ctx, r.req.Scope)
	}
	switch {
	case err == nil && st.Disabled():
		r.webhook = st
		r.log(ctx, "The webhook is disabled; the window is not sent", map[string]any{})
		return r.done(Outcome{Result: NotSent, Reason: WebhookDisabled}), false
	case err == nil:
		r.webhook = st
		return Outcome{}, true
	case konnect.StatusOf(err) == http.StatusForbidden:
		r.webhookErr = err
		r.log(ctx, "The token may not read the webhook's status; sending without the check", map[string]any{"error": err.Error()})
		return Outcome{}, true
	case isStop(err):
		// Stopped before the window was sent: as a PUT that never left.
		d := Decide(Known{Stage: AfterPut, Put: NeverLeft, Stop: stopOf(ctx, err)})
		return r.done(Outcome{Result: d.Result, Reason: d.Reason, Err: err}), false
	}
	return r.done(Outcome{Result: NotSent, Reason: CheckFailed, Err: err}), false
}
