package konnect

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// The webhook statuses Konnect documents.
const (
	WebhookActive   = "active"
	WebhookInactive = "inactive"
)

// WebhookStatus is how Konnect reports on a scope's audit log webhook, the
// destination a replay job sends to. Kong marks no field required, so each is
// nil when the answer leaves it out; the values are Konnect's, unchanged.
type WebhookStatus struct {
	// Enabled is whether the webhook is set to receive audit logs at all.
	Enabled *bool
	// Status is "active" (sending, or ready to send) or "inactive" (turned
	// off after failed attempts).
	Status *string
	// LastAttemptAt is when Konnect last sent to the webhook, in RFC 3339 as
	// Konnect wrote it.
	LastAttemptAt *string
	// LastResponseCode and LastResponseMessage are what the destination
	// answered that attempt.
	LastResponseCode    *int64
	LastResponseMessage *string
}

// Disabled reports whether Konnect says the webhook is not enabled; an
// answer that leaves Enabled out does not say so.
func (w *WebhookStatus) Disabled() bool { return w.Enabled != nil && !*w.Enabled }

// Inactive reports whether Konnect says the webhook was turned off after
// failed attempts.
func (w *WebhookStatus) Inactive() bool { return w.Status != nil && *w.Status == WebhookInactive }

// Silent reports whether the answer says nothing of the webhook's state:
// neither whether it is enabled nor its status (an answer of null or {}).
func (w *WebhookStatus) Silent() bool { return w.Enabled == nil && w.Status == nil }

// LastAttempt describes the last attempt in words, for messages: "at <time>,
// answered 401 Unauthorized", or that none is recorded.
func (w *WebhookStatus) LastAttempt() string {
	var parts []string
	if w.LastAttemptAt != nil && *w.LastAttemptAt != "" {
		parts = append(parts, "at "+*w.LastAttemptAt)
	}
	switch {
	case w.LastResponseCode != nil && w.LastResponseMessage != nil && *w.LastResponseMessage != "":
		parts = append(parts, fmt.Sprintf("answered %d %q", *w.LastResponseCode, *w.LastResponseMessage))
	case w.LastResponseCode != nil:
		parts = append(parts, fmt.Sprintf("answered %d", *w.LastResponseCode))
	case w.LastResponseMessage != nil && *w.LastResponseMessage != "":
		parts = append(parts, fmt.Sprintf("answered %q", *w.LastResponseMessage))
	}
	if len(parts) == 0 {
		return "no attempt recorded"
	}
	return strings.Join(parts, ", ")
}

// GetWebhookStatus reads the status of a scope's audit log webhook.
func (c *Client) GetWebhookStatus(ctx context.Context, s Scope) (*WebhookStatus, error) {
	var w wireWebhookStatus
	if _, err := c.do(ctx, request{method: http.MethodGet, region: s.Region, path: s.WebhookStatusPath(), ok: []int{http.StatusOK}}, &w); err != nil {
		return nil, err
	}
	return &WebhookStatus{
		Enabled: w.WebhookEnabled, Status: w.WebhookStatus, LastAttemptAt: w.LastAttemptAt,
		LastResponseCode: w.LastResponseCode, LastResponseMessage: w.LastResponseMessage,
	}, nil
}

// wireWebhookStatus is the answer of GET …/audit-log-webhook/status.
type wireWebhookStatus struct {
	WebhookEnabled      *bool   `json:"webhook_enabled"`
	WebhookStatus       *string `json:"webhook_status"`
	LastAttemptAt       *string `json:"last_attempt_at"`
	LastResponseCode    *int64  `json:"last_response_code"`
	LastResponseMessage *string `json:"last_response_message"`
}

// mask masks every string of the answer: the provider shows each of them,
// in the data source's state and in warnings.
func (w *wireWebhookStatus) mask(m *masker) {
	for _, p := range []*string{w.WebhookStatus, w.LastAttemptAt, w.LastResponseMessage} {
		m.ptr(p)
	}
}
