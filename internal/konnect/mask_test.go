package konnect

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// maskToken stands for the token in these tests. Its "~" and ">" give base64
// with "+" at every offset, so that each URL-safe form differs from the
// standard one; a Konnect token (letters, digits, "_") encodes the same in
// both alphabets.
const maskToken = "kpat_c>~6o4m6k3pr~1u0o"

// maskOther stands for another secret the client is given. Its "/" is what
// some JSON encoders write as \/, and its emoji what they write as a
// surrogate pair of \u escapes.
const maskOther = "spat_other/secret-\U0001F600"

// escaped writes the characters of s at the indexes i where pick(i) is true
// as \u escapes; hex is the format of the four digits ("%04x" or "%04X").
func escaped(s string, hex string, pick func(i int) bool) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		switch {
		case !pick(i):
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			fmt.Fprintf(&b, `\u`+hex+`\u`+hex, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			fmt.Fprintf(&b, `\u`+hex, r)
		}
	}
	return b.String()
}

func every(int) bool { return true }

// b64 encodes s with enc.
func b64(enc *base64.Encoding, s string) string { return enc.EncodeToString([]byte(s)) }

// Every spelling of a secret a server may echo is masked, and nothing else
// in the text changes.
func TestMaskerText(t *testing.T) {
	t.Parallel()
	m := newMasker([]string{maskToken, maskOther})
	cases := []struct {
		name, in, want string
	}{
		{"plain", "echo " + maskToken + " end", "echo *** end"},
		{"every character \\u-escaped", `{"m":"` + escaped(maskToken, "%04x", every) + `"}`, `{"m":"***"}`},
		{"some characters \\u-escaped, in upper-case hex", `{"m":"` + escaped(maskToken, "%04X", func(i int) bool { return i%3 == 1 }) + `"}`, `{"m":"***"}`},
		{"a slash written \\/", `{"m":"` + strings.ReplaceAll(maskOther, "/", `\/`) + `"}`, `{"m":"***"}`},
		{"a character beyond the BMP as a surrogate pair", `{"m":"` + escaped(maskOther, "%04x", func(i int) bool { return i > 15 }) + `"}`, `{"m":"***"}`},
		{"base64, padded", "Basic " + b64(base64.StdEncoding, maskToken), "Basic ***"},
		{"base64, unpadded", "Basic " + b64(base64.RawStdEncoding, maskToken), "Basic ***"},
		{"URL-safe base64, padded", "t=" + b64(base64.URLEncoding, maskToken) + "&", "t=***&"},
		{"URL-safe base64, unpadded", "t=" + b64(base64.RawURLEncoding, maskToken) + "&", "t=***&"},
		{"base64 with a character \\u-escaped", `"` + strings.ReplaceAll(b64(base64.StdEncoding, maskToken), "+", `\u002b`) + `"`, `"***"`},
		{"Bearer <token> in base64, padded", "h: " + b64(base64.StdEncoding, "Bearer "+maskToken), "h: ***"},
		{"Bearer <token> in base64, unpadded", "h: " + b64(base64.RawStdEncoding, "Bearer "+maskToken), "h: ***"},
		{"Bearer <token> in URL-safe base64, padded", "h: " + b64(base64.URLEncoding, "Bearer "+maskToken), "h: ***"},
		{"Bearer <token> in URL-safe base64, unpadded", "h: " + b64(base64.RawURLEncoding, "Bearer "+maskToken), "h: ***"},
		{"bearer <token> in base64", "h: " + b64(base64.StdEncoding, "bearer "+maskToken), "h: ***"},
		// A whole header encoded at once: the token's characters go, the
		// few that share bits with its neighbours stay.
		{"inside longer base64, at offset 0", b64(base64.StdEncoding, "echo: "+maskToken+`"}`), "ZWNobzog***yJ9"},
		{"inside longer base64, at offset 1", b64(base64.StdEncoding, "xecho: "+maskToken+`"}`), "eGVjaG86IG***8ifQ=="},
		{"inside longer base64, at offset 2", b64(base64.StdEncoding, "x-echo: "+maskToken+`"}`), "eC1lY2hvOiB***In0="},
		{"inside longer URL-safe base64, at offset 1", b64(base64.RawURLEncoding, "xecho: "+maskToken+`"}`), "eGVjaG86IG***8ifQ"},
		{"text with no secret is left as it is", `{"d":"\u0041 \\u006b kpat_c>~6o4 \ud800"}`, `{"d":"\u0041 \\u006b kpat_c>~6o4 \ud800"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := m.text(tc.in); got != tc.want {
				t.Fatalf("text(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// The strings decoded from an answer are masked after decoding, whatever the
// body held: these bodies reach decoding unmasked, as a body the masking of
// raw text had missed would.
func TestDecodedAnswersAreMasked(t *testing.T) {
	t.Parallel()
	m := newMasker([]string{maskToken, maskOther})
	esc := escaped(maskToken, "%04x", every)
	problem := func(body string) Problem {
		return newError("GET", "https://x", &http.Response{StatusCode: 400, Header: http.Header{"Content-Type": {"application/problem+json"}}}, []byte(body), m).Problem
	}
	hook := func(body string) wireWebhookStatus {
		var w wireWebhookStatus
		if err := decode([]byte(body), &w, m); err != nil {
			t.Fatal(err)
		}
		return w
	}
	cases := []struct {
		name string
		got  func() string
		want string
	}{
		{"problem detail", func() string { return problem(`{"status":400,"detail":"bad header Bearer ` + esc + `"}`).Detail }, "bad header Bearer ***"},
		{"problem title, type and instance", func() string {
			p := problem(`{"status":400,"title":"` + esc + `","type":"t/` + esc + `","instance":"kong:trace:` + esc + `"}`)
			return p.Title + " " + p.Type + " " + p.Instance
		}, "*** t/*** kong:trace:***"},
		{"invalid_parameters", func() string {
			ip := problem(`{"status":400,"invalid_parameters":[{"field":"` + esc + `","rule":"` + esc + `","source":"` + esc + `","reason":"echo ` + esc + `"}]}`).InvalidParameters[0]
			return ip.Field + " " + ip.Rule + " " + ip.Source + " " + ip.Reason
		}, "*** *** *** echo ***"},
		{"webhook status last_response_message", func() string {
			return *hook(`{"last_response_message":"401 ` + esc + `"}`).LastResponseMessage
		}, "401 ***"},
		{"webhook status and last_attempt_at", func() string {
			w := hook(`{"webhook_status":"` + esc + `","last_attempt_at":"` + esc + `"}`)
			return *w.WebhookStatus + " " + *w.LastAttemptAt
		}, "*** ***"},
		{"replay job status", func() string {
			var j wireJob
			if err := decode([]byte(`{"status":"`+esc+`"}`), &j, m); err != nil {
				t.Fatal(err)
			}
			return j.Status
		}, "***"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.got(); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// What the client hands out of an answer, values and errors alike, never
// holds a secret, however the server spelled it.
func TestServerAnswersAreMasked(t *testing.T) {
	t.Parallel()
	esc := escaped(maskToken, "%04x", every)
	bearer := b64(base64.StdEncoding, "Bearer "+maskToken)
	// job and hook read the scope's job or webhook status, and say what the
	// client handed out.
	job := func(c *Client) string {
		j, err := c.GetReplayJob(context.Background(), PortalScope("us", V2, portal))
		return fmt.Sprintf("%v %+v %+v", err, err, j)
	}
	hook := func(c *Client) string {
		w, err := c.GetWebhookStatus(context.Background(), PortalScope("us", V2, portal))
		if err != nil {
			return err.Error()
		}
		return fmt.Sprintf("status %s, %s", *w.Status, w.LastAttempt())
	}
	cases := []struct {
		name string
		a    answer
		// raw, when set, is written on the connection in place of an HTTP answer.
		raw  string
		read func(*Client) string
		want string
	}{
		{name: "a token in a problem detail", read: job,
			a:    answer{401, "application/problem+json", `{"status":401,"title":"Unauthorized","detail":"bad header Bearer ` + esc + `"}`},
			want: "401 Unauthorized: bad header Bearer ***"},
		{name: "Bearer <token> in base64 in a problem detail", read: job,
			a:    answer{401, "application/problem+json", `{"status":401,"detail":"Authorization: Basic ` + bearer + `"}`},
			want: "Authorization: Basic ***"},
		{name: "a token in invalid_parameters", read: job,
			a:    answer{400, "application/problem+json", `{"status":400,"invalid_parameters":[{"field":"start_at","reason":"echo ` + esc + `"}]}`},
			want: "; start_at echo ***"},
		{name: "a token in a webhook status", read: hook,
			a: answer{200, "application/json", `{"webhook_enabled":true,"webhook_status":"inactive","last_attempt_at":"2026-11-24T08:00:00Z",` +
				`"last_response_code":401,"last_response_message":"bad token ` + esc + ` (` + bearer + `)"}`},
			want: `status inactive, at 2026-11-24T08:00:00Z, answered 401 "bad token *** (***)"`},
		{name: "a token in a non-JSON error body", read: job,
			a:    answer{502, "text/html", `<p>Authorization: Bearer ` + maskToken + `</p><p>` + bearer + `</p><pre>"` + esc + `"</pre>`},
			want: `502 Bad Gateway: <p>Authorization: Bearer ***</p><p>***</p><pre>"***"</pre>`},
		{name: "a token in a JSON error body that is not a problem", read: job,
			a:    answer{502, "application/json", `{"message":"` + esc + `"}`},
			want: `502 Bad Gateway: {"message":"***"}`},
		{name: "a token at the end of an error body longer than its snippet", read: job,
			a:    answer{500, "text/plain", strings.Repeat("x", 190) + " " + maskToken},
			want: strings.Repeat("x", 190) + " ***"},
		{name: "a token in an AnswerError body", read: job,
			a:    answer{200, "text/plain", "echo " + esc},
			want: "the body was: echo ***"},
		{name: "a token as a replay job's status", read: job,
			a:    answer{200, "application/json", `{"status":"` + esc + `"}`},
			want: `replay job status "***" is not one the provider knows`},
		{name: "another secret, slashes escaped", read: job,
			a:    answer{403, "application/problem+json", `{"status":403,"detail":"` + strings.ReplaceAll(maskOther, "/", `\/`) + `"}`},
			want: "403 Forbidden: ***"},
		{name: "a token in a malformed status line", read: job,
			raw:  "HTTP/1.1 " + maskToken + " OK\r\n\r\n",
			want: `malformed HTTP status code "***"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tc.raw != "" {
					conn, _, err := w.(http.Hijacker).Hijack()
					if err == nil {
						io.WriteString(conn, tc.raw)
						conn.Close()
					}
					return
				}
				w.Header().Set("Content-Type", tc.a.contentType)
				w.WriteHeader(tc.a.status)
				io.WriteString(w, tc.a.body)
			}))
			t.Cleanup(srv.Close)
			c, err := New(Config{ServerURL: srv.URL, Token: maskToken, Secrets: []string{maskOther}})
			if err != nil {
				t.Fatal(err)
			}
			got := tc.read(c)
			if !strings.Contains(got, tc.want) || strings.Contains(got, maskToken) || strings.Contains(got, "kpat_") {
				t.Fatalf("the client handed out\n%s\nwant it to say %q, with no token", got, tc.want)
			}
		})
	}
}

// An error that masks its text still lets callers find what it wraps.
func TestMaskedErrorUnwraps(t *testing.T) {
	t.Parallel()
	inner := fmt.Errorf("quoting %s: %w", maskToken, io.ErrUnexpectedEOF)
	err := newMasker([]string{maskToken}).err(inner)
	if err.Error() != "quoting ***: unexpected EOF" || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %q, errors.Is(io.ErrUnexpectedEOF) = %v", err, errors.Is(err, io.ErrUnexpectedEOF))
	}
}

// A URL keeps its scheme, host and path; what may be a credential goes.
func TestMaskURLCredentials(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"https://siem.example.com/konnect/audit-logs":      "https://siem.example.com/konnect/audit-logs",
		"https://user:s3cret@siem.example.com/in":          "https://***@siem.example.com/in",
		"https://siem.example.com/in?api_key=abc&tenant=7": "https://siem.example.com/in?api_key=***&tenant=***",
		"https://siem.example.com/in?abcdef0123&x=":        "https://siem.example.com/in?***&x=***",
		"https://siem.example.com/in#access_token=abc":     "https://siem.example.com/in#***",
		"https://siem.example.com:8443/in?":                "https://siem.example.com:8443/in?",
		"siem.example.com/in?token=abc":                    "***",
		"not a url at all: kpat_secret":                    "***",
		"http://[::1]:namedport/x":                         "***",
	} {
		if got := maskURLCredentials(raw); got != want {
			t.Errorf("maskURLCredentials(%q) = %q, want %q", raw, got, want)
		}
	}
}
