package konnect

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// hidden is what a masked secret reads as.
const hidden = "***"

// minEncoded is the shortest base64 form of a secret that is masked: a
// shorter one would hide ordinary words, and only a secret under 7 bytes
// has one.
const minEncoded = 8

// masker hides secrets in text that came from a server. It is the client's
// one place for masking: each answer's body is masked as it is read, and
// each string decoded from it before the client hands it out, so that no
// error, log, state or output built from an answer can show a secret.
//
// A server, or a proxy in front of it, may echo a token spelled otherwise
// than it was sent. For each secret, masker hides:
//
//   - the secret itself;
//   - its base64, standard and URL-safe, padded or not, and the same of
//     "Bearer <secret>" and "bearer <secret>", as an echoed Authorization
//     header may come back encoded;
//   - the characters of its base64 that the secret alone decides, at each
//     of the three offsets it can have in a longer text encoded at once
//     (a whole header or request): at most 4 bits at either end stay
//     visible;
//   - any of these with some or all characters written as JSON escapes
//     (\u006b, \/, \"), so that a raw body shown in an error hides them as
//     its decoded strings do.
//
// Nothing else in the text changes. Other encodings (percent-encoding, hex,
// base64 broken across lines) are not looked for: Konnect's tokens are
// letters, digits and "_", which percent-encoding leaves as they are.
type masker struct {
	forms   [][]rune       // every spelling to hide, longest first
	byFirst map[rune][]int // forms by their first character, longest first
}

// newMasker masks every non-empty secret.
func newMasker(secrets []string) *masker {
	var forms []string
	add := func(f string, minLen int) {
		if len(f) >= minLen && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	encodings := []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		add(s, 1)
		for _, enc := range encodings {
			for _, prefix := range []string{"", "Bearer ", "bearer "} {
				add(enc.EncodeToString([]byte(prefix+s)), minEncoded)
			}
		}
		for _, f := range embeddedBase64(s) {
			add(f, minEncoded)
		}
	}
	// Longest first, so that a form containing another is masked whole.
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	m := &masker{byFirst: map[rune][]int{}}
	for i, f := range forms {
		r := []rune(f)
		m.forms = append(m.forms, r)
		m.byFirst[r[0]] = append(m.byFirst[r[0]], i)
	}
	return m
}

// embeddedBase64 is, for each offset s can have in a longer text encoded at
// once, the base64 characters that depend on s alone, in both alphabets.
// Character i of an encoding holds bits 6i to 6i+5; s at byte offset k
// holds bits 8k to 8(k+len(s))-1, so it alone decides characters
// ceil(8k/6) to floor(8(k+len(s))/6)-1. Offsets repeat every 3 bytes.
func embeddedBase64(s string) []string {
	var out []string
	for k := range 3 {
		enc := base64.RawStdEncoding.EncodeToString(append(make([]byte, k), s...))
		core := enc[(8*k+5)/6 : 8*(k+len(s))/6]
		out = append(out, core, strings.NewReplacer("+", "-", "/", "_").Replace(core))
	}
	return out
}

// text is s with every spelling of every secret replaced by hidden.
func (m *masker) text(s string) string {
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); {
		r, w := unit(s, i)
		if n := m.matchAt(s, i, r, w); n > 0 {
			b.WriteString(s[done:i])
			b.WriteString(hidden)
			i += n
			done = i
			continue
		}
		i += w
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// body is an answer's body, masked.
func (m *masker) body(b []byte) []byte {
	if t := m.text(string(b)); t != string(b) {
		return []byte(t)
	}
	return b
}

// ptr masks a decoded string that may be absent.
func (m *masker) ptr(p *string) {
	if p != nil {
		*p = m.text(*p)
	}
}

// err is e with its text masked. errors.Is and errors.As still see e: the
// transport's errors can quote what a server sent (a malformed status
// line), and callers tell them apart by type.
func (m *masker) err(e error) error {
	if e == nil {
		return nil
	}
	return maskedError{err: e, mask: m}
}

type maskedError struct {
	err  error
	mask *masker
}

func (e maskedError) Error() string { return e.mask.text(e.err.Error()) }
func (e maskedError) Unwrap() error { return e.err }

// matchAt is the length in s of the longest form that starts at i, whose
// first character r is w bytes long there; 0 when none does.
func (m *masker) matchAt(s string, i int, r rune, w int) int {
next:
	for _, f := range m.byFirst[r] {
		j := i + w
		for _, want := range m.forms[f][1:] {
			if j >= len(s) {
				continue next
			}
			got, n := unit(s, j)
			if got != want {
				continue next
			}
			j += n
		}
		return j - i
	}
	return 0
}

// unit reads the character at s[i], written as itself or as one of the JSON
// escapes a secret's characters can take: \", \\, \/ and \uXXXX (a pair of
// them for a character beyond the BMP). It returns the character and the
// bytes it takes.
func unit(s string, i int) (rune, int) {
	if s[i] != '\\' || i+1 >= len(s) {
		return utf8.DecodeRuneInString(s[i:])
	}
	switch c := s[i+1]; c {
	case '"', '\\', '/':
		return rune(c), 2
	case 'u':
		r, ok := hex4(s, i+2)
		if !ok {
			break
		}
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		if i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
			if low, ok := hex4(s, i+8); ok {
				if pair := utf16.DecodeRune(r, low); pair != utf8.RuneError {
					return pair, 12
				}
			}
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// hex4 reads the four hexadecimal digits at s[i].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[i:i+4], 16, 16)
	return rune(v), err == nil
}
