package mockkonnect

import (
	"net/http"
	"strings"
)

// FaultKind names what a fault does to a request.
type FaultKind string

// Fault kinds. Faults act before anything else, as a gateway or load balancer
// in front of Konnect would, so they hit unauthenticated and unknown requests
// too unless a Route narrows them. "Not processed" means the request leaves
// no trace but the log: no job changes. What each kind takes and does is its
// row in faultKinds.
const (
	// FaultLatency waits Delay, or until the client gives up, then answers
	// normally (or as the answering fault that also applies says).
	FaultLatency FaultKind = "latency"
	// FaultUnavailable answers 503 application/problem+json, not processed,
	// with a Retry-After header if RetryAfter is set.
	FaultUnavailable FaultKind = "503"
	// FaultRateLimited answers 429 application/problem+json with Retry-After
	// (RetryAfter, default "1"), not processed.
	FaultRateLimited FaultKind = "429"
	// FaultBadGateway answers 502 with a load balancer's text/html page, not
	// processed.
	FaultBadGateway FaultKind = "502"
	// FaultTruncate processes the request normally (state changes!), then
	// sends the real status and Content-Type with only the first half of the
	// body and a Content-Length to match: valid HTTP carrying broken JSON, so
	// the client's decoder, not its transport, meets the error.
	FaultTruncate FaultKind = "truncate"
	// FaultStall processes the request normally (state changes!), then holds
	// the answer back for Delay, on the real clock, and sends it; if the
	// client gives up first it gets nothing, as with FaultDrop. It is Konnect
	// accepting a PUT whose answer never reaches the client: a client
	// timeout, or a Ctrl-C, after the change was made. The log shows the
	// held-back answer's status as soon as the request was processed.
	FaultStall FaultKind = "stall"
	// FaultDrop closes the connection without any answer (on HTTP/2 it
	// resets the stream), not processed.
	FaultDrop FaultKind = "drop"
	// FaultRespond answers Status, ContentType and Body verbatim, not
	// processed. It is for answers the other kinds do not cover.
	FaultRespond FaultKind = "respond"
)

// faultKinds is every kind, in the order messages and -h list them. It is
// the one place that says what a kind takes and does: validation, ParseFault,
// FaultUsage and ServeHTTP all read it. A new kind is a constant above and a
// row here; only a new effect needs code, in ServeHTTP.
var faultKinds = []kindSpec{
	{
		kind: FaultLatency, commandLine: true, effect: effectDelay, delay: true,
		usage: "wait delay=D, then answer as usual",
	},
	{
		kind: FaultUnavailable, commandLine: true, effect: effectAnswer, answer: unavailable, retryAfter: true,
		usage: "a problem+json error, with Retry-After: S if retry-after=S",
	},
	{
		kind: FaultRateLimited, commandLine: true, effect: effectAnswer, answer: rateLimited, retryAfter: true,
		usage: "a problem+json error, with Retry-After: 1 unless retry-after=S",
	},
	{
		kind: FaultBadGateway, commandLine: true, effect: effectAnswer, answer: badGateway,
		usage: "a load balancer's HTML error page",
	},
	{
		kind: FaultTruncate, commandLine: true, effect: effectTruncate,
		usage: "handle the request, then send only the first half of the body",
	},
	{
		kind: FaultStall, commandLine: true, effect: effectHold, delay: true,
		usage: "handle the request, then hold the answer back for delay=D, or until the client gives up (an accepted PUT whose answer is lost)",
	},
	{
		kind: FaultDrop, commandLine: true, effect: effectDrop,
		usage: "close the connection without an answer",
	},
	{
		// A status, a content type and a body do not fit on a command line
		// split at commas.
		kind: FaultRespond, effect: effectAnswer, answer: asGiven, verbatim: true,
		usage: "answer Status, ContentType and Body as given",
	},
}

// kindSpec is one row of faultKinds.
type kindSpec struct {
	kind        FaultKind
	usage       string // what it does, one sentence for -h (FaultUsage wraps it)
	commandLine bool   // ParseFault reads it
	effect      faultEffect
	answer      func(Fault) response // its answer, for effectAnswer

	// The settings it takes; it takes none of the others.
	delay      bool // needs Delay above 0
	retryAfter bool // may take RetryAfter
	verbatim   bool // needs Status, may take ContentType and Body
}

// faultEffect is what a fault does with a request it picks, as ServeHTTP
// carries it out.
type faultEffect int

const (
	// effectDelay waits Delay before the request goes on. Delaying rules are
	// picked apart from the others, so one request can be delayed and then
	// answered by another rule (see SetFaults).
	effectDelay faultEffect = iota + 1
	// effectAnswer answers with the kind's answer; not processed.
	effectAnswer
	// effectDrop ends the exchange without an answer; not processed.
	effectDrop
	// effectTruncate processes the request, then cuts its answer's body in
	// half.
	effectTruncate
	// effectHold processes the request, then holds its answer back for Delay.
	effectHold
)

// kindsByName finds a kind's row.
var kindsByName = func() map[FaultKind]*kindSpec {
	m := make(map[FaultKind]*kindSpec, len(faultKinds))
	for i := range faultKinds {
		m[faultKinds[i].kind] = &faultKinds[i]
	}
	return m
}()

// spec is f's row in faultKinds; f must be valid.
func (f Fault) spec() *kindSpec { return kindsByName[f.Kind] }

// kindNames lists, in table order, the kinds for which keep is true: "a, b,
// c" with conj "", else "a, b conj c".
func kindNames(keep func(*kindSpec) bool, conj string) string {
	var names []string
	for i := range faultKinds {
		if keep(&faultKinds[i]) {
			names = append(names, string(faultKinds[i].kind))
		}
	}
	if conj == "" || len(names) < 2 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

func anyKind(*kindSpec) bool           { return true }
func takesDelay(k *kindSpec) bool      { return k.delay }
func takesRetryAfter(k *kindSpec) bool { return k.retryAfter }
func takesVerbatim(k *kindSpec) bool   { return k.verbatim }
func delays(k *kindSpec) bool          { return k.effect == effectDelay }

// processes says whether the request is handled, jobs changing, before the
// effect; leavesUntouched whether it is not handled at all. A delay is
// neither: what happens next is up to the other rules.
func processes(k *kindSpec) bool { return k.effect == effectTruncate || k.effect == effectHold }
func leavesUntouched(k *kindSpec) bool {
	return k.effect == effectAnswer || k.effect == effectDrop
}

func unavailable(f Fault) response {
	resp := problemResponse(problem{
		Status: http.StatusServiceUnavailable, Title: "Service Unavailable", Instance: traceID(kongTrace),
		Detail: "The service is temporarily unavailable; try again later",
	})
	if f.RetryAfter != "" {
		resp.header = http.Header{"Retry-After": {f.RetryAfter}}
	}
	return resp
}

func rateLimited(f Fault) response {
	resp := problemResponse(problem{
		Status: http.StatusTooManyRequests, Title: "Too Many Requests", Instance: traceID(kongTrace),
		Detail: "API rate limit exceeded",
	})
	retryAfter := f.RetryAfter
	if retryAfter == "" {
		retryAfter = "1"
	}
	resp.header = http.Header{"Retry-After": {retryAfter}}
	return resp
}

// badGatewayPage is what a load balancer shows when Konnect is not behind
// it: HTML where a client expects JSON.
const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<h1>502 Bad Gateway</h1>
</body>
</html>
`

func badGateway(Fault) response {
	return response{status: http.StatusBadGateway, contentType: "text/html", body: []byte(badGatewayPage)}
}

func asGiven(f Fault) response {
	return response{status: f.Status, contentType: f.ContentType, body: []byte(f.Body)}
}
