package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// The documented way to use this provider beside Kong's, in CI:
// examples/beside-kong as written, with a stand-in registered as kong/konnect
// under the local name konnect, and this provider under konnect-iac, run as
// the documentation's recipe says. Kong's provider keeps KONNECT_SERVER_URL
// and KONNECT_TOKEN; this one reaches the mock through its own variables.
// The portal's ID comes from Kong's resource; the window goes to the mock
// through provider = konnect-iac.
func TestBesideKongProvider(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile("../../examples/beside-kong/main.tf")
	must(t, err)
	docs, err := os.ReadFile("../../docs/index.md")
	must(t, err)
	_, recipe, ok := strings.Cut(string(docs), "Then CI starts the mock as above")
	blocks := fencedBlocks(recipe)
	if !ok || len(blocks) == 0 || blocks[0].lang != "shell" {
		t.Fatal("the documentation has no shell recipe after \"Then CI starts the mock as above\"")
	}
	// The recipe's token is the mock's -token.
	w := newConfigWorkspace(t, mockkonnect.Options{Token: "kpat_ci"}, "")
	must(t, os.WriteFile(filepath.Join(w.dir, "main.tf"), example, 0o600))
	now := time.Now().UTC().Truncate(time.Minute)
	start, end := now.Add(-6*time.Hour).Format(time.RFC3339), now.Add(-time.Minute).Format(time.RFC3339)
	must(t, os.WriteFile(filepath.Join(w.dir, "incident.auto.tfvars"),
		[]byte(fmt.Sprintf("incident_start_at = %q\nincident_end_at = %q\n", start, end)), 0o600))
	// Kong's environment: a URL this provider must not use (there is no
	// network), and a token the mock must never see.
	const kongsToken = "kpat_KongsOwnTokenNeverForTheMock0123456789abcdef"
	w.env = append(w.env, "KONNECT_SERVER_URL=https://eu.api.konghq.com", "KONNECT_TOKEN="+kongsToken)

	// The recipe: its exports, then its commands, but init, which installs
	// from a registry; the tests' dev_overrides stand in for it.
	var plan string
	for _, line := range shellLines(blocks[0].text) {
		words, _ := shellWords(strings.ReplaceAll(line, "$(cat konnect.url)", w.url), nil)
		switch {
		case words[0] == "export":
			for _, kv := range words[1:] {
				if !strings.HasPrefix(kv, "TF_VAR_konnect_iac_") {
					t.Fatalf("the recipe exports %s; it sets only this provider's variables", kv)
				}
				w.env = append(w.env, kv)
			}
		case words[0] == "terraform" && words[1] == "init":
		case words[0] == "terraform" && words[1] == "plan":
			plan = w.terraform(true, words[1:]...)
		default:
			t.Fatalf("the recipe's line %q is not one the test runs", line)
		}
	}
	for _, want := range []string{"konnect_portal.developers will be created", "konnect_portal_audit_log_replay_job.incident will be created"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan does not say %q:\n%s", want, tail([]byte(plan)))
		}
	}
	if reqs := w.mock.Requests(); len(reqs) != 0 {
		t.Fatalf("planning sent %s %s; a plan of new resources sends nothing", reqs[0].Method, reqs[0].Path)
	}
	w.terraform(true, "apply", "-auto-approve")

	// The state: each resource under its own provider, the job on the portal
	// Kong's provider made. A source without a host is in the CLI's own
	// registry.
	registry := "registry.terraform.io"
	if openTofu {
		registry = "registry.opentofu.org"
	}
	state := w.state()
	portalRes := state.resource(t, "managed", "konnect_portal", "developers")
	jobRes := state.resource(t, "managed", "konnect_portal_audit_log_replay_job", "incident")
	readRes := state.resource(t, "data", "konnect_portal_audit_log_replay_job", "incident")
	for _, c := range []struct {
		r    stateResource
		want string
	}{
		{portalRes, `provider["` + registry + `/kong/konnect"]`},
		{jobRes, `provider["` + registry + `/konnect-iac/konnect"]`},
		{readRes, `provider["` + registry + `/konnect-iac/konnect"]`},
	} {
		if c.r.Provider != c.want {
			t.Errorf("%s.%s is under %s, want %s", c.r.Type, c.r.Name, c.r.Provider, c.want)
		}
	}
	portalID := portalRes.attr(t, "id")
	if len(portalID) != 36 {
		t.Fatalf("the stand-in's portal ID is %q, want a UUID", portalID)
	}
	for attr, want := range map[string]string{
		"portal_id": portalID, "id": "eu/" + portalID, "region": "eu", "start_at": start, "end_at": end, "status": "completed",
	} {
		if got := jobRes.attr(t, attr); got != want {
			t.Errorf("the job's %s is %q, want %q", attr, got, want)
		}
	}
	if got := readRes.attr(t, "status"); got != "completed" {
		t.Errorf("the data source read status %q, want completed", got)
	}

	// What the mock got: the window, once, for that portal in eu, with the
	// mock's token only. Reads may come and go; none is about another portal.
	var puts []mockkonnect.Request
	for _, r := range w.mock.Requests() {
		if got := r.Header.Get("Authorization"); got != "Bearer kpat_ci" {
			t.Errorf("the mock received %s %s with Authorization %q; the recipe gives it the mock's token only", r.Method, r.Path, got)
		}
		if r.PortalID != portalID || r.Region != "eu" {
			t.Errorf("the mock received %s %s, which is not about portal %s in eu", r.Method, r.Path, portalID)
		}
		if r.Method == "PUT" {
			puts = append(puts, r)
		}
	}
	wantPath := "/eu/v2/portals/" + portalID + "/audit-log-replay-job"
	wantBody := fmt.Sprintf(`{"start_at":%q,"end_at":%q}`, start, end)
	if len(puts) != 1 || puts[0].Path != wantPath || puts[0].Body != wantBody {
		t.Fatalf("the mock received %d PUTs (%+v); want one to %s with %s", len(puts), puts, wantPath, wantBody)
	}

	// Nothing left to do: the next plan is empty.
	w.terraform(true, "plan", "-detailed-exitcode")

	// Without provider = konnect-iac, Terraform gives the job to Kong's
	// provider, which has no such resource: the reason for the line.
	bare := strings.Replace(string(example), "resource \"konnect_portal_audit_log_replay_job\" \"incident\" {\n  provider = konnect-iac\n",
		"resource \"konnect_portal_audit_log_replay_job\" \"incident\" {\n", 1)
	if bare == string(example) {
		t.Fatal("the example's replay job does not begin with provider = konnect-iac")
	}
	must(t, os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(bare), 0o600))
	out := w.terraform(false, "validate")
	if !strings.Contains(out, "kong/konnect does not support resource type") || !strings.Contains(out, "konnect_portal_audit_log_replay_job") {
		t.Errorf("validate without provider = konnect-iac said:\n%s", tail([]byte(out)))
	}
}

// stateFile is the parts of terraform.tfstate these tests read.
type stateFile struct {
	Resources []stateResource `json:"resources"`
}

type stateResource struct {
	Mode      string `json:"mode"`
	Type      string `json:"type"`
	Name      string `json:"name"`
	Provider  string `json:"provider"`
	Instances []struct {
		Attributes map[string]any `json:"attributes"`
	} `json:"instances"`
}

func (w *workspace) state() stateFile {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	must(w.t, err)
	var s stateFile
	must(w.t, json.Unmarshal(data, &s))
	return s
}

// resource is the one resource of that mode, type and name; the test stops
// without it.
func (s stateFile) resource(t *testing.T, mode, typ, name string) stateResource {
	t.Helper()
	for _, r := range s.Resources {
		if r.Mode == mode && r.Type == typ && r.Name == name && len(r.Instances) == 1 {
			return r
		}
	}
	t.Fatalf("the state holds no %s %s.%s with one instance", mode, typ, name)
	return stateResource{}
}

// attr is one string attribute of the resource's instance.
func (r stateResource) attr(t *testing.T, name string) string {
	t.Helper()
	v, ok := r.Instances[0].Attributes[name].(string)
	if !ok {
		t.Fatalf("%s.%s has no string %s: %v", r.Type, r.Name, name, r.Instances[0].Attributes[name])
	}
	return v
}
