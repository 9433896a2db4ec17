package konnect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const portal = "9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f"

func TestValidateServerURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, url, wantErr string
	}{
		{"default", DefaultServerURL, ""},
		{"https without region", "https://konnect.example.com", ""},
		{"region in path", "http://127.0.0.1:8080/{region}", ""},
		{"localhost over http", "http://localhost:8080", ""},
		{"ipv6 loopback over http", "http://[::1]:8080/{region}", ""},
		{"trailing slash", "https://eu.api.konghq.com/", ""},
		{"empty", " ", "must not be empty"},
		{"remote over http", "http://eu.api.konghq.com", "http:// is accepted only for loopback hosts"},
		{"private address over http", "http://10.0.0.5:8080", "http:// is accepted only for loopback hosts"},
		{"no scheme", "eu.api.konghq.com", "must start with https://"},
		{"ftp", "ftp://eu.api.konghq.com", `must start with https:// (got scheme "ftp")`},
		{"no host", "https:///v2", "must name a host"},
		{"credentials", "https://user:pw@eu.api.konghq.com", "must not contain credentials"},
		{"query", "https://eu.api.konghq.com?x=1", "must not contain a query string"},
		{"fragment", "https://eu.api.konghq.com#top", "must not contain a fragment"},
		{"garbage", "https://exa mple.com", "is not a valid URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateServerURL(tc.url)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateServerURL(%q) = %v, want nil", tc.url, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("ValidateServerURL(%q) = %v, want an error containing %q", tc.url, err, tc.wantErr)
			}
		})
	}
}

func TestBaseURLFillsRegion(t *testing.T) {
	t.Parallel()
	cases := []struct{ server, region, want string }{
		{DefaultServerURL, "eu", "https://eu.api.konghq.com"},
		{"http://127.0.0.1:9/{region}/", "au", "http://127.0.0.1:9/au"},
		{"https://konnect.example.com", "me", "https://konnect.example.com"},
	}
	for _, tc := range cases {
		c, err := New(Config{ServerURL: tc.server, Token: "t"})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.BaseURL(tc.region); got != tc.want {
			t.Errorf("BaseURL(%q) with %q = %q, want %q", tc.region, tc.server, got, tc.want)
		}
	}
}

func TestNewNeedsToken(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{ServerURL: DefaultServerURL}); err == nil {
		t.Fatal("New without a token succeeded")
	}
}

// answer is one canned response.
type answer struct {
	status      int
	contentType string
	body        string
}

// seen is what the test server received.
type seen struct {
	method, path, body string
	header             http.Header
}

// newServer answers each request with the next answer (the last repeats) and
// records what it received.
func newServer(t *testing.T, answers ...answer) (*Client, func() []seen) {
	t.Helper()
	var (
		mu   sync.Mutex
		next int
	)
	return serve(t, func(*http.Request) answer {
		mu.Lock()
		defer mu.Unlock()
		next++
		return answers[min(next-1, len(answers)-1)]
	})
}

// serve answers each request with what choose picks for it, records what it
// received, and returns a client of it.
func serve(t *testing.T, choose func(*http.Request) answer) (*Client, func() []seen) {
	t.Helper()
	var (
		mu  sync.Mutex
		log []seen
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		log = append(log, seen{r.Method, r.URL.Path, string(b), r.Header.Clone()})
		mu.Unlock()
		a := choose(r)
		if a.contentType != "" {
			w.Header().Set("Content-Type", a.contentType)
		}
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{ServerURL: srv.URL + "/{region}", Token: "kpat_secret", UserAgent: "test-agent/1"})
	if err != nil {
		t.Fatal(err)
	}
	return c, func() []seen { mu.Lock(); defer mu.Unlock(); return append([]seen(nil), log...) }
}

const jobJSON = `{"start_at":"2026-11-20T08:00:00Z","end_at":"2026-11-21T08:00:00Z","status":"accepted","updated_at":"2026-11-22T09:30:14.52Z"}`

func TestGetReplayJob(t *testing.T) {
	t.Parallel()
	c, log := newServer(t, answer{200, "application/json; charset=utf-8", jobJSON})
	job, err := c.GetReplayJob(context.Background(), PortalScope("eu", V2, portal))
	if err != nil {
		t.Fatal(err)
	}
	want := ReplayJob{
		Window:    Window{StartAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), EndAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)},
		Status:    StatusAccepted,
		UpdatedAt: time.Date(2026, 11, 22, 9, 30, 14, 520_000_000, time.UTC),
	}
	if !job.StartAt.Equal(want.StartAt) || !job.EndAt.Equal(want.EndAt) || job.Status != want.Status || !job.UpdatedAt.Equal(want.UpdatedAt) {
		t.Fatalf("job = %+v, want %+v", *job, want)
	}
	reqs := log()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.method != "GET" || r.path != "/eu/v2/portals/"+portal+"/audit-log-replay-job" || r.body != "" {
		t.Errorf("request = %s %s %q", r.method, r.path, r.body)
	}
	for h, want := range map[string]string{"Authorization": "Bearer kpat_secret", "Accept": "application/json", "User-Agent": "test-agent/1"} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}

func TestGetUnconfiguredJob(t *testing.T) {
	t.Parallel()
	for _, zero := range []string{`"0001-01-01T00:00:00Z"`, `"0001-01-01T00:00:0Z"`, `null`, `""`} {
		body := `{"start_at":` + zero + `,"end_at":` + zero + `,"status":"unconfigured","updated_at":` + zero + `}`
		c, _ := newServer(t, answer{200, "application/json", body})
		job, err := c.GetReplayJob(context.Background(), PortalScope("us", V2, portal))
		if err != nil {
			t.Fatalf("zero time %s: %v", zero, err)
		}
		if job.Configured() || !job.StartAt.IsZero() || !job.UpdatedAt.IsZero() {
			t.Errorf("zero time %s: job = %+v, want unconfigured with zero times", zero, *job)
		}
	}
}

func TestPutReplayJobSendsExactlyTheWindow(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 201, 202} {
		c, log := newServer(t, answer{status, "application/json", jobJSON})
		win := Window{
			StartAt: time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("", 2*3600)),
			EndAt:   time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC),
		}
		job, err := c.PutReplayJob(context.Background(), PortalScope("sg", V2, portal), win)
		if err != nil {
			t.Fatalf("status %d: %v", status, err)
		}
		if job.Status != StatusAccepted {
			t.Errorf("status %d: job status %q", status, job.Status)
		}
		r := log()[0]
		const wantBody = `{"start_at":"2026-11-20T10:00:00+02:00","end_at":"2026-11-21T08:00:00Z"}`
		if r.method != "PUT" || r.path != "/sg/v2/portals/"+portal+"/audit-log-replay-job" || r.body != wantBody {
			t.Errorf("status %d: request = %s %s %s, want body %s", status, r.method, r.path, r.body, wantBody)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		answer     answer
		wantStatus int
		wantText   []string
	}{
		{
			name: "400 with invalid parameters",
			answer: answer{400, "application/problem+json", `{"status":400,"title":"Bad Request","instance":"kong:trace:111","detail":"Invalid request body",
				"invalid_parameters":[{"field":"start_at","rule":"invalid","source":"body","reason":"must be within the last 7 days"},{"field":"end_at","rule":null,"reason":"is a required field"}]}`},
			wantStatus: 400,
			wantText:   []string{"400 Bad Request", "Invalid request body", "start_at must be within the last 7 days", "end_at is a required field", "trace kong:trace:111"},
		},
		{
			name:       "409 while running",
			answer:     answer{409, "application/problem+json; charset=utf-8", `{"status":409,"title":"Resource Conflict","instance":"konnect:trace:222","detail":"A replay job is currently running"}`},
			wantStatus: 409,
			wantText:   []string{"409 Conflict", "A replay job is currently running", "konnect:trace:222"},
		},
		{
			name:       "401 without detail",
			answer:     answer{401, "application/problem+json", `{"status":401,"title":"Unauthorized","instance":"kong:trace:333"}`},
			wantStatus: 401,
			wantText:   []string{"401 Unauthorized: Unauthorized", "kong:trace:333"},
		},
		{
			name:       "HTML error page",
			answer:     answer{502, "text/html", `<html><body>Bad gateway</body></html>`},
			wantStatus: 502,
			wantText:   []string{"502 Bad Gateway", "<html><body>Bad gateway"},
		},
		{
			name:       "problem that is not JSON",
			answer:     answer{500, "application/problem+json", `{"status":`},
			wantStatus: 500,
			wantText:   []string{"500 Internal Server Error", `{"status":`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newServer(t, tc.answer)
			_, err := c.PutReplayJob(context.Background(), PortalScope("eu", V2, portal), Window{})
			if got := StatusOf(err); got != tc.wantStatus {
				t.Fatalf("StatusOf(%v) = %d, want %d", err, got, tc.wantStatus)
			}
			for _, want := range tc.wantText {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "kpat_secret") {
				t.Errorf("error %q contains the token", err)
			}
		})
	}
}

func TestBadAnswers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		answer   answer
		wantText string
	}{
		{"unknown status", answer{200, "application/json", `{"status":"exploded"}`}, `status "exploded"`},
		{"missing status", answer{200, "application/json", `{}`}, "has no status"},
		{"not JSON with a JSON type", answer{200, "application/json", "<html>\n<h1>502</h1>\n</html>"}, "not the expected JSON (invalid character '<' looking for beginning of value); the body was: <html> <h1>502</h1> </html>"},
		{"truncated body", answer{200, "application/json", `{"status":"acc`}, "not the expected JSON"},
		{"not JSON", answer{200, "text/html", `<html></html>`}, "not JSON"},
		{"bad time", answer{200, "application/json", `{"status":"accepted","start_at":"yesterday"}`}, `RFC 3339, got "yesterday"`},
		{"time of the wrong type", answer{200, "application/json", `{"status":"accepted","end_at":5}`}, "must be an RFC 3339 string"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newServer(t, tc.answer)
			_, err := c.GetReplayJob(context.Background(), PortalScope("eu", V2, portal))
			if err == nil || !strings.Contains(err.Error(), tc.wantText) {
				t.Fatalf("error = %v, want one containing %q", err, tc.wantText)
			}
			var ae *AnswerError
			if !errors.As(err, &ae) || ae.StatusCode != 200 {
				t.Fatalf("error is %T, want an *AnswerError with status 200", err)
			}
		})
	}
}

// 204 accepts the window without saying how the job stands.
func TestPutAnsweredNoContent(t *testing.T) {
	t.Parallel()
	c, _ := newServer(t, answer{204, "", ""})
	win := Window{StartAt: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), EndAt: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}
	job, err := c.PutReplayJob(context.Background(), PortalScope("us", V2, portal), win)
	if err != nil || job != nil {
		t.Fatalf("PutReplayJob = %v, %v; want no job and no error", job, err)
	}
}

// A server that echoes the Authorization header never gets the token, or any
// other secret the client was given, into an error.
func TestServerTextIsMasked(t *testing.T) {
	t.Parallel()
	const other = "spat_otherSecret"
	cases := map[string]answer{
		"problem detail":    {401, "application/problem+json", `{"status":401,"title":"Unauthorized","detail":"bad header Bearer kpat_secret; also spat_otherSecret","instance":"kong:trace:kpat_secret"}`},
		"invalid parameter": {400, "application/problem+json", `{"status":400,"invalid_parameters":[{"field":"start_at","reason":"echo kpat_secret"}]}`},
		"html page":         {502, "text/html", "<p>Authorization: Bearer kpat_secret</p>"},
		"unusable answer":   {200, "text/plain", "Bearer kpat_secret spat_otherSecret"},
	}
	for name, a := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", a.contentType)
				w.WriteHeader(a.status)
				io.WriteString(w, a.body)
			}))
			t.Cleanup(srv.Close)
			c, err := New(Config{ServerURL: srv.URL, Token: "kpat_secret", Secrets: []string{other}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetReplayJob(context.Background(), PortalScope("us", V2, portal))
			if err == nil {
				t.Fatal("want an error")
			}
			msg := fmt.Sprintf("%v %+v", err, err)
			if strings.Contains(msg, "kpat_secret") || strings.Contains(msg, other) || !strings.Contains(msg, "***") {
				t.Fatalf("error %s: want every secret masked as ***", msg)
			}
		})
	}
}

func TestExists(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		a    answer
		want bool
		err  bool
	}{
		{"200", answer{200, "application/json", `{"id":"x"}`}, true, false},
		{"Konnect's 404", answer{404, "application/problem+json", `{"status":404,"title":"Not Found","detail":"Portal not found"}`}, false, false},
		{"a gateway's 404 that matched no route", answer{404, "application/json", `{"message":"no Route matched with those values"}`}, false, true},
		{"a proxy's 404 page", answer{404, "text/html", "<h1>Not Found</h1>"}, false, true},
		{"403", answer{403, "application/problem+json", `{"status":403,"title":"Forbidden"}`}, false, true},
	}
	for _, tc := range cases {
		c, log := newServer(t, tc.a)
		got, err := c.Exists(context.Background(), "au", "/v2/portals/"+portal)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("%s: Exists = %v, %v", tc.name, got, err)
		}
		if r := log()[0]; r.method != "GET" || r.path != "/au/v2/portals/"+portal {
			t.Errorf("%s: request %s %s", tc.name, r.method, r.path)
		}
	}
}

func TestSameInstant(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		a, b string
		want bool
	}{
		{"2026-11-20T08:00:00Z", "2026-11-20T10:00:00+02:00", true},
		{"2026-11-20T08:00:00.123456789Z", "2026-11-20T08:00:00.123456Z", true}, // kept to microseconds
		{"2026-11-20T08:00:00.123456789Z", "2026-11-20T08:00:00.123457Z", true}, // rounded to microseconds
		{"2026-11-20T08:00:00.123456789Z", "2026-11-20T08:00:00Z", true},        // kept to seconds
		{"2026-11-20T08:00:00.5Z", "2026-11-20T08:00:01Z", true},                // rounded to seconds
		{"2026-11-20T08:00:00Z", "2026-11-20T08:00:01Z", false},                 // a second apart
		{"2026-11-20T08:00:00.123456Z", "2026-11-20T08:00:00.123458Z", false},   // two microseconds apart
		{"2026-11-20T08:00:00.1Z", "2026-11-20T08:00:00.3Z", false},
	}
	for _, tc := range cases {
		if got := SameInstant(at(tc.a), at(tc.b)); got != tc.want {
			t.Errorf("SameInstant(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := SameInstant(at(tc.b), at(tc.a)); got != tc.want {
			t.Errorf("SameInstant(%s, %s) = %v, want %v (it must be symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestPinnedRegion(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"https://eu.api.konghq.com":          "eu",
		"https://EU.api.konghq.com/":         "eu",
		"https://au.api.konghq.com/v2":       "au",
		"https://{region}.api.konghq.com":    "",
		"https://global.api.konghq.com":      "",
		"https://eu.api.konghq.com.evil.com": "",
		"http://127.0.0.1:8080/{region}":     "",
		"https://konnect.example.com":        "",
	}
	for in, want := range cases {
		if got := PinnedRegion(in); got != want {
			t.Errorf("PinnedRegion(%q) = %q, want %q", in, got, want)
		}
	}
}

// A page of portals is asked for by size and number, read as Kong
// documents it, and masked; a portal without an ID is an answer the
// provider cannot use.
func TestListPortals(t *testing.T) {
	t.Parallel()
	var query string
	c, log := serve(t, func(r *http.Request) answer {
		query = r.URL.RawQuery
		return answer{status: 200, contentType: "application/json", body: `{"data":[` +
			`{"id":"0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4","name":"a","display_name":"Portal kpat_secret"},` +
			`{"id":"9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4","name":"b","display_name":"B"}],"meta":{"page":{"number":2,"size":100,"total":102}}}`}
	})
	page, err := c.ListPortals(context.Background(), "eu", V3, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := log(); len(got) != 1 || got[0].path != "/eu/v3/portals" {
		t.Errorf("requests %+v, want one GET /eu/v3/portals", got)
	}
	if want := "page%5Bnumber%5D=2&page%5Bsize%5D=100"; query != want {
		t.Errorf("query %q, want %q", query, want)
	}
	if page.Total != 102 || len(page.Portals) != 2 {
		t.Fatalf("page %+v, want 2 portals of 102", page)
	}
	if p := page.Portals[0]; p.ID != "0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4" || p.Name != "a" || p.Version != V3 || strings.Contains(p.DisplayName, "kpat_secret") {
		t.Errorf("first portal %+v: want its ID, name and API, and the token masked", p)
	}

	bad, _ := newServer(t, answer{status: 200, contentType: "application/json", body: `{"data":[{"name":"no id"}]}`})
	var ae *AnswerError
	if _, err := bad.ListPortals(context.Background(), "eu", V2, 1); !errors.As(err, &ae) || !strings.Contains(err.Error(), "portal 1 of the page has no id") {
		t.Errorf("a portal without an id: %v, want an AnswerError saying so", err)
	}
	refused, _ := newServer(t, answer{status: 403, contentType: "application/problem+json", body: `{"status":403,"title":"Forbidden"}`})
	if _, err := refused.ListPortals(context.Background(), "eu", V2, 1); StatusOf(err) != 403 {
		t.Errorf("a 403: %v, want it reported as one", err)
	}
}

// A webhook says where it sends; the endpoint comes with its credentials
// masked, and the token masked wherever it is.
func TestGetWebhook(t *testing.T) {
	t.Parallel()
	c, log := newServer(t, answer{status: 200, contentType: "application/json",
		body: `{"endpoint":"https://bob:pw@siem.example.com/kpat_secret/in?key=v","enabled":true,"log_format":"cef"}`})
	w, err := c.GetWebhook(context.Background(), OrganizationScope("eu"))
	if err != nil {
		t.Fatal(err)
	}
	if got := log(); len(got) != 1 || got[0].path != "/eu/v2/audit-log-webhook" {
		t.Errorf("requests %+v, want one GET /eu/v2/audit-log-webhook", got)
	}
	if w.Endpoint == nil || *w.Endpoint != "https://***@siem.example.com/***/in?key=***" || w.Enabled == nil || !*w.Enabled || w.DestinationID != nil {
		t.Errorf("webhook %+v (endpoint %v)", w, *w.Endpoint)
	}
	p, _ := newServer(t, answer{status: 200, contentType: "application/json", body: `{"enabled":false,"audit_log_destination_id":"5e1f0c2d-7a3b-4c9d-8e6f-a1b2c3d4e5f6"}`})
	if w, err := p.GetWebhook(context.Background(), PortalScope("eu", V3, "0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4")); err != nil || w.DestinationID == nil || w.Endpoint != nil {
		t.Errorf("a portal's webhook: %+v, %v; want its destination", w, err)
	}
}
