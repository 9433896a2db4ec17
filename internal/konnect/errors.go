package konnect

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
)

// Error is an answer Konnect gave with a status the call did not expect.
type Error struct {
	Method     string
	URL        string
	StatusCode int
	// Problem is Konnect's problem+json body; zero when the body was not one.
	Problem Problem
	// Body is the start of a body that was not problem+json, for the message.
	Body string
	// Attempts is how many times the request was sent; more than one when
	// this answer ended a series of retries.
	Attempts int
	// RetryAfter is a wait Konnect asked for that would have outlasted the
	// caller's deadline, so the request was not tried again; 0 otherwise.
	RetryAfter time.Duration
}

// RequestError is a request that got no answer: the connection failed, or
// the context ended while sending or waiting to retry.
type RequestError struct {
	Method, URL string
	Attempts    int
	Err         error
	ending      Ending
}

func (e *RequestError) Error() string {
	msg := fmt.Sprintf("%s %s: %v", e.Method, e.URL, bare(e.Err))
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return msg
}

func (e *RequestError) Unwrap() error { return e.Err }

// Problem is an RFC 9457 problem document as Konnect sends it.
type Problem struct {
	Status            int                `json:"status"`
	Title             string             `json:"title"`
	Type              string             `json:"type"`
	Instance          string             `json:"instance"`
	Detail            string             `json:"detail"`
	InvalidParameters []InvalidParameter `json:"invalid_parameters"`
}

// InvalidParameter is one reason Konnect gave for a 400.
type InvalidParameter struct {
	Field  string `json:"field"`
	Rule   string `json:"rule"`
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// newError reads an unexpected answer, with every secret in the server's
// words masked.
func newError(method, url string, resp *http.Response, body []byte, mask *masker) *Error {
	e := &Error{Method: method, URL: url, StatusCode: resp.StatusCode}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt == "application/problem+json" || mt == "application/json" {
		// JSON with none of a problem's fields (a gateway's own error) is
		// quoted as it came, so its words are not lost.
		if json.Unmarshal(body, &e.Problem) == nil && (e.Problem.Status != 0 || e.Problem.Title != "" || e.Problem.Detail != "") {
			e.Problem.mask(mask)
			return e
		}
		e.Problem = Problem{}
	}
	e.Body = mask.text(snippet(body))
	return e
}

func (p *Problem) mask(m *masker) {
	p.Title, p.Type, p.Instance, p.Detail = m.text(p.Title), m.text(p.Type), m.text(p.Instance), m.text(p.Detail)
	for i, ip := range p.InvalidParameters {
		p.InvalidParameters[i] = InvalidParameter{Field: m.text(ip.Field), Rule: m.text(ip.Rule), Source: m.text(ip.Source), Reason: m.text(ip.Reason)}
	}
}

// Error reads as one line: what was asked, what came back, and Konnect's words.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if d := e.Problem.Detail; d != "" {
		fmt.Fprintf(&b, ": %s", d)
	} else if t := e.Problem.Title; t != "" {
		fmt.Fprintf(&b, ": %s", t)
	} else if e.Body != "" {
		fmt.Fprintf(&b, ": %s", e.Body)
	}
	for _, p := range e.Problem.InvalidParameters {
		fmt.Fprintf(&b, "; %s %s", p.Field, p.Reason)
	}
	if e.Problem.Instance != "" {
		fmt.Fprintf(&b, " (trace %s)", e.Problem.Instance)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (Konnect asked to wait %s before trying again, longer than the time left)", durationtext.Format(e.RetryAfter, durationtext.Measured))
	}
	return b.String()
}

// FromKonnect reports whether the answer is one of Konnect's own errors: a
// problem document with its status or title, as Kong documents every error.
// A 404 from a proxy, or from a gateway that matched no route (a server_url
// with a wrong path), is not.
func (e *Error) FromKonnect() bool {
	return e.Problem.Status == e.StatusCode || e.Problem.Title != ""
}

// StatusOf returns the HTTP status of an *Error in err's chain, or 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// snippet shortens a body for an error message. It cuts on a character
// boundary, replaces invalid UTF-8 (diagnostics must be valid text) and folds
// runs of white space, so an HTML error page reads as one line.
func snippet(b []byte) string {
	const n = 200
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(b), "\uFFFD")), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// AnswerError is an answer with an expected status whose body is not what the
// API documents: not JSON, cut short, or holding values the provider does not
// know. For a PUT it means Konnect took the request.
type AnswerError struct {
	Method, URL string
	StatusCode  int
	Reason      string
	Body        string
}

func (e *AnswerError) Error() string {
	return fmt.Sprintf("%s %s answered %d %s with a body the provider cannot use: %s; the body was: %s",
		e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode), e.Reason, e.Body)
}
