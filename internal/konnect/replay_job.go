package konnect

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Status is where a replay job is in its life.
type Status string

// The statuses Konnect documents.
const (
	StatusUnconfigured Status = "unconfigured"
	StatusAccepted     Status = "accepted"
	StatusPending      Status = "pending"
	StatusRunning      Status = "running"
	StatusCompleted    Status = "completed"
	StatusFailed       Status = "failed"
)

// Statuses lists every Status, in the order a job moves through them.
var Statuses = []Status{StatusUnconfigured, StatusAccepted, StatusPending, StatusRunning, StatusCompleted, StatusFailed}

// Finished reports whether a job with this status will not change by itself.
func (s Status) Finished() bool { return s == StatusCompleted || s == StatusFailed }

// Window is the span of audit logs a replay job resends.
type Window struct {
	StartAt time.Time
	EndAt   time.Time
}

// ReplayJob is a replay job as Konnect reports it.
type ReplayJob struct {
	Window
	Status    Status
	UpdatedAt time.Time
}

// Configured reports whether a job was ever set; Konnect answers a portal
// without one with status "unconfigured" and zero times. The status alone
// decides: an answer that leaves out the times of a job still has the job.
func (j *ReplayJob) Configured() bool {
	return j.Status != StatusUnconfigured
}

// String names a job in messages: its window and status, or "no replay job".
func (j *ReplayJob) String() string {
	switch {
	case j == nil || !j.Configured():
		return "no replay job"
	case j.StartAt.IsZero() || j.EndAt.IsZero():
		return "a replay job (status " + string(j.Status) + ")"
	}
	return fmt.Sprintf("the window %s to %s (status %s)", j.StartAt.UTC().Format(time.RFC3339), j.EndAt.UTC().Format(time.RFC3339), j.Status)
}

// SameWindow reports whether the job holds exactly the window w, at the
// precision Konnect keeps (see SameInstant). A job whose answer left out a
// time does not.
func (j *ReplayJob) SameWindow(w Window) bool {
	return j.Configured() && !j.StartAt.IsZero() && !j.EndAt.IsZero() &&
		SameInstant(j.StartAt, w.StartAt) && SameInstant(j.EndAt, w.EndAt)
}

// SameInstant reports whether two times name the same instant as far as
// Konnect can tell. Konnect keeps fewer fractional digits than it may be sent
// (microseconds, or whole seconds), truncating or rounding, so two times are
// the same when they differ by less than one unit of the coarser of their
// precisions: 08:00:00.123456789 and 08:00:00.123457 are, 08:00:00 and
// 08:00:01 are not.
func SameInstant(a, b time.Time) bool {
	d := a.Sub(b)
	if d < 0 {
		d = -d
	}
	return d < max(precision(a), precision(b))
}

// precision is the unit of a time's last non-zero fractional digit, or a
// second for a whole second.
func precision(t time.Time) time.Duration {
	ns := t.Nanosecond()
	if ns == 0 {
		return time.Second
	}
	p := time.Nanosecond
	for ns%10 == 0 {
		ns /= 10
		p *= 10
	}
	return p
}

// GetReplayJob reads a scope's job; a scope without one reads as
// StatusUnconfigured.
func (c *Client) GetReplayJob(ctx context.Context, s Scope) (*ReplayJob, error) {
	var w wireJob
	if _, err := c.do(ctx, request{method: http.MethodGet, region: s.Region, path: s.ReplayJobPath(), ok: []int{http.StatusOK}}, &w); err != nil {
		return nil, err
	}
	return w.job(), nil
}

// PutReplayJob replaces a scope's window, which starts its job again.
// Konnect documents 202; newer documents show 201 for the twin, so any 2xx
// it is known to send is accepted. A 204 accepts the window without saying
// how the job stands: the job is then nil, with no error.
//
// The request is sent once: it is retried only after answers that prove
// Konnect did not process it (429, 503, no connection). Any other failure
// leaves open whether the window was taken, which EndingOf tells.
func (c *Client) PutReplayJob(ctx context.Context, s Scope, win Window) (*ReplayJob, error) {
	body := wireWindow{StartAt: win.StartAt.Format(time.RFC3339Nano), EndAt: win.EndAt.Format(time.RFC3339Nano)}
	var w wireJob
	a, err := c.do(ctx, request{
		method: http.MethodPut, region: s.Region, path: s.ReplayJobPath(), body: body, once: true,
		ok: []int{http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNoContent},
	}, &w)
	if err != nil || a.status == http.StatusNoContent {
		return nil, err
	}
	return w.job(), nil
}

// wireWindow is the PUT body: exactly these two fields.
type wireWindow struct {
	StartAt string `json:"start_at"`
	EndAt   string `json:"end_at"`
}

// wireJob is the answer of both GET and PUT.
type wireJob struct {
	StartAt   wireTime `json:"start_at"`
	EndAt     wireTime `json:"end_at"`
	Status    string   `json:"status"`
	UpdatedAt wireTime `json:"updated_at"`
}

// check rejects an answer the provider could not act on: no status or an
// unknown one. Missing times are tolerated (Kong marks no field required);
// the caller keeps what it knows instead.
func (w *wireJob) check() error {
	s := Status(w.Status)
	known := false
	for _, k := range Statuses {
		known = known || s == k
	}
	switch {
	case w.Status == "":
		return fmt.Errorf("the replay job has no status (known: %s)", statusList())
	case !known:
		return fmt.Errorf("replay job status %q is not one the provider knows (known: %s)", w.Status, statusList())
	}
	return nil
}

// mask masks the status: an unknown one is quoted in the error that
// rejects it. The times are parsed into times, not kept as text.
func (w *wireJob) mask(m *masker) { w.Status = m.text(w.Status) }

func (w wireJob) job() *ReplayJob {
	return &ReplayJob{
		Window:    Window{StartAt: time.Time(w.StartAt), EndAt: time.Time(w.EndAt)},
		Status:    Status(w.Status),
		UpdatedAt: time.Time(w.UpdatedAt),
	}
}

func statusList() string {
	names := make([]string, len(Statuses))
	for i, s := range Statuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// wireTime reads Konnect's RFC 3339 times. Kong documents the initial value as
// "0001-01-01T00:00:0Z", which is not RFC 3339, so any time on that first day
// of year 1 reads as the zero time, as does null or an empty string.
type wireTime time.Time

func (t *wireTime) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a time must be an RFC 3339 string, got %s", snippet(b))
	}
	if s == nil || *s == "" || strings.HasPrefix(*s, "0001-01-01") {
		*t = wireTime{}
		return nil
	}
	v, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return fmt.Errorf("a time must be RFC 3339, got %q", snippet([]byte(*s)))
	}
	*t = wireTime(v)
	return nil
}
