package mockkonnect

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Every FaultKind constant, wherever in the package it is declared, has
// exactly one row in faultKinds, and every row is a declared constant: a
// kind without a row would be refused by SetFaults, and listed nowhere.
func TestEveryKindHasARow(t *testing.T) {
	t.Parallel()
	declared := faultKindConstants(t)
	if len(declared) == 0 {
		t.Fatal("found no FaultKind constants; has the type been renamed?")
	}
	rows := map[FaultKind]int{}
	for _, k := range faultKinds {
		rows[k.kind]++
	}
	for name, kind := range declared {
		if rows[kind] != 1 {
			t.Errorf("%s (%q) has %d rows in faultKinds, want 1", name, kind, rows[kind])
		}
	}
	for kind := range rows {
		if !slices.Contains(slices.Collect(maps.Values(declared)), kind) {
			t.Errorf("faultKinds has a row for %q, which no FaultKind constant declares", kind)
		}
	}
}

// A row says everything ServeHTTP, validate and FaultUsage need, and nothing
// that one of them would ignore.
func TestKindRowsAreComplete(t *testing.T) {
	t.Parallel()
	for _, k := range faultKinds {
		if k.usage == "" {
			t.Errorf("%s: no usage", k.kind)
		}
		if k.effect < effectDelay || k.effect > effectHold {
			t.Errorf("%s: no effect", k.kind)
		}
		if (k.answer != nil) != (k.effect == effectAnswer) {
			t.Errorf("%s: an answer must be given exactly when the effect is effectAnswer", k.kind)
		}
		// Delay is what a delaying or holding kind waits, and means nothing to the others.
		if k.delay != (k.effect == effectDelay || k.effect == effectHold) {
			t.Errorf("%s: delay = %v with effect %d", k.kind, k.delay, k.effect)
		}
		if (k.retryAfter || k.verbatim) && k.effect != effectAnswer {
			t.Errorf("%s: retryAfter or verbatim is only for an answering kind", k.kind)
		}
	}
}

func TestFaultUsage(t *testing.T) {
	t.Parallel()
	usage := FaultUsage()
	for _, k := range faultKinds {
		line := "\n  " + string(k.kind) + " "
		if got := strings.Contains("\n"+usage, line); got != k.commandLine {
			t.Errorf("usage lists %q: %v, want %v (it has a command-line form: %v):\n%s", k.kind, got, k.commandLine, k.commandLine, usage)
		}
	}
	for _, s := range faultSettings {
		if !strings.Contains(usage, "\n  "+s.key+"="+s.value+" ") {
			t.Errorf("usage lacks the key %s=%s:\n%s", s.key, s.value, usage)
		}
	}
	for _, want := range []string{
		"  stall      handle the request, then hold the answer back for delay=D, or\n" +
			"             until the client gives up (an accepted PUT whose answer is lost)\n",
		"  delay=D          how long a latency or stall fault waits\n",
		"  retry-after=S    Retry-After seconds, for 503 and 429\n",
		"503, 429, 502 and drop leave jobs untouched; truncate and stall change them as usual.",
	} {
		if !strings.Contains(usage, want) && !strings.Contains(strings.Join(strings.Fields(usage), " "), want) {
			t.Errorf("usage lacks %q:\n%s", want, usage)
		}
	}
	for line := range strings.Lines(usage) {
		if n := len(strings.TrimSuffix(line, "\n")); n > usageWidth {
			t.Errorf("line of %d columns, over %d: %q", n, usageWidth, line)
		}
	}
	if !strings.HasSuffix(usage, ".\n") || strings.HasSuffix(usage, "\n\n") {
		t.Errorf("usage should end with one newline:\n%q", usage)
	}
}

// faultKindConstants reads the package's source for constants of type
// FaultKind: name → value.
func faultKindConstants(t *testing.T) map[string]FaultKind {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]FaultKind{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "FaultKind" {
					continue
				}
				for i, n := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: %s is not a string literal", fset.Position(n.Pos()), n.Name)
					}
					v, _ := strconv.Unquote(lit.Value)
					found[n.Name] = FaultKind(v)
				}
			}
		}
	}
	return found
}
