package konnect

import (
	"errors"
	"net/http"
)

// Ending is how a request ended, in the terms a caller acts on: whether
// Konnect took it, refused it, left it alone, or may have taken it. Every
// error the client returns has exactly one.
type Ending int

// The endings. "May have" means the request reached, or may have reached,
// Konnect's service with no answer saying what became of it.
const (
	// Answered: a success status with a body the client could read.
	Answered Ending = iota
	// Unreadable: a success status with a body that cannot be used (not
	// JSON, cut short). Konnect took the request, but did not say how.
	Unreadable
	// Conflict: 409. Konnect refused the request in the current state.
	Conflict
	// Rejected: any other 3xx or 4xx but 429, or 507 (no room to store
	// it). Konnect refused the request.
	Rejected
	// Unavailable: 429 or 503 on the last attempt. Konnect did not process it.
	Unavailable
	// ServerFault: 500, 502, 504 or another 5xx on the last attempt. It may
	// have been processed before the fault.
	ServerFault
	// Unreachable: no connection could be made (DNS, refused, proxy, TLS).
	// The request never left.
	Unreachable
	// NoAnswer: the request was sent and no answer came (request timeout,
	// connection reset). It may have been processed.
	NoAnswer
	// StoppedBeforeSending: the caller's context ended while no attempt was
	// under way (between retries, or before the first). Not sent.
	StoppedBeforeSending
	// StoppedInFlight: the caller's context ended during an attempt. It may
	// have been processed.
	StoppedInFlight
)

var endingNames = map[Ending]string{
	Answered: "answered", Unreadable: "unreadable", Conflict: "conflict", Rejected: "rejected",
	Unavailable: "unavailable", ServerFault: "server fault", Unreachable: "unreachable", NoAnswer: "no answer",
	StoppedBeforeSending: "stopped before sending", StoppedInFlight: "stopped in flight",
}

func (e Ending) String() string { return endingNames[e] }

// EndingOf reads the ending of an error the client returned; nil is Answered.
// It asks the error itself, so the answer does not depend on the order of
// any checks.
func EndingOf(err error) Ending {
	if err == nil {
		return Answered
	}
	var f interface{ Ending() Ending }
	if errors.As(err, &f) {
		return f.Ending()
	}
	return NoAnswer // not the client's: assume the worst, that it may have arrived
}

// Ending of an unexpected status.
func (e *Error) Ending() Ending {
	switch s := e.StatusCode; {
	case s == http.StatusConflict:
		return Conflict
	case s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable:
		return Unavailable
	case s == http.StatusInsufficientStorage:
		// The server could not store what the request asked it to (RFC
		// 4918): it did not carry it out, and a retry does not help.
		return Rejected
	case s >= 500:
		return ServerFault
	case s >= 300:
		return Rejected
	default: // a success status the call does not know
		return Unreadable
	}
}

// Ending of an answer that could not be used.
func (e *AnswerError) Ending() Ending { return Unreadable }

// Ending of a request that got no answer.
func (e *RequestError) Ending() Ending { return e.ending }
