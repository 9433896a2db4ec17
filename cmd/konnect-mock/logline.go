package main

import (
	"log"
	"net/http"
	"strconv"
	"time"
)

// logRequests writes one line per request: method, path, status, time
// taken. It never logs headers, so the bearer token stays out of CI logs,
// and it writes the path as sent on the wire, escaped, so that a request
// cannot forge a line (a newline and "PUT … 202") or send terminal escapes
// to whoever reads the log.
func logRequests(next http.Handler, l *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		// Deferred, so that a request aborted by a panic is logged too.
		defer func() {
			status := "dropped" // nothing was sent: a drop fault, or the end of a delay nobody waited for
			if sw.status != 0 {
				status = strconv.Itoa(sw.status)
			}
			l.Printf("%s %s %s %s", logField(r.Method), logField(r.URL.EscapedPath()), status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(sw, r)
	})
}

// logField is s when it is printable ASCII without spaces, quotes or
// backslashes, as an escaped path and a method are, and s quoted in Go's
// syntax otherwise, so that it stays one field of one line.
func logField(s string) string {
	if s == "" {
		return `""`
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return strconv.Quote(s)
		}
	}
	return s
}

type statusWriter struct {
	http.ResponseWriter
	status int // 0 until something is sent
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK // what Write sends without WriteHeader
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection, which a drop
// fault takes over to close.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
