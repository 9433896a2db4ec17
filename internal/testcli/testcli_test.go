package testcli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeCLI writes a shell script named name into a new directory, and
// returns its path.
func fakeCLI(t *testing.T, name, script string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake CLIs are shell scripts")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		script  string
		want    string
		wantErr string
	}{
		{name: "Terraform", script: "echo 'Terraform v1.11.4'; echo 'on linux_amd64'", want: "Terraform"},
		{
			// As OpenTofu does when its CLI configuration is missing: Name
			// must ask with an empty one, or read the warning's first word.
			name: "OpenTofu, warning about its configuration unless it is empty",
			script: `[ "$TF_CLI_CONFIG_FILE" = /dev/null ] || echo 'Warning: Unable to open CLI configuration file'
echo 'OpenTofu v1.12.6'; echo 'on linux_amd64'`,
			want: "OpenTofu",
		},
		{name: "a CLI that fails", script: "exit 1", wantErr: " version: exit status 1"},
	}
	for _, tc := range tests {
		// Written before any subtest runs one: a script still open for
		// writing in one test, inherited by another's fork, cannot be run.
		cli := fakeCLI(t, "cli", tc.script)
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Name(cli)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Name = %q, %v; want an error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Name = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// Path takes TF_ACC_TERRAFORM_PATH first, then terraform on PATH. Not
// parallel: it sets the environment.
func TestPath(t *testing.T) {
	tf := fakeCLI(t, "terraform", "exit 0")

	t.Setenv("TF_ACC_TERRAFORM_PATH", "/opt/tofu/tofu")
	t.Setenv("PATH", filepath.Dir(tf))
	if got, err := Path(); err != nil || got != "/opt/tofu/tofu" {
		t.Errorf("with TF_ACC_TERRAFORM_PATH: Path = %q, %v; want /opt/tofu/tofu", got, err)
	}

	t.Setenv("TF_ACC_TERRAFORM_PATH", "")
	if got, err := Path(); err != nil || got != tf {
		t.Errorf("without it: Path = %q, %v; want %s", got, err, tf)
	}

	t.Setenv("PATH", t.TempDir())
	if got, err := Path(); err == nil || err.Error() != "terraform is not on PATH" {
		t.Errorf("with no terraform on PATH: Path = %q, %v; want the error \"terraform is not on PATH\"", got, err)
	}
}
