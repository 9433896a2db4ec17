package mockkonnect_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// trickle is a body whose reading runs into the server's read deadline
// after its first bytes.
type trickle struct{ sent bool }

func (b *trickle) Read(p []byte) (int, error) {
	if !b.sent {
		b.sent = true
		return copy(p, `{"start_at":`), nil
	}
	return 0, os.ErrDeadlineExceeded
}

// A body cut off by the read deadline gets a gateway's 408, before any
// fault, and closes the connection; the job is left alone.
func TestBodyReadTimeout(t *testing.T) {
	t.Parallel()
	s := mockkonnect.New(mockkonnect.Options{Token: token, Faults: []mockkonnect.Fault{{Kind: mockkonnect.FaultUnavailable}}})
	req := httptest.NewRequest(http.MethodPut, portalPath("eu", "v2", portalA), &trickle{})
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if p := decodeProblem(t, rec, 408); p.Title != "Request Timeout" {
		t.Errorf("title = %q", p.Title)
	}
	if got := rec.Header().Get("Connection"); got != "close" {
		t.Errorf("Connection = %q, want close", got)
	}
	if got := lastLogged(t, s); got.Status != 408 || got.Fault != "" || got.Body != `{"start_at":` || got.PortalID != portalA {
		t.Errorf("logged %+v", got)
	}
	if _, ok := s.Job("eu", portalA); ok {
		t.Error("a PUT cut off configured the job")
	}
}
