package mockkonnect_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

func TestRequestLog(t *testing.T) {
	t.Parallel()
	s, _ := newServer(0, 0, 0)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	type sent struct {
		method, path, body, auth string
		wantStatus               int
		wantRegion, wantPortal   string
	}
	requests := []sent{
		{method: "GET", path: portalPath("", "v2", portalA), auth: "Bearer " + token, wantStatus: 200, wantRegion: "us", wantPortal: portalA},
		{method: "PUT", path: portalPath("eu", "v2", portalA), body: window(t0, t0), auth: "Bearer " + token, wantStatus: 202, wantRegion: "eu", wantPortal: portalA},
		{method: "PUT", path: portalPath("eu", "v2", portalA), body: `{}`, auth: "Bearer " + token, wantStatus: 400, wantRegion: "eu", wantPortal: portalA},
		{method: "GET", path: "/au/v2" + jobPath, auth: "Bearer wrong", wantStatus: 401, wantRegion: "au"},
		{method: "DELETE", path: portalPath("", "v2", portalB), auth: "Bearer " + token, wantStatus: 405, wantRegion: "us", wantPortal: portalB},
		{method: "GET", path: "/nowhere", auth: "Bearer " + token, wantStatus: 404, wantRegion: "us"},
	}
	for _, r := range requests {
		req, err := http.NewRequest(r.method, srv.URL+r.path, strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", r.auth)
		req.Header.Set("Accept", "application/json, application/problem+json")
		req.Header.Set("User-Agent", "terraform-provider-konnect/test")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != r.wantStatus {
			t.Fatalf("%s %s: status %d, want %d", r.method, r.path, resp.StatusCode, r.wantStatus)
		}
	}

	log := s.Requests()
	if len(log) != len(requests) {
		t.Fatalf("log has %d requests, want %d", len(log), len(requests))
	}
	for i, want := range requests {
		got := log[i]
		if got.Method != want.method || got.Path != want.path || got.Body != want.body || got.Status != want.wantStatus {
			t.Errorf("log[%d] = %s %s %q → %d; want %s %s %q → %d",
				i, got.Method, got.Path, got.Body, got.Status, want.method, want.path, want.body, want.wantStatus)
		}
		if got.Region != want.wantRegion || got.PortalID != want.wantPortal {
			t.Errorf("log[%d] region, portal = %q, %q; want %q, %q", i, got.Region, got.PortalID, want.wantRegion, want.wantPortal)
		}
		if got.Header.Get("Authorization") != want.auth ||
			got.Header.Get("Accept") != "application/json, application/problem+json" ||
			got.Header.Get("User-Agent") != "terraform-provider-konnect/test" {
			t.Errorf("log[%d] headers = %v", i, got.Header)
		}
	}

	// The log is a copy: changing it changes nothing inside the server.
	log[0].Header.Set("Authorization", "changed")
	log[0].Status = 0
	if again := s.Requests()[0]; again.Header.Get("Authorization") != "Bearer "+token || again.Status != 200 {
		t.Errorf("caller's edits reached the log: %+v", again)
	}

	s.ResetRequests()
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("log has %d requests after ResetRequests", n)
	}
	call(t, s, http.MethodGet, "/v2"+jobPath, "")
	if n := len(s.Requests()); n != 1 {
		t.Fatalf("log has %d requests after one more, want 1", n)
	}
}

// Parallel clients must all be answered and logged; run with -race.
func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				method, body := http.MethodGet, ""
				if i%2 == 0 {
					method, body = http.MethodPut, `{"start_at":"`+t0.Format("2006-01-02T15:04:05Z07:00")+`"}`
				}
				region := []string{"us", "eu", "au", "sg"}[w%4]
				req, _ := http.NewRequest(method, srv.URL+portalPath(region, "v2", portalA), strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := srv.Client().Do(req)
				if err != nil {
					errs <- err
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != 200 && resp.StatusCode != 400 {
					errs <- fmt.Errorf("%s: status %d", method, resp.StatusCode)
				}
				_ = s.Requests()
				_, _ = s.Job(region, portalA)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(s.Requests()); n != workers*each {
		t.Errorf("log has %d requests, want %d", n, workers*each)
	}
}

// LogNoHeaders keeps the log free of headers, tokens among them.
func TestRequestLogWithoutHeaders(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, LogNoHeaders: true})
	call(t, s, http.MethodGet, portalPath("eu", "v2", portalA), "")
	if log := s.Requests(); len(log) != 1 || log[0].Header != nil || log[0].Status != http.StatusOK {
		t.Errorf("the log holds %+v; want the request, without its headers", log)
	}
}
