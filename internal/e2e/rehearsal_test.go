package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// The mock's README rehearses an incident step by step, with curl lines for
// its controls and terraform lines for the user. This runs those steps as
// written: its configuration, then each curl line against the mock and each
// terraform line under the CLI. A terraform line whose comment says "fails"
// must fail, and the texts its comment quotes must be in what it prints.
func TestRehearseTheMocksIncident(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../cmd/konnect-mock/README.md")
	must(t, err)
	_, section, ok := strings.Cut(string(readme), "\n## Rehearse an incident\n")
	if !ok {
		t.Fatal("the mock's README has no section \"Rehearse an incident\"")
	}
	blocks := fencedBlocks(section)
	if len(blocks) < 3 || blocks[0].lang != "shell" || blocks[1].lang != "terraform" {
		t.Fatalf("the rehearsal is a shell block that starts the mock, the configuration, then its steps; got %d blocks", len(blocks))
	}
	// The setup block starts the mock and writes the window; the test does
	// the same in process, with the same phases, so that jobs move only
	// when a step says so.
	setup := blocks[0].text
	for _, want := range []string{"-accepted 1h -pending 1h -running 1h", "-token kpat_mock", `KONNECT_SERVER_URL="$MOCK/{region}"`, "incident.auto.tfvars"} {
		if !strings.Contains(setup, want) {
			t.Fatalf("the rehearsal's setup no longer says %q; the test starts the mock as it did", want)
		}
	}
	w := newConfigWorkspace(t, mockkonnect.Options{Accepted: time.Hour, Pending: time.Hour, Running: time.Hour}, blocks[1].text)
	w.env = append(w.env, "KONNECT_SERVER_URL="+w.url+"/{region}")
	now := time.Now().UTC().Truncate(time.Minute)
	must(t, os.WriteFile(filepath.Join(w.dir, "incident.auto.tfvars"), []byte(fmt.Sprintf("incident_start_at = %q\nincident_end_at   = %q\n",
		now.Add(-3*time.Hour).Format(time.RFC3339), now.Add(-time.Minute).Format(time.RFC3339))), 0o600))

	steps := 0
	for _, b := range blocks[2:] {
		if b.lang != "shell" {
			t.Fatalf("a step of the rehearsal is a %q block; the test runs shell steps only", b.lang)
		}
		for _, line := range shellLines(b.text) {
			words, comment := shellWords(line, map[string]string{"MOCK": w.url})
			switch words[0] {
			case "curl":
				w.control(words[1:])
			case "terraform":
				out := w.terraform(!strings.Contains(comment, "fails"), words[1:]...)
				for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(comment, -1) {
					if !strings.Contains(out, m[1]) {
						t.Errorf("terraform %s did not print %q, as the README says:\n%s", strings.Join(words[1:], " "), m[1], tail([]byte(out)))
					}
				}
			default:
				t.Fatalf("the rehearsal's step %q is neither curl nor terraform, and the test cannot run it", line)
			}
			steps++
		}
	}

	// What Konnect would have received: the window twice, once per job,
	// and nothing else but reads.
	var puts []mockkonnect.Request
	for _, r := range w.mock.Requests() {
		switch {
		case r.Method == http.MethodPut:
			puts = append(puts, r)
		case r.Method != http.MethodGet:
			t.Errorf("the mock received %s %s; the rehearsal sends only windows", r.Method, r.Path)
		}
	}
	if len(puts) != 2 || puts[0].Body != puts[1].Body || puts[0].Region != "eu" {
		t.Errorf("the rehearsal sent %d windows (%+v); want the same window twice in eu, after the failure", len(puts), puts)
	}
	if job, _ := w.mock.Job("eu", "0f3b9c52-6d1e-4a8b-9c7f-2e5d4a1b8c36"); job.Status != "completed" {
		t.Errorf("the rehearsal's job ended %s, want completed", job.Status)
	}
	t.Logf("ran %d steps", steps)
}

// control sends one curl line's request to the mock's controls: -X, -d and
// -H as curl reads them, and the URL. It must answer 2xx.
func (w *workspace) control(args []string) {
	w.t.Helper()
	method, body, url := "", "", ""
	header := http.Header{}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-sS":
		case a == "-X" && i+1 < len(args):
			i++
			method = args[i]
		case a == "-d" && i+1 < len(args):
			i++
			body = args[i]
		case a == "-H" && i+1 < len(args):
			i++
			k, v, _ := strings.Cut(args[i], ":")
			header.Set(k, strings.TrimSpace(v))
		case !strings.HasPrefix(a, "-") && url == "":
			url = a
		default:
			w.t.Fatalf("the rehearsal's curl line has %q, which the test does not read", a)
		}
	}
	if method == "" {
		method = http.MethodGet
		if body != "" {
			method = http.MethodPost
		}
	}
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	must(w.t, err)
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	must(w.t, err)
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	must(w.t, err)
	if resp.StatusCode/100 != 2 {
		w.t.Fatalf("curl -X %s %s -d %s answered %s: %s", method, url, body, resp.Status, answer)
	}
}

// block is a fenced code block of a Markdown text.
type block struct{ lang, text string }

func fencedBlocks(md string) []block {
	var out []block
	for _, m := range regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```$").FindAllStringSubmatch(md, -1) {
		out = append(out, block{lang: m[1], text: m[2]})
	}
	return out
}

// shellLines are a shell block's commands: continuation lines joined, and
// lines that are only comments or blank left out.
func shellLines(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\\\n", " "), "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// shellWords splits a command as a shell would for what the README uses:
// single and double quotes, and "$NAME" from vars outside single quotes. It
// returns the comment after an unquoted # apart.
func shellWords(line string, vars map[string]string) (words []string, comment string) {
	var cur strings.Builder
	inWord, quote := false, byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '\'' && c == '\'', quote == '"' && c == '"':
			quote = 0
		case quote == 0 && (c == '\'' || c == '"'):
			quote, inWord = c, true
		case quote != '\'' && c == '$':
			j := i + 1
			for j < len(line) && (line[j] == '_' || 'A' <= line[j] && line[j] <= 'Z') {
				j++
			}
			cur.WriteString(vars[line[i+1:j]])
			i, inWord = j-1, true
		case quote == 0 && c == '#' && !inWord:
			return words, line[i:]
		case quote == 0 && (c == ' ' || c == '\t'):
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, ""
}
