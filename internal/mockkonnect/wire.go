package mockkonnect

import (
	"encoding/json"
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
