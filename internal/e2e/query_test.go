package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// besideKong is a configuration with Kong's provider under the local name
// konnect and this one under konnect-iac, as examples/beside-kong has it.
const besideKong = `terraform {
  required_providers {
    konnect     = { source = "kong/konnect" }
    konnect-iac = { source = "konnect-iac/konnect" }
  }
}
provider "konnect-iac" {
  server_url = "SERVER_URL"
  region     = "eu"
}
`

// Adopting the jobs a team already has: terraform query writes a resource
// and an import block for each job, an apply imports them without sending
// anything, and the next plan is empty. Terraform 1.14 to 1.16 write
// provider = konnect (the provider's type) in both blocks; beside Kong's
// provider, which holds that local name, the docs say to write konnect-iac
// instead, and so does this test.
func TestQueryGeneratesConfigThatPlansClean(t *testing.T) {
	t.Parallel()
	tf := terraformAtLeast(t, 14, "list resources and terraform query")
	const classic, newPortal = "0a000000-0000-4000-8000-00000000000a", "0c000000-0000-4000-8000-00000000000c"
	w := newConfigWorkspace(t, mockkonnect.Options{Portals: []string{classic}, NewPortals: []string{newPortal}, PortalRegion: "eu"}, besideKong)
	now := time.Now().UTC()
	// Konnect's own spelling: fractions of a second, in UTC.
	start, end := now.Add(-5*time.Hour+123456*time.Microsecond), now.Add(-4*time.Hour)
	for _, id := range []string{classic, newPortal, ""} {
		w.mock.SetJob("eu", id, start, end)
	}
	must(t, os.WriteFile(filepath.Join(w.dir, "jobs.tfquery.hcl"), []byte(`
list "konnect_portal_audit_log_replay_job" "eu" {
  provider         = konnect-iac
  include_resource = true
}

list "konnect_audit_log_replay_job" "org" {
  provider         = konnect-iac
  include_resource = true
}
`), 0o600))
	w.terraform(true, "init")

	cmd := w.command("query", "-generate-config-out=generated.tf")
	cmd.Path, cmd.Args[0] = tf, tf
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform query: %v\n%s", err, tail(out))
	}
	generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
	must(t, err)
	text := string(generated)
	for _, want := range []string{`portal_id = "` + classic + `"`, `portal_id = "` + newPortal + `"`, "konnect_audit_log_replay_job", "import {", "identity = {"} {
		if !strings.Contains(text, want) {
			t.Fatalf("generated.tf lacks %q:\n%s", want, text)
		}
	}
	// The generated blocks align their equals signs.
	providerLine := regexp.MustCompile(`(?m)^(\s*provider\s*=\s*)konnect$`)
	if n := len(providerLine.FindAllString(text, -1)); n != 6 {
		t.Fatalf("generated.tf names provider = konnect %d times, want 6 (a resource and an import block per job):\n%s", n, text)
	}
	must(t, os.WriteFile(filepath.Join(w.dir, "generated.tf"), []byte(providerLine.ReplaceAllString(text, "${1}konnect-iac")), 0o600))

	w.mock.ResetRequests()
	apply := w.command("apply", "-auto-approve")
	apply.Path, apply.Args[0] = tf, tf
	if out, err := apply.CombinedOutput(); err != nil || !strings.Contains(string(out), "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("terraform apply: %v\n%s", err, tail(out))
	}
	plan := w.command("plan", "-detailed-exitcode")
	plan.Path, plan.Args[0] = tf, tf
	if out, err := plan.CombinedOutput(); err != nil {
		t.Fatalf("the plan after the import is not empty: %v\n%s", err, tail(out))
	}
	for _, r := range w.mock.Requests() {
		if r.Method != "GET" {
			t.Errorf("adopting the jobs sent %s %s; it must send nothing", r.Method, r.Path)
		}
	}
}
