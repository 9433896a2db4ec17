package mockkonnect

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Webhook statuses, as Konnect spells them.
const (
	WebhookActive   = "active"   // sending, or ready to send
	WebhookInactive = "inactive" // turned off after failed attempts
)

// Webhook is an audit log webhook's status, as GET
// .../audit-log-webhook/status shows it (Kong's PortalAuditLogWebhookStatus
// and AuditLogWebhookStatus).
//
// The mock keeps webhooks and replay jobs apart: a job's fate does not
// depend on its webhook (a job completes with the webhook disabled or
// inactive), and a job does not change its webhook's status. A test that
// wants both says so with SetWebhook and FailJobs.
type Webhook struct {
	Enabled bool   // webhook_enabled: the webhook is configured on
	Status  string // webhook_status: WebhookActive or WebhookInactive
	// LastAttemptAt is last_attempt_at, kept at Options.Precision; the zero
	// time leaves it out, as for a webhook never attempted.
	LastAttemptAt time.Time
	// LastResponseCode is last_response_code; 0 leaves it out.
	LastResponseCode int
	// LastResponseMessage is last_response_message; "" leaves it out.
	LastResponseMessage string
	// Endpoint is where the organization's endpoint-based webhook sends,
	// as GET /v2/audit-log-webhook shows it; "" leaves it out.
	Endpoint string
	// DestinationID is the audit log destination a destination-based
	// webhook sends to, as GET /v2|v3/portals/{portalId}/audit-log-webhook
	// and /v3/audit-log-webhook show it; "" leaves it out.
	DestinationID string
}

// defaultWebhook is every webhook unless Options.Webhook or SetWebhook say
// otherwise: on, never tried, sending to the same endpoint or destination.
var defaultWebhook = Webhook{Enabled: true, Status: WebhookActive,
	Endpoint: "https://siem.example.com/konnect/audit-logs", DestinationID: "5e1f0c2d-7a3b-4c9d-8e6f-a1b2c3d4e5f6"}

func (w Webhook) validate() error {
	if w.Status != WebhookActive && w.Status != WebhookInactive {
		return fmt.Errorf("a webhook's Status must be %q or %q, got %q", WebhookActive, WebhookInactive, w.Status)
	}
	if w.LastResponseCode < 0 {
		return fmt.Errorf("LastResponseCode must not be negative, got %d", w.LastResponseCode)
	}
	return nil
}

// keptWebhook is w as the server keeps and shows it.
func (s *Server) keptWebhook(w Webhook) Webhook {
	if !w.LastAttemptAt.IsZero() {
		w.LastAttemptAt = s.atPrecision(w.LastAttemptAt).UTC()
	}
	return w
}

// hookKey identifies a SetWebhook setting: a portal's webhook ("" for the
// organization's) in one region, or in every region (region "").
type hookKey struct {
	region string
	portal string
}

// SetWebhook sets the status of a portal's audit log webhook (portalID "" is
// the organization's) in a region, or in every region (region ""). A
// region's own setting wins over an every-region one, which wins over
// Options.Webhook. It does not check that the portal exists, and it
// panics if w is invalid: Status must be WebhookActive or WebhookInactive,
// and LastResponseCode must not be negative. Jobs are not affected.
func (s *Server) SetWebhook(region, portalID string, w Webhook) {
	if err := w.validate(); err != nil {
		panic("mockkonnect.SetWebhook: " + err.Error())
	}
	key := hookKey{region: strings.ToLower(region), portal: normalizeID(portalID)}
	w = s.keptWebhook(w)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhooks[key] = w
}

// Webhook returns the status a GET of the webhook's status would show in
// that region ("" is us, as for a path without a region prefix) for a
// portal (portalID "" is the organization). It does not check that the
// portal exists.
func (s *Server) Webhook(region, portalID string) Webhook {
	key := newJobKey(region, portalID) // the same defaults as a job's
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookLocked(key.region, key.portal)
}

// webhookLocked is the status of portal's webhook in region, or the one set
// for every region when region is "". Call with s.mu held.
func (s *Server) webhookLocked(region, portal string) Webhook {
	if w, ok := s.webhooks[hookKey{region: region, portal: portal}]; ok && region != "" {
		return w
	}
	if w, ok := s.webhooks[hookKey{portal: portal}]; ok {
		return w
	}
	return s.webhook
}

// serveWebhookDocument answers GET of a portal's audit log webhook or the
// organization's (portalID ""): where it sends. Kong documents a portal's,
// and the organization's under /v3, as destination-based, and the
// organization's under /v2 as endpoint-based.
func (s *Server) serveWebhookDocument(_ *http.Request, rt route, _ []byte) response {
	return webhookDocumentResponse(s.Webhook(rt.region, rt.portalID), rt.portalID == "" && rt.version == "v2")
}

// serveWebhook answers GET of a portal's webhook status or the
// organization's (portalID "").
func (s *Server) serveWebhook(_ *http.Request, rt route, _ []byte) response {
	return webhookResponse(s.Webhook(rt.region, rt.portalID))
}
