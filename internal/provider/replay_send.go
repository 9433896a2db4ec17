package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
	"github.com/konnect-iac/terraform-provider-konnect/internal/replay"
)

// What the replay job resource (replay_job_send.go) and the replay action
// (replay_action_invoke.go) share when they send a window: the time allowed
// when nothing says otherwise, and who is sending, which picks the words of
// every message about it (replay_report.go).

// defaultSendTimeout bounds sending and waiting when the resource's
// timeouts block, or the action's timeout, does not say otherwise.
const defaultSendTimeout = 30 * time.Minute

// sender is who sends a window. Where the resource and the action say
// something differently, a message chooses between two whole sentences by
// it.
type sender int

const (
	// byResource: the replay job resource, whose state records the window
	// and whose next refresh reads its job.
	byResource sender = iota
	// byAction: the replay action, which sends the window when invoked and
	// keeps nothing.
	byAction
)

// sendReport is what the messages about a window quote beside its Outcome:
// who sent it, and the settings and window it was sent with.
type sendReport struct {
	by sender
	// timeout bounds sending and waiting; for the resource, timeoutName is
	// the setting that gave it ("timeouts.create" or "timeouts.update"),
	// for the action it is always timeout.
	timeout     time.Duration
	timeoutName string
	// jobType is the data source that reads the job, which the action's
	// messages point to.
	jobType string
	// windowAttribute, when set, is the attribute that Konnect's complaints
	// about start_at and end_at point at, where the window was not given as
	// those attributes.
	windowAttribute string
	// windowNote, with windowAttribute, says what window that attribute
	// gave, since Konnect's complaints name start_at and end_at.
	windowNote string
}

// sendLookup is how a send finds a portal's API: with the webhook's status,
// which the check before the send wants anyway, or without the check the
// job's route; within the send's own timeout, named by limit.
func sendLookup(check bool, limit string, within time.Duration) lookup {
	l := lookup{probe: konnect.ProbeJob, limit: limit, within: within, sending: true}
	if check {
		l.probe = konnect.ProbeWebhook
	}
	return l
}

// webhookRead is the webhook's status as the lookup read it, for the check
// to take instead of reading it again: Konnect's answer, or a 403 (the
// token may not read it) or Konnect's 404 (no webhook) from the API the
// portals then showed to be the portal's. A lookup that read nothing of it,
// or failed otherwise (a 5xx), leaves the check to read it.
func webhookRead(found konnect.Found) *replay.WebhookRead {
	var e *konnect.Error
	switch {
	case found.Webhook != nil:
		return &replay.WebhookRead{Status: found.Webhook}
	case errors.As(found.ProbeErr, &e) && (e.StatusCode == http.StatusForbidden || (e.StatusCode == http.StatusNotFound && e.FromKonnect())):
		return &replay.WebhookRead{Err: found.ProbeErr}
	}
	return nil
}

// recheck asks Konnect again for a portal that a lookup found just before,
// when a read or the window then met Konnect's 404 about thing: a portal
// deleted in between is reported as such, and true returned. A portal still
// there is marked confirmed, so that the report of the 404 says what else it
// is about. ctx's own deadline may have passed; the read gets read_timeout
// of its own.
func (d *providerData) recheck(ctx context.Context, t *target, thing string, err error, sending bool, diags *diag.Diagnostics) bool {
	var e *konnect.Error
	if t.from != versionFound || !errors.As(err, &e) || e.StatusCode != http.StatusNotFound || !e.FromKonnect() {
		return false
	}
	ctx, cancel := d.reading(context.WithoutCancel(ctx))
	defer cancel()
	exists, readErr := d.client.Exists(ctx, t.region, t.scope().Owner)
	switch {
	case readErr != nil:
		return false // the 404's own report says what is known
	case exists:
		t.from = versionConfirmed
		return false
	}
	nothing := ""
	if sending {
		nothing = " Nothing was sent."
	}
	diags.AddAttributeError(path.Root("portal_id"), "Portal Not Found",
		fmt.Sprintf("Konnect answered 404 for %s, and then 404 for the portal itself (GET %s): the portal was deleted after the provider found it.%s%s",
			subjectOf(*t, thing), d.client.BaseURL(t.region)+t.scope().Owner, nothing, saidText(e)))
	return true
}

// failedThing names what a window that was not sent met a failure on: the
// webhook's status, which the check reads, or the replay job.
func failedThing(out replay.Outcome) string {
	if out.Reason == replay.CheckFailed {
		return webhookStatusThing
	}
	return "replay job"
}
