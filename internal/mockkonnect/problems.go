package mockkonnect

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
)

// problem is Konnect's application/problem+json error body.
type problem struct {
	Status            int            `json:"status"`
	Title             string         `json:"title"`
	Instance          string         `json:"instance"`
	Detail            string         `json:"detail"`
	InvalidParameters []invalidParam `json:"invalid_parameters,omitempty"`
}

// invalidParam is one entry of a 400's invalid_parameters.
type invalidParam struct {
	Field  string `json:"field"`
	Rule   string `json:"rule,omitempty"`
	Source string `json:"source,omitempty"`
	Reason string `json:"reason"`
}

// Kong's examples use both prefixes: kong:trace for gateway and auth errors,
// konnect:trace for the replay job's 409.
const (
	kongTrace    = "kong:trace:"
	konnectTrace = "konnect:trace:"
)

// traceID returns a 19-digit correlation ID like Konnect's.
func traceID(prefix string) string {
	return prefix + strconv.FormatUint(1e18+rand.Uint64N(9e18), 10)
}

func problemResponse(p problem) response {
	body, err := json.Marshal(p)
	if err != nil {
		panic(err) // plain strings and ints always marshal
	}
	return response{status: p.Status, contentType: "application/problem+json", body: body}
}

func badRequest(detail string, params ...invalidParam) response {
	return problemResponse(problem{
		Status: http.StatusBadRequest, Title: "Bad Request", Instance: traceID(kongTrace),
		Detail: detail, InvalidParameters: params,
	})
}

// parseFailure is the 400 for a body that is not a JSON object at all.
func parseFailure() response {
	return badRequest("Could not parse request body", invalidParam{
		Field: "body", Source: "body", Reason: "request format is invalid",
	})
}

func unauthorized(detail string) response {
	return problemResponse(problem{
		Status: http.StatusUnauthorized, Title: "Unauthorized", Instance: traceID(kongTrace), Detail: detail,
	})
}

func notFound(detail string) response {
	return problemResponse(problem{
		Status: http.StatusNotFound, Title: "Not Found", Instance: traceID(kongTrace), Detail: detail,
	})
}

func conflict(detail string) response {
	return problemResponse(problem{
		Status: http.StatusConflict, Title: "Resource Conflict", Instance: traceID(konnectTrace), Detail: detail,
	})
}

// methodNotAllowed is the 405 for method on a route that answers only
// allowed, which also make up its Allow header.
func methodNotAllowed(method string, allowed ...string) response {
	resp := problemResponse(problem{
		Status: http.StatusMethodNotAllowed, Title: "Method Not Allowed", Instance: traceID(kongTrace),
		Detail: "Method [" + method + "] is not allowed; use " + strings.Join(allowed, " or "),
	})
	resp.allow = strings.Join(allowed, ", ")
	return resp
}

// insufficientStorage is the mock's own answer when it keeps as many jobs
// as Options.MaxJobs allows: not Konnect's, and not one a client retries.
func insufficientStorage(detail string) response {
	return problemResponse(problem{
		Status: http.StatusInsufficientStorage, Title: "Insufficient Storage", Instance: traceID(kongTrace), Detail: detail,
	})
}

// requestTimeout is a gateway's answer to a body that did not arrive in
// time; it closes the connection, whose body is still half-read.
func requestTimeout() response {
	resp := problemResponse(problem{
		Status: http.StatusRequestTimeout, Title: "Request Timeout", Instance: traceID(kongTrace),
		Detail: "The request body did not arrive in time",
	})
	resp.header = http.Header{"Connection": {"close"}}
	return resp
}

// tooLarge is a gateway's answer to a body over maxBody.
func tooLarge() response {
	return problemResponse(problem{
		Status: http.StatusRequestEntityTooLarge, Title: "Request Entity Too Large", Instance: traceID(kongTrace),
		Detail: "The request body is larger than 1 MiB",
	})
}
