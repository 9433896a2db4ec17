package mockkonnect

import (
	"encoding/json"
	"net/http"
	"time"
)

// jobBody is a job on the wire. Konnect always sends all four fields, with
// the zero time for a job that was never configured.
type jobBody struct {
	StartAt   string `json:"start_at"`
	EndAt     string `json:"end_at"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at"`
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func jsonResponse(status int, j Job) response {
	body, err := json.Marshal(jobBody{
		StartAt:   formatTime(j.StartAt),
		EndAt:     formatTime(j.EndAt),
		Status:    j.Status,
		UpdatedAt: formatTime(j.UpdatedAt),
	})
	if err != nil {
		panic(err) // four strings always marshal
	}
	return response{status: status, contentType: "application/json", body: body}
}

// portalBody is the part of Konnect's GetPortal answer (Portal in /v2,
// PortalResponse in /v3) that the mock fills in: the fields both versions
// require that say which portal this is, not how it is set up.
type portalBody struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func portalResponse(p portalBody) response {
	body, err := json.Marshal(p)
	if err != nil {
		panic(err) // five strings always marshal
	}
	return response{status: http.StatusOK, contentType: "application/json", body: body}
}

// webhookDocumentBody is GET …/audit-log-webhook's answer: an
// endpoint-based webhook's endpoint (with its format), or a
// destination-based one's destination.
type webhookDocumentBody struct {
	Endpoint            string `json:"endpoint,omitempty"`
	Enabled             bool   `json:"enabled"`
	LogFormat           string `json:"log_format,omitempty"`
	SkipSSLVerification *bool  `json:"skip_ssl_verification,omitempty"`
	DestinationID       string `json:"audit_log_destination_id,omitempty"`
}

func webhookDocumentResponse(w Webhook, endpointBased bool) response {
	b := webhookDocumentBody{Enabled: w.Enabled, DestinationID: w.DestinationID}
	if endpointBased {
		skip := false
		b = webhookDocumentBody{Enabled: w.Enabled, Endpoint: w.Endpoint, LogFormat: "cef", SkipSSLVerification: &skip}
	}
	body, err := json.Marshal(b)
	if err != nil {
		panic(err) // strings and bools always marshal
	}
	return response{status: http.StatusOK, contentType: "application/json", body: body}
}

// portalListBody is GET /v2|v3/portals's answer: a page of portals, and
// where it is among them.
type portalListBody struct {
	Data []portalBody `json:"data"`
	Meta struct {
		Page struct {
			Number int `json:"number"`
			Size   int `json:"size"`
			Total  int `json:"total"`
		} `json:"page"`
	} `json:"meta"`
}

func portalListResponse(page []portalBody, number, size, total int) response {
	b := portalListBody{Data: page}
	b.Meta.Page.Number, b.Meta.Page.Size, b.Meta.Page.Total = number, size, total
	body, err := json.Marshal(b)
	if err != nil {
		panic(err) // strings and ints always marshal
	}
	return response{status: http.StatusOK, contentType: "application/json", body: body}
}

// webhookBody is a webhook's status on the wire. Kong's schema requires no
// field; the mock leaves out what a webhook never tried cannot know.
type webhookBody struct {
	WebhookEnabled      bool   `json:"webhook_enabled"`
	WebhookStatus       string `json:"webhook_status"`
	LastAttemptAt       string `json:"last_attempt_at,omitempty"`
	LastResponseCode    int    `json:"last_response_code,omitempty"`
	LastResponseMessage string `json:"last_response_message,omitempty"`
}

func webhookResponse(w Webhook) response {
	b := webhookBody{
		WebhookEnabled:      w.Enabled,
		WebhookStatus:       w.Status,
		LastResponseCode:    w.LastResponseCode,
		LastResponseMessage: w.LastResponseMessage,
	}
	if !w.LastAttemptAt.IsZero() {
		b.LastAttemptAt = formatTime(w.LastAttemptAt)
	}
	body, err := json.Marshal(b)
	if err != nil {
		panic(err) // strings, a bool and an int always marshal
	}
	return response{status: http.StatusOK, contentType: "application/json", body: body}
}
