package mockkonnect_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// control sends one control request from loopback, with the headers given
// as name, value pairs.
func control(t *testing.T, h http.Handler, method, path, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr, req.Host = "127.0.0.1:40000", "127.0.0.1:8080"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// controlOK sends a control that must answer want, and decodes its JSON.
func controlOK[T any](t *testing.T, h http.Handler, method, path, body string, want int) T {
	t.Helper()
	return decodeAnswer[T](t, control(t, h, method, path, body), want, "application/json", method+" "+path)
}

type jobShownJSON struct {
	Region    string `json:"region"`
	PortalID  string `json:"portal_id"`
	StartAt   string `json:"start_at"`
	EndAt     string `json:"end_at"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at"`
}

type messageJSON struct {
	Message string `json:"message"`
}

// The controls answer loopback only, or only their own token; never the
// API's token, never a browser's page, and never beside the API's routes.
func TestControlsAnswerOnlyTheirOwn(t *testing.T) {
	t.Parallel()
	open := mockkonnect.New(mockkonnect.Options{Token: token})
	if rec := control(t, open, http.MethodGet, "/_mock", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "POST   /_mock/jobs/fail") {
		t.Fatalf("GET /_mock from loopback = %d %s; want 200 and the list of controls", rec.Code, rec.Body)
	}
	remote := httptest.NewRequest(http.MethodGet, "/_mock/jobs", nil) // from 192.0.2.1
	remote.Host = "127.0.0.1"
	rec := httptest.NewRecorder()
	open.ServeHTTP(rec, remote)
	p := decodeProblem(t, rec, http.StatusForbidden)
	if !strings.Contains(p.Detail, "-control-token") {
		t.Errorf("a remote client's refusal does not name -control-token: %s", p.Detail)
	}
	for _, browser := range [][]string{{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "same-origin"}} {
		p := decodeProblem(t, control(t, open, http.MethodPost, "/_mock/jobs/finish", "", browser...), http.StatusForbidden)
		if !strings.Contains(p.Detail, "browser") {
			t.Errorf("a browser's request (%s) was refused with %q", browser[0], p.Detail)
		}
	}
	// A page whose name was rebound to 127.0.0.1 comes from loopback, with
	// its own name in Host, and reads nothing.
	rebound := httptest.NewRequest(http.MethodGet, "/_mock/requests", nil)
	rebound.RemoteAddr, rebound.Host = "127.0.0.1:40001", "attacker.example:8080"
	rec = httptest.NewRecorder()
	open.ServeHTTP(rec, rebound)
	decodeProblem(t, rec, http.StatusForbidden)
	for _, host := range []string{"localhost:8080", "[::1]:8080", "127.0.0.1"} {
		req := httptest.NewRequest(http.MethodGet, "/_mock/jobs", nil)
		req.RemoteAddr, req.Host = "[::1]:40002", host
		rec := httptest.NewRecorder()
		open.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("GET /_mock/jobs naming %s from loopback = %d", host, rec.Code)
		}
	}

	locked := mockkonnect.New(mockkonnect.Options{Token: token, ControlToken: "ctl_secret"})
	for _, auth := range []string{"", "Bearer " + token, "Bearer ctl_secre", "ctl_secret"} {
		p := decodeProblem(t, control(t, locked, http.MethodGet, "/_mock/jobs", "", "Authorization", auth), http.StatusUnauthorized)
		if !strings.Contains(p.Detail, "-control-token") {
			t.Errorf("Authorization %q was refused with %q, which does not name -control-token", auth, p.Detail)
		}
	}
	rec = httptest.NewRecorder()
	remote = httptest.NewRequest(http.MethodGet, "/_mock/jobs", nil)
	remote.Header.Set("Authorization", "Bearer ctl_secret")
	locked.ServeHTTP(rec, remote)
	if rec.Code != http.StatusOK {
		t.Errorf("a remote client with the control token got %d %s", rec.Code, rec.Body)
	}

	// Unknown controls and methods, and a typo in a body, are refused
	// with the way out; none of it reaches the request log.
	decodeProblem(t, control(t, open, http.MethodGet, "/_mock/nothing", ""), http.StatusNotFound)
	if rec := control(t, open, http.MethodPut, "/_mock/requests", ""); rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, DELETE" {
		t.Errorf("PUT /_mock/requests = %d, Allow %q; want 405 with GET, DELETE", rec.Code, rec.Header().Get("Allow"))
	}
	p = decodeProblem(t, control(t, open, http.MethodPost, "/_mock/webhook", `{"portal_id":"org","webhook_enable":false}`), http.StatusBadRequest)
	if !strings.Contains(p.Detail, "webhook_enable") || !strings.Contains(p.Detail, "GET /_mock") {
		t.Errorf("a misspelt field was refused with %q", p.Detail)
	}
	if n := len(open.Requests()); n != 0 {
		t.Errorf("the request log holds %d requests; the controls are not Konnect's", n)
	}
}

// A webhook goes down with its last response, and comes back, for one
// region or every one; the status route shows each step.
func TestControlWebhook(t *testing.T) {
	t.Parallel()
	s, clock := newServer(0, 0, 0)
	down := `{"portal_id":"` + strings.ToUpper(portalA) + `","region":"eu","webhook_status":"inactive","last_response_code":503,"last_response_message":"Service Unavailable"}`
	got := controlOK[webhookJSON](t, s, http.MethodPost, "/_mock/webhook", down, http.StatusOK)
	if *got.WebhookStatus != "inactive" || !*got.WebhookEnabled || *got.LastResponseCode != 503 || *got.LastAttemptAt != rfc(t0) {
		t.Errorf("the control answered %+v", got)
	}
	shown := decodeWebhook(t, call(t, s, http.MethodGet, webhookPath("eu", "v2", portalA), ""))
	if *shown.WebhookStatus != "inactive" || *shown.LastResponseMessage != "Service Unavailable" {
		t.Errorf("GET of the status shows %+v after the webhook went down", shown)
	}
	if other := decodeWebhook(t, call(t, s, http.MethodGet, webhookPath("us", "v2", portalA), "")); *other.WebhookStatus != "active" {
		t.Errorf("the webhook in us went down too: %+v", other)
	}

	// Back up in every region, which replaces eu's own setting.
	clock.Advance(time.Minute)
	controlOK[webhookJSON](t, s, http.MethodPost, "/_mock/webhook",
		`{"portal_id":"`+portalA+`","webhook_status":"active","last_response_code":200,"last_response_message":"OK"}`, http.StatusOK)
	shown = decodeWebhook(t, call(t, s, http.MethodGet, webhookPath("eu", "v2", portalA), ""))
	if *shown.WebhookStatus != "active" || *shown.LastResponseCode != 200 || *shown.LastAttemptAt != rfc(t0.Add(time.Minute)) {
		t.Errorf("after the webhook came back, eu shows %+v", shown)
	}

	// Disabling keeps the rest; the organization's is "org".
	controlOK[webhookJSON](t, s, http.MethodPost, "/_mock/webhook", `{"portal_id":"org","webhook_enabled":false}`, http.StatusOK)
	if org := decodeWebhook(t, call(t, s, http.MethodGet, webhookPath("", "v3", ""), "")); *org.WebhookEnabled || *org.WebhookStatus != "active" {
		t.Errorf("the organization's webhook after disabling: %+v", org)
	}

	// Back to never attempted.
	cleared := controlOK[webhookJSON](t, s, http.MethodPost, "/_mock/webhook",
		`{"portal_id":"`+portalA+`","last_response_code":0,"last_response_message":"","last_attempt_at":""}`, http.StatusOK)
	if cleared.LastAttemptAt != nil || cleared.LastResponseCode != nil || cleared.LastResponseMessage != nil {
		t.Errorf("clearing the last attempt left %+v", cleared)
	}

	for body, want := range map[string]string{
		`{"webhook_enabled":false}`:                         "portal_id is required",
		`{"portal_id":"nope","webhook_enabled":false}`:      `"nope" is neither a UUID nor "org"`,
		`{"portal_id":"org","region":"mars"}`:               `region "mars" is not a Konnect region`,
		`{"portal_id":"org","webhook_status":"down"}`:       `webhook_status must be "active" or "inactive"`,
		`{"portal_id":"org","last_response_code":-1}`:       "last_response_code must not be negative",
		`{"portal_id":"org","last_attempt_at":"yesterday"}`: "last_attempt_at",
		`[]`: "not this control's JSON",
	} {
		if p := decodeProblem(t, control(t, s, http.MethodPost, "/_mock/webhook", body), http.StatusBadRequest); !strings.Contains(p.Detail, want) {
			t.Errorf("%s was refused with %q; want it to say %q", body, p.Detail, want)
		}
	}
}

// Marked jobs end failed, once each: the next job anywhere, a portal's job
// not yet ended, or else its next. A job sent again completes.
func TestControlFailAndFinish(t *testing.T) {
	t.Parallel()
	s, clock := newServer(time.Minute, time.Minute, time.Minute)
	put := func(region, portal string) {
		t.Helper()
		decodeJob(t, call(t, s, http.MethodPut, portalPath(region, "v2", portal), window(t0.Add(-time.Hour), t0.Add(-time.Minute))), http.StatusAccepted)
	}
	status := func(region, portal string) string {
		t.Helper()
		return decodeJob(t, call(t, s, http.MethodGet, portalPath(region, "v2", portal), ""), http.StatusOK).Status
	}

	// The next job accepted, whichever it is.
	if m := controlOK[messageJSON](t, s, http.MethodPost, "/_mock/jobs/fail", "", http.StatusOK); m.Message != `The next job accepted will end "failed"` {
		t.Errorf("marking the next job said %q", m.Message)
	}
	put("eu", portalA)
	put("eu", portalB)
	if st := status("eu", portalA); st != "accepted" {
		t.Fatalf("the marked job is %s before its time", st)
	}
	clock.Advance(3 * time.Minute)
	if a, b := status("eu", portalA), status("eu", portalB); a != "failed" || b != "completed" {
		t.Errorf("portal A's job is %s and B's %s; want the first one sent failed, the other completed", a, b)
	}

	// Sent again, it completes: the mark served one job.
	put("eu", portalA)
	jobs := controlOK[[]jobShownJSON](t, s, http.MethodPost, "/_mock/jobs/finish", "", http.StatusOK)
	if len(jobs) != 2 || jobs[0].PortalID != portalA || jobs[0].Status != "completed" || jobs[0].UpdatedAt != rfc(clock.Now()) {
		t.Errorf("finishing every job answered %+v; want portal A's completed now", jobs)
	}

	// A portal's running job, named in another case: it fails when it ends.
	put("eu", portalB)
	clock.Advance(2*time.Minute + time.Second)
	m := controlOK[messageJSON](t, s, http.MethodPost, "/_mock/jobs/fail", `{"portal_id":"`+strings.ToUpper(portalB)+`"}`, http.StatusOK)
	if !strings.Contains(m.Message, "portal "+portalB+"'s job in eu, now running,") {
		t.Errorf("marking a running job said %q", m.Message)
	}
	clock.Advance(time.Minute)
	if st := status("eu", portalB); st != "failed" {
		t.Errorf("the running job marked ended %s", st)
	}

	// A job marked to fail that a new window replaces before it ends hands
	// the mark on.
	put("au", portalA)
	controlOK[messageJSON](t, s, http.MethodPost, "/_mock/jobs/fail", `{"portal_id":"`+portalA+`","region":"au"}`, http.StatusOK)
	put("au", portalA)
	clock.Advance(3 * time.Minute)
	if st := status("au", portalA); st != "failed" {
		t.Errorf("the window that replaced a job marked to fail ended %s", st)
	}

	// With none running, the portal's next job, in the region named only.
	m = controlOK[messageJSON](t, s, http.MethodPost, "/_mock/jobs/fail", `{"portal_id":"org","region":"us"}`, http.StatusOK)
	if m.Message != `The next job of the organization's accepted in us will end "failed"` {
		t.Errorf("marking the organization's next job said %q", m.Message)
	}
	decodeJob(t, call(t, s, http.MethodPut, "/eu/v3"+jobPath, window(t0, clock.Now().Add(-time.Minute))), http.StatusAccepted)
	decodeJob(t, call(t, s, http.MethodPut, "/v3"+jobPath, window(t0, clock.Now().Add(-time.Minute))), http.StatusAccepted)
	jobs = controlOK[[]jobShownJSON](t, s, http.MethodPost, "/_mock/jobs/finish", `{"portal_id":"org"}`, http.StatusOK)
	if len(jobs) != 2 || jobs[0].Region != "eu" || jobs[0].Status != "completed" || jobs[1].Region != "us" || jobs[1].Status != "failed" {
		t.Errorf("the organization's jobs, finished: %+v; want eu completed, us failed", jobs)
	}
	all := controlOK[[]jobShownJSON](t, s, http.MethodGet, "/_mock/jobs", "", http.StatusOK)
	if len(all) != 5 {
		t.Errorf("GET /_mock/jobs lists %d jobs, want 5: %+v", len(all), all)
	}
}

// Portals added at run time have their name, API and region, in the lists
// and alone; a name is unique.
func TestControlPortals(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	type added struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		API    string `json:"api"`
		Region string `json:"region"`
	}
	n := controlOK[added](t, s, http.MethodPost, "/_mock/portals", `{"name":"developers","region":"EU"}`, http.StatusCreated)
	if n.API != "v3" || n.Region != "eu" || len(n.ID) != 36 {
		t.Fatalf("adding a portal answered %+v; want a new Dev Portal in eu with a UUID", n)
	}
	c := controlOK[added](t, s, http.MethodPost, "/_mock/portals", `{"name":"partners","api":"v2","region":"eu","id":"`+portalA+`"}`, http.StatusCreated)
	if c.ID != portalA {
		t.Fatalf("the classic portal's ID is %s, want %s", c.ID, portalA)
	}
	if rec := call(t, s, http.MethodGet, "/eu/v3/portals/"+n.ID, ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"name":"developers"`) {
		t.Errorf("GET of the new portal in eu = %d %s", rec.Code, rec.Body)
	}
	for _, path := range []string{"/us/v3/portals/" + n.ID, "/eu/v2/portals/" + n.ID, "/us/v2/portals/" + portalA} {
		if rec := call(t, s, http.MethodGet, path, ""); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, rec.Code)
		}
	}
	// Every other ID is still a classic portal, as before the control.
	if rec := call(t, s, http.MethodGet, "/us/v2/portals/"+portalB, ""); rec.Code != http.StatusOK {
		t.Errorf("adding a classic portal made the others unknown: GET %s = %d", portalB, rec.Code)
	}
	var list struct {
		Data []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := json.Unmarshal(call(t, s, http.MethodGet, "/eu/v2/portals", "").Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Data) != 1 || list.Data[0].Name != "partners" {
		t.Errorf("eu's classic portals: %+v; want partners", list.Data)
	}

	for body, want := range map[string]string{
		`{"name":"developers","api":"v2"}`: "already has the name",
		`{"name":"portal-9e8d7c6b"}`:       "the form of the names the mock gives",
		`{}`:                               "name is required",
		`{"name":"x","api":"v4"}`:          `api "v4" is neither "v3"`,
		`{"name":"x","id":"42"}`:           `id "42" is not a UUID`,
		`{"name":"x","region":"moon"}`:     `region "moon" is not a Konnect region`,
	} {
		status := http.StatusBadRequest
		if want == "already has the name" || strings.HasPrefix(want, "the form") {
			status = http.StatusConflict
		}
		if p := decodeProblem(t, control(t, s, http.MethodPost, "/_mock/portals", body), status); !strings.Contains(p.Detail, want) {
			t.Errorf("%s was refused with %q; want %q", body, p.Detail, want)
		}
	}
}

// The request log, without headers, then cleared.
func TestControlRequests(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	call(t, s, http.MethodGet, portalPath("eu", "v2", portalA), "")
	call(t, s, http.MethodPut, portalPath("eu", "v2", portalA), window(t0.Add(-time.Hour), t0))
	rec := control(t, s, http.MethodGet, "/_mock/requests", "")
	if strings.Contains(rec.Body.String(), token) {
		t.Errorf("the request log shows the token: %s", rec.Body)
	}
	type shown struct {
		Turn     int    `json:"turn"`
		Method   string `json:"method"`
		Path     string `json:"path"`
		Region   string `json:"region"`
		PortalID string `json:"portal_id"`
		Body     string `json:"body"`
		Status   int    `json:"status"`
	}
	log := decodeAnswer[[]shown](t, rec, http.StatusOK, "application/json", "request log")
	if len(log) != 2 || log[1].Method != "PUT" || log[1].Status != http.StatusAccepted || log[1].PortalID != portalA || log[1].Region != "eu" || log[1].Body == "" {
		t.Errorf("the request log shows %+v", log)
	}
	if rec := control(t, s, http.MethodDelete, "/_mock/requests", ""); rec.Code != http.StatusNoContent {
		t.Errorf("clearing the log answered %d", rec.Code)
	}
	if log := controlOK[[]shown](t, s, http.MethodGet, "/_mock/requests", "", http.StatusOK); len(log) != 0 {
		t.Errorf("after clearing, the log shows %+v", log)
	}
}
