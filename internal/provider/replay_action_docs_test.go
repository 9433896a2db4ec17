package provider

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
)

// The action pages are written by hand, as tfplugindocs renders an action's
// schema only with a Terraform that knows actions (1.14 and later), and the
// docs must come out the same with the Terraform the checks run. Their
// "## Schema" section must say what the schema says, as tfplugindocs
// would: on a failure, the message holds the section to paste.
func TestActionPagesShowTheSchema(t *testing.T) {
	for _, kind := range []replayActionKind{portalReplayAction, organizationReplayAction} {
		t.Run(kind.typeSuffix, func(t *testing.T) {
			page := filepath.Join("..", "..", "templates", "actions", kind.typeSuffix+".md.tmpl")
			text, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			_, section, ok := strings.Cut(string(text), "\n## Schema\n")
			if !ok {
				t.Fatalf("%s has no ## Schema section", page)
			}
			var resp action.SchemaResponse
			newReplayAction(kind)().Schema(context.Background(), action.SchemaRequest{}, &resp)
			if want := schemaSection(resp.Schema); strings.TrimSpace(section) != want {
				t.Errorf("the ## Schema section of %s differs from the schema; it should read:\n\n%s", page, want)
			}
		})
	}
}

// schemaSection writes a schema's attributes as tfplugindocs does: required,
// then optional, each by name.
func schemaSection(s schema.Schema) string {
	var required, optional []string
	for name, a := range s.Attributes {
		typ := "String"
		if _, ok := a.(schema.BoolAttribute); ok {
			typ = "Boolean"
		}
		line := "- `" + name + "` (" + typ + ") " + a.GetMarkdownDescription()
		if a.IsRequired() {
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
