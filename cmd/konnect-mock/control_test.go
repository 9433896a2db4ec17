package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// send is one request to the running mock, with a bearer token unless "".
func send(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// The command serves the controls with its own token, and keeps the newest
// -request-log requests for them.
func TestRunControls(t *testing.T) {
	t.Parallel()
	baseURL, _, _, _ := start(t, "-token", "kpat_ci", "-control-token", "ctl_ci", "-request-log", "2", "-accepted", "1h")
	if code, _ := send(t, http.MethodGet, baseURL+"/_mock/jobs", "kpat_ci", ""); code != http.StatusUnauthorized {
		t.Errorf("the controls answered the API's token with %d, want 401", code)
	}
	if code, body := send(t, http.MethodPost, baseURL+"/_mock/portals", "ctl_ci", `{"name":"developers","id":"`+newPortal+`","region":"eu"}`); code != http.StatusCreated {
		t.Fatalf("adding a portal answered %d %s", code, body)
	}
	for _, path := range []string{"/eu/v3/portals/" + newPortal, "/eu/v3/portals/" + newPortal + "/audit-log-replay-job", "/us/v3/portals/" + newPortal} {
		send(t, http.MethodGet, baseURL+path, "kpat_ci", "")
	}
	code, body := send(t, http.MethodGet, baseURL+"/_mock/requests", "ctl_ci", "")
	var log []struct {
		Path   string `json:"path"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal([]byte(body), &log); err != nil || code != http.StatusOK {
		t.Fatalf("the request log answered %d %s (%v)", code, body, err)
	}
	if len(log) != 2 || log[0].Status != http.StatusOK || log[1].Path != "/us/v3/portals/"+newPortal || log[1].Status != http.StatusNotFound {
		t.Errorf("with -request-log 2 the log holds %+v; want the newest two requests, the portal found in eu only", log)
	}
}
