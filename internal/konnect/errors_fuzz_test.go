package konnect

import (
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzProblemDecoder feeds newError any answer Konnect, or a proxy in front of
// it, could send, and checks the message a diagnostic is built from.
// fuzzSecret stands for the token: no server text may carry it into an error.
const fuzzSecret = "kpat_fuzzSecret0123456789"

func FuzzProblemDecoder(f *testing.F) {
	const (
		method = "GET"
		url    = "https://us.api.konghq.com/v2/x"
	)
	seeds := []struct {
		status      int
		contentType string
		body        string
	}{
		// The answers the unit tests use.
		{400, "application/problem+json", `{"status":400,"title":"Bad Request","instance":"kong:trace:111","detail":"Invalid request body",` +
			`"invalid_parameters":[{"field":"start_at","rule":"invalid","source":"body","reason":"must be within the last 7 days"},{"field":"end_at","rule":null,"reason":"is a required field"}]}`},
		{409, "application/problem+json; charset=utf-8", `{"status":409,"title":"Resource Conflict","instance":"konnect:trace:222","detail":"A replay job is currently running"}`},
		{401, "application/problem+json", `{"status":401,"title":"Unauthorized","instance":"kong:trace:333"}`},
		{404, "application/problem+json", `{"status":404,"title":"Not Found"}`},
		{502, "text/html", `<html><body>Bad gateway</body></html>`},
		{500, "application/problem+json", `{"status":`},
		// Content types: missing, plain JSON, shouting, broken parameters.
		{403, "", `{"detail":"not JSON without a content type"}`},
		{403, "application/json", `{"detail":"plain JSON counts"}`},
		{403, "APPLICATION/PROBLEM+JSON", `{"title":"case does not matter"}`},
		{403, "application/problem+json; charset", `{"title":"bad parameter"}`},
		{403, "application/problem+json;;", `{"title":"bad parameters"}`},
		{403, "text/plain; charset=utf-8", "forbidden\r\n"},
		// JSON that is valid but not a problem document.
		{500, "application/json", `null`},
		{500, "application/json", `[]`},
		{500, "application/json", `"a string"`},
		{500, "application/json", `{"status":"500"}`},
		{500, "application/json", `{"invalid_parameters":null,"instance":""}`},
		{500, "application/json", `{"invalid_parameters":[{},{},{}]}`},
		{500, "application/json", `{"DETAIL":"keys fold case","Title":"t"}`},
		{500, "application/json", `{"detail":"first","detail":"second wins"}`},
		// Invalid text: lone surrogates, raw invalid UTF-8 inside and outside JSON.
		{500, "application/json", `{"detail":"\ud800 lone surrogate","title":"\udfff"}`},
		{500, "application/json", "{\"detail\":\"raw \xff\xfe bytes\"}"},
		{500, "text/plain", "\xff\xfe\xfd not UTF-8 \xc3"},
		{500, "text/plain", "cut in the middle of a rune \xe2\x82"},
		// White space that must fold, including the Unicode line separators.
		{503, "text/html", "<html>\n\t<body>\u2028Service\u00a0Unavailable\u0085</body>\v\f</html>   "},
		{503, "text/plain", " \t\r\n "},
		{503, "text/plain", ""},
		{503, "application/json", "{\"detail\":\"two\\nlines\"}"},
		// Long bodies: the snippet stops at 200 characters.
		{500, "text/plain", strings.Repeat("x", 200)},
		{500, "text/plain", strings.Repeat("x", 201)},
		{500, "text/plain", strings.Repeat("é", 500)},
		{500, "text/plain", strings.Repeat("\U0001F600 ", 300)},
		{500, "application/json", `{"detail":"` + strings.Repeat("long ", 2000) + `"}`},
		// Statuses outside what HTTP defines.
		{0, "text/plain", "zero"},
		{-1, "text/plain", "negative"},
		{999, "application/problem+json", `{"status":999}`},
		{1 << 40, "text/plain", "huge"},
		{-1 << 62, "text/plain", "very negative"},
	}
	for _, s := range seeds {
		f.Add(s.status, s.contentType, []byte(s.body))
	}
	f.Add(401, "application/problem+json", []byte(`{"status":401,"detail":"bad header: Bearer `+fuzzSecret+`"}`))
	f.Add(502, "text/html", []byte("<p>Authorization: Bearer "+fuzzSecret+"</p>"))

	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}}
		resp.Header.Set("Content-Type", contentType)
		mask := newMasker([]string{fuzzSecret})
		body = mask.body(body) // as the client reads every answer
		e := newError(method, url, resp, body, mask)
		msg := e.Error()
		if strings.Contains(msg, fuzzSecret) {
			t.Fatalf("the secret reached the message: %q", msg)
		}

		if e.Method != method || e.URL != url || e.StatusCode != status {
			t.Fatalf("Error = %+v, want method %q, URL %q, status %d", e, method, url, status)
		}
		if got := StatusOf(e); got != status {
			t.Fatalf("StatusOf = %d, want %d", got, status)
		}
		if got := StatusOf(fmt.Errorf("wrapped: %w", e)); got != status {
			t.Fatalf("StatusOf(wrapped) = %d, want %d", got, status)
		}

		// Diagnostics travel over gRPC, which rejects invalid UTF-8.
		if !utf8.ValidString(msg) {
			t.Fatalf("Error() is not valid UTF-8: %q", msg)
		}
		// It starts by saying what was asked and what came back.
		if prefix := method + " " + url + ": " + strconv.Itoa(status); !strings.HasPrefix(msg, prefix) {
			t.Fatalf("Error() = %q, want it to start with %q", msg, prefix)
		}

		// Either Konnect's problem document or the start of the body, never both.
		problemZero := reflect.DeepEqual(e.Problem, Problem{})
		if e.Body != "" && !problemZero {
			t.Fatalf("both a problem %+v and a body %q", e.Problem, e.Body)
		}
		mt, _, _ := mime.ParseMediaType(contentType)
		if mt != "application/json" && mt != "application/problem+json" && !problemZero {
			t.Fatalf("Content-Type %q is not JSON, yet the body was read as the problem %+v", contentType, e.Problem)
		}
		// Only a JSON answer can be read as a problem; any other is quoted.
		isJSON := mt == "application/json" || mt == "application/problem+json"
		fuzzCheckSnippet(t, body, e.Body, !isJSON)

		// Konnect's words and the snippet are in the message.
		p := e.Problem
		switch {
		case p.Detail != "":
			fuzzMustContain(t, msg, ": "+p.Detail)
		case p.Title != "":
			fuzzMustContain(t, msg, ": "+p.Title)
		case e.Body != "":
			fuzzMustContain(t, msg, ": "+e.Body)
		}
		for _, ip := range p.InvalidParameters {
			fuzzMustContain(t, msg, "; "+ip.Field+" "+ip.Reason)
		}
		if p.Instance != "" {
			fuzzMustContain(t, msg, " (trace "+p.Instance+")")
		}

		// A body that is not a problem document reads as one line: the snippet
		// folds every kind of white space, line separators included.
		if problemZero {
			for _, r := range msg {
				if r != ' ' && unicode.IsSpace(r) {
					t.Fatalf("Error() of a non-problem answer has white space %U: %q", r, msg)
				}
			}
		}

		// The message is bounded: what was asked, the status and at most a
		// snippet take under 1 KiB; only Konnect's own problem fields, which
		// the message quotes whole, can add to that.
		budget := len(method) + len(url) + 1024 + len(p.Detail) + len(p.Title) + len(p.Instance)
		for _, ip := range p.InvalidParameters {
			budget += len("; ") + len(ip.Field) + len(" ") + len(ip.Reason)
		}
		if len(msg) > budget {
			t.Fatalf("Error() is %d bytes, more than the %d its parts allow (body %d bytes)", len(msg), budget, len(body))
		}
	})
}

// fuzzCheckSnippet checks the body quoted in an error against the body received:
// valid UTF-8, white space folded to single spaces, at most 200 characters
// plus an ellipsis, and made of the body's first words. When quoted, the body
// is known to be quoted, so one with words must give a snippet.
func fuzzCheckSnippet(t *testing.T, body []byte, snip string, quoted bool) {
	t.Helper()
	if !utf8.ValidString(snip) {
		t.Fatalf("snippet is not valid UTF-8: %q", snip)
	}
	if strings.TrimSpace(snip) != snip || strings.Contains(snip, "  ") {
		t.Fatalf("snippet %q has unfolded white space", snip)
	}
	for _, r := range snip {
		if r != ' ' && unicode.IsSpace(r) {
			t.Fatalf("snippet %q has white space %U", snip, r)
		}
	}
	if n := utf8.RuneCountInString(snip); n > 201 {
		t.Fatalf("snippet has %d characters, want at most 200 and an ellipsis", n)
	}
	if snip == "" && quoted && len(fuzzWords(body)) > 0 {
		t.Fatalf("body %q has words but the error quotes none", body)
	}
	if snip == "" {
		return
	}

	all := fuzzWords(body)
	total := len(all) - 1 // the spaces between words
	for _, w := range all {
		total += utf8.RuneCountInString(w)
	}
	cut := total > 200
	if cut {
		if !strings.HasSuffix(snip, "…") || utf8.RuneCountInString(snip) != 201 {
			t.Fatalf("body of %d characters: snippet %q should be 200 characters and an ellipsis", total, snip)
		}
		snip = strings.TrimSuffix(snip, "…")
	}
	got := strings.Split(snip, " ")
	if len(got) > len(all) {
		t.Fatalf("snippet %q has more words than the body %q", snip, body)
	}
	for i, w := range got {
		last := i == len(got)-1
		if w != all[i] && !(cut && last && strings.HasPrefix(all[i], w)) {
			t.Fatalf("snippet word %d is %q, body word is %q (snippet %q)", i, w, all[i], snip)
		}
	}
	if !cut && len(got) != len(all) {
		t.Fatalf("snippet %q of a short body leaves words out: %q", snip, all)
	}
}

// fuzzWords splits a body as a reader would see it: invalid UTF-8 shown as U+FFFD,
// split on any Unicode white space. It is written out rather than calling
// strings.Fields so that the test does not restate the code it checks.
func fuzzWords(body []byte) []string {
	s := strings.ToValidUTF8(string(body), "\uFFFD")
	var out []string
	var cur strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) {
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func fuzzMustContain(t *testing.T, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Fatalf("%q does not contain %q", s, sub)
	}
}
