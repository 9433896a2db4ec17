package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
)

// The action and list resource pages are written by hand, as tfplugindocs
// renders their schemas only with a Terraform that knows them (1.14 and
// later), and the docs must come out the same with the Terraform the checks
// run. Their "## Schema" section must say what the schema says, as
// tfplugindocs would: on a failure, the message holds the section to paste.
func TestActionPagesShowTheSchema(t *testing.T) {
	for _, kind := range []replayActionKind{portalReplayAction, organizationReplayAction} {
		t.Run(kind.typeSuffix, func(t *testing.T) {
			page, section := pageSchemaSection(t, "actions", kind.typeSuffix)
			var resp action.SchemaResponse
			newReplayAction(kind)().Schema(context.Background(), action.SchemaRequest{}, &resp)
			if want := schemaSection(actionAttributes(resp.Schema)); strings.TrimSpace(section) != want {
				t.Errorf("the ## Schema section of %s differs from the schema; it should read:\n\n%s", page, want)
			}
		})
	}
}

func TestListResourcePagesShowTheSchema(t *testing.T) {
	for _, kind := range []replayJobKind{portalReplayJob, organizationReplayJob} {
		t.Run(kind.typeSuffix, func(t *testing.T) {
			page, section := pageSchemaSection(t, "list-resources", kind.typeSuffix)
			var resp list.ListResourceSchemaResponse
			newReplayJobList(kind)().ListResourceConfigSchema(context.Background(), list.ListResourceSchemaRequest{}, &resp)
			var attrs []docAttribute
			for name, a := range resp.Schema.Attributes {
				typ := "String"
				switch a.(type) {
				case lschema.BoolAttribute:
					typ = "Boolean"
				case lschema.ListAttribute:
					typ = "List of String"
				}
				attrs = append(attrs, docAttribute{name: name, typ: typ, description: a.GetMarkdownDescription(), required: a.IsRequired()})
			}
			if want := schemaSection(attrs); strings.TrimSpace(section) != want {
				t.Errorf("the ## Schema section of %s differs from the schema; it should read:\n\n%s", page, want)
			}
		})
	}
}

// pageSchemaSection is the "## Schema" section of a hand-written page.
func pageSchemaSection(t *testing.T, dir, name string) (page, section string) {
	t.Helper()
	page = filepath.Join("..", "..", "templates", dir, name+".md.tmpl")
	text, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(text), "\n## Schema\n")
	if !ok {
		t.Fatalf("%s has no ## Schema section", page)
	}
	return page, section
}

// docAttribute is an attribute as a schema section lists it.
type docAttribute struct {
	name, typ, description string
	required               bool
}

// actionAttributes are an action schema's attributes, for schemaSection.
func actionAttributes(s schema.Schema) []docAttribute {
	var attrs []docAttribute
	for name, a := range s.Attributes {
		typ := "String"
		if _, ok := a.(schema.BoolAttribute); ok {
			typ = "Boolean"
		}
		attrs = append(attrs, docAttribute{name: name, typ: typ, description: a.GetMarkdownDescription(), required: a.IsRequired()})
	}
	return attrs
}

// schemaSection writes attributes as tfplugindocs does: required, then
// optional, each by name.
func schemaSection(attrs []docAttribute) string {
	var required, optional []string
	for _, a := range attrs {
		line := "- `" + a.name + "` (" + a.typ + ") " + a.description
		if a.required {
			required = append(required, line)
		} else {
			optional = append(optional, line)
		}
	}
	slices.Sort(required)
	slices.Sort(optional)
	var b strings.Builder
	if len(required) > 0 {
		b.WriteString("### Required\n\n" + strings.Join(required, "\n") + "\n\n")
	}
	b.WriteString("### Optional\n\n" + strings.Join(optional, "\n"))
	return b.String()
}

// No example expires: a fixed window in a configuration is refused once it
// is more than 7 days old, so the examples and the snippets of the README
// and the docs take their windows from variables or last.
func TestNoExampleExpires(t *testing.T) {
	fixed := regexp.MustCompile(`(?m)^\s*(start_at|end_at)\s*=\s*"\d{4}-`)
	var files []string
	for _, root := range []string{"../../examples", "../../templates"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range append(files, "../../README.md", "../../cmd/konnect-mock/README.md") {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fixed.FindAllString(string(text), -1) {
			t.Errorf("%s: %q is a fixed window, which expires; use a variable or last", f, strings.TrimSpace(m))
		}
	}
}
