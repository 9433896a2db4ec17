package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// TestLogsOnlyWhatTerraformShows reads what the provider process itself
// writes to its standard error, which Terraform parses line by line and then
// filters by its own provider log level. Lines from the SDK, the framework or
// the provider carry "@module"; go-plugin's two start-up lines do not.
func TestLogsOnlyWhatTerraformShows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		env        string // Terraform's log setting
		want, deny []string
	}{
		{name: "no TF_LOG: nothing", env: "TF_LOG=", deny: []string{`"@module"`}},
		{
			name: "TF_LOG_PROVIDER=DEBUG: debug, no trace", env: "TF_LOG_PROVIDER=DEBUG",
			want: []string{`"@level":"debug"`, `"@message":"Konnect request"`}, deny: []string{`"@level":"trace"`},
		},
		{name: "TF_LOG=TRACE: everything", env: "TF_LOG=TRACE", want: []string{`"@level":"trace"`, `"@message":"Konnect request"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, mockkonnect.Options{}, oneJob)
			logFile := w.captureProviderStderr()
			w.env = append(w.env, tt.env)
			w.terraform(true, "apply", "-auto-approve")

			data, err := os.ReadFile(logFile)
			must(t, err)
			written := string(data)
			if !strings.Contains(written, "plugin address") {
				t.Fatalf("the provider's standard error was not captured:\n%s", tail(data))
			}
			for _, s := range tt.want {
				if !strings.Contains(written, s) {
					t.Errorf("the provider wrote no %s:\n%s", s, tail(data))
				}
			}
			for _, s := range tt.deny {
				if strings.Contains(written, s) {
					t.Errorf("the provider wrote %s, which Terraform drops:\n%s", s, around(written, s))
				}
			}
		})
	}
}

// captureProviderStderr points the workspace at a wrapper that runs the built
// provider with its standard error appended to a file, and returns the file.
func (w *workspace) captureProviderStderr() string {
	w.t.Helper()
	dir := w.t.TempDir()
	logFile := filepath.Join(dir, "provider-stderr.log")
	wrapper := fmt.Sprintf("#!/bin/sh\nexec %q 2>>%q\n", filepath.Join(providerDir, "terraform-provider-konnect"), logFile)
	must(w.t, os.WriteFile(filepath.Join(dir, "terraform-provider-konnect"), []byte(wrapper), 0o700))
	must(w.t, os.WriteFile(w.rc, []byte(fmt.Sprintf(
		"provider_installation {\n  dev_overrides {\n    \"konnect-iac/konnect\" = %q\n  }\n  direct {}\n}\n", dir)), 0o600))
	return logFile
}
