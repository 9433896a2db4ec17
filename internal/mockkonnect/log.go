package mockkonnect

import "net/http"

// Request is one request the server received, as it arrived.
type Request struct {
	Method   string
	Path     string      // path as received, e.g. "/eu/v2/portals/<id>/audit-log-replay-job"
	Query    string      // the query as received, still encoded, e.g. "page%5Bsize%5D=100"
	Region   string      // "us" for paths without a region prefix
	PortalID string      // as written in the path; "" for the organization route
	Body     string      // request body as received: its first 64 KiB
	Header   http.Header // request headers as received, Authorization included
	// Status is the status code sent; 0 for none (a drop, or a client that
	// gave up during a delay or while held). For a stall it is the status of the answer
	// held back, sent or not, since the request was processed either way.
	Status int
	Fault  FaultKind // fault applied: the answering one, else FaultLatency if delayed, else ""
	// Turn is the request's place in the chain of answers, taken as it
	// arrives: 1 + the largest Turn among the requests whose answer the
	// server had finished writing by then (any delay or stall over, the
	// whole answer written), or 1 if none had been answered since the start
	// or the last ResetRequests. An answer never written (a drop, a client
	// gone) does not count. A client that sends two GETs at once, then a PUT
	// once they are answered, has the GETs logged with Turn 1 and the PUT
	// with Turn 2: the largest Turn is how many answers in turn it waited
	// for. Other clients' answers count too, so with unrelated clients at
	// the same time it is an upper bound. HoldRounds makes it exact for a
	// single client, whatever the timing.
	Turn int
}

// SetOnRequest sets the hook called once for every request, or clears it
// (nil); Options.OnRequest sets the first one. It is safe to call while
// serving.
//
// The hook runs after the request was handled (any job it changed has
// changed) and recorded in the log, and before anything is written to the
// client; requests answered or dropped by a fault call it too, after being
// recorded. It gets the request as logged. It runs without the server's
// lock, so it may call any Server method: SetJob, ClearJob, SetFaults,
// Requests …. That lets a test act at the exact moment the log shows a
// request, such as letting a running job finish once a PUT's 409 is logged.
// The answer waits for the hook to return.
func (s *Server) SetOnRequest(hook func(Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = hook
}

// maxLoggedBody is how much of a body the log keeps. The replay job's
// bodies take under 100 bytes; a client sending more is not one to study
// byte by byte, and keeping all of it would let it fill the memory.
const maxLoggedBody = 64 << 10

// loggedBody is what the log keeps of a body.
func loggedBody(body []byte) string { return string(body[:min(len(body), maxLoggedBody)]) }

// record appends r to the log, then calls the hook with the lock released.
func (s *Server) record(r Request) {
	s.mu.Lock()
	s.appendLog(r)
	hook := s.hook
	s.mu.Unlock()
	if hook != nil {
		r.Header = r.Header.Clone() // the hook must not reach into the log
		hook(r)
	}
}

// appendLog keeps r as Options.LogLimit says: every request, the newest
// LogLimit in a ring (logOldest marks where it starts once full), or none.
// Call with s.mu held.
func (s *Server) appendLog(r Request) {
	switch {
	case s.logLimit < 0:
	case s.logLimit == 0 || len(s.log) < s.logLimit:
		s.log = append(s.log, r)
	default:
		s.log[s.logOldest] = r
		s.logOldest = (s.logOldest + 1) % s.logLimit
	}
}

// Requests returns a copy of the request log, oldest first: every request
// since the start or the last ResetRequests, or the newest Options.LogLimit
// of them. GET /healthz is not in it.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, 0, len(s.log))
	for _, part := range [][]Request{s.log[s.logOldest:], s.log[:s.logOldest]} {
		for _, r := range part {
			r.Header = r.Header.Clone() // callers must not reach into the log
			out = append(out, r)
		}
	}
	return out
}

// ResetRequests empties the request log and restarts Request.Turn: the
// next request is turn 1, and an answer to a request that arrived before
// the reset no longer counts.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log, s.logOldest = nil, 0
	s.resetTurns()
}
