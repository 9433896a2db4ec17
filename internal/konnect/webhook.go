package konnect

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
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

// Webhook is where a scope's audit log webhook sends: to an endpoint (the
// organization's endpoint-based webhook, /v2) or to an audit log
// destination (a portal's). What the answer leaves out is nil.
type Webhook struct {
	Enabled *bool
	// Endpoint is the URL the webhook sends to, with the credentials a URL
	// may carry (user info, query and fragment) masked.
	Endpoint      *string
	DestinationID *string
}

// WebhookPath is the path of the scope's audit log webhook itself.
func (s Scope) WebhookPath() string { return s.Base + "/audit-log-webhook" }

// GetWebhook reads a scope's audit log webhook: where it sends.
func (c *Client) GetWebhook(ctx context.Context, s Scope) (*Webhook, error) {
	var w wireWebhook
	if _, err := c.do(ctx, request{method: http.MethodGet, region: s.Region, path: s.WebhookPath(), ok: []int{http.StatusOK}}, &w); err != nil {
		return nil, err
	}
	return &Webhook{Enabled: w.Enabled, Endpoint: w.Endpoint, DestinationID: w.DestinationID}, nil
}

// wireWebhook is the answer of GET …/audit-log-webhook, both kinds.
type wireWebhook struct {
	Enabled       *bool   `json:"enabled"`
	Endpoint      *string `json:"endpoint"`
	DestinationID *string `json:"audit_log_destination_id"`
}

// mask masks the secrets in the answer, and the credentials the endpoint's
// URL may carry.
func (w *wireWebhook) mask(m *masker) {
	m.ptr(w.Endpoint)
	m.ptr(w.DestinationID)
	if w.Endpoint != nil {
		*w.Endpoint = maskURLCredentials(*w.Endpoint)
	}
}

// maskURLCredentials hides what a URL may carry as credentials: its user
// info, each query value (and a query item without a value), and its
// fragment. A text that is not a URL with a scheme and a host is hidden
// whole, since what it holds cannot be told.
func maskURLCredentials(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return hidden
	}
	user := u.User != nil
	u.User = nil
	if u.RawQuery != "" || u.ForceQuery {
		items := strings.Split(u.RawQuery, "&")
		for i, item := range items {
			if key, _, ok := strings.Cut(item, "="); ok {
				items[i] = key + "=" + hidden
			} else if item != "" {
				items[i] = hidden
			}
		}
		u.RawQuery = strings.Join(items, "&")
	}
	if u.Fragment != "" || u.RawFragment != "" {
		u.Fragment, u.RawFragment = hidden, ""
	}
	masked := u.String()
	if user { // written by hand: url.User would escape the mask
		masked = u.Scheme + "://" + hidden + "@" + strings.TrimPrefix(masked, u.Scheme+"://")
	}
	return masked
}
