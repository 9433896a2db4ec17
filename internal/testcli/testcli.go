// Package testcli says which CLI the acceptance and end-to-end tests run,
// Terraform or OpenTofu, for those tests only: nothing the provider ships
// imports it.
package testcli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Path is the CLI the tests run: the one TF_ACC_TERRAFORM_PATH names (make
// test-opentofu names OpenTofu there), else terraform on PATH. The tests
// never download one.
func Path() (string, error) {
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return path, nil
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform is not on PATH")
	}
	return path, nil
}

// Name is what the CLI at path calls itself, "Terraform" or "OpenTofu", from
// the first word of its version. tfversion's checks cannot tell the two
// apart: they see only the version number, which OpenTofu gives in
// Terraform's place (1.12.6 for OpenTofu v1.12.6).
func Name(path string) (string, error) {
	cmd := exec.Command(path, "version")
	// With an empty CLI configuration: OpenTofu prints the warnings about its
	// own, such as a TF_CLI_CONFIG_FILE that names no file, on standard
	// output, before the version.
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", path, err)
	}
	name, _, _ := strings.Cut(string(out), " ")
	return name, nil
}
