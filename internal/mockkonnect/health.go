package mockkonnect

import "net/http"

// HealthPath answers 200 once the mock serves, so that a script can wait
// for it. It is the mock's own route, not Konnect's: it needs no token, and
// faults, the request log and the OnRequest hook leave it alone, so that a
// fault on every request does not keep a script from starting, and polling
// does not show up among what a client sent.
const HealthPath = "/healthz"

var healthBody = []byte(`{"status":"ok"}` + "\n")

func serveHealth(w http.ResponseWriter, r *http.Request) {
	resp := response{status: http.StatusOK, contentType: "application/json", body: healthBody}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp = methodNotAllowed(r.Method, http.MethodGet, http.MethodHead)
	}
	resp.write(w)
}
