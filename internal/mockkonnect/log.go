package mockkonnect

import "net/http"

// Request is one request the server received, as it arrived.
type Request struct {
	Method   string
	Path     string      // path as received, e.g. "/eu/v2/portals/<id>/audit-log-replay-job"
	Region   string      // "us" for paths without a region prefix
	PortalID string      // as written in the path; "" for the organization route
	Body     string      // request body as received
	Header   http.Header // request headers as received, Authorization included
	Status   int         // status code sent; 0 for none (a drop, or a client that gave up during a delay)
	Fault    FaultKind   // fault applied: the answering one, else FaultLatency if delayed, else ""
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, r)
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		r.Header = r.Header.Clone() // callers must not reach into the log
		out[i] = r
	}
	return out
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}
