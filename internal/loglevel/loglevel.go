// Package loglevel makes the provider write only the log lines Terraform
// will show.
//
// Terraform reads a provider's log lines from its standard error, parses each
// one, and keeps those at or above its provider log level: TF_LOG_PROVIDER,
// else TF_LOG, else none at all. terraform-plugin-go and the framework, left
// alone, log everything at TRACE. Terraform then discards it, after paying to
// parse it. With default settings that was about 120 KB of JSON per replay
// job applied, and a third of the apply's time.
package loglevel

import (
	"slices"
	"strings"
)

// The variables that set the log levels of the provider's own lines
// (TF_LOG_PROVIDER_KONNECT), of terraform-plugin-go (TF_LOG_SDK and
// TF_LOG_SDK_PROTO) and of the framework (TF_LOG_SDK_FRAMEWORK).
var providerVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_KONNECT"}

// terraformLevels are the levels Terraform accepts; it reads any other value
// as TRACE, and JSON as TRACE in JSON.
var terraformLevels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"}

// Terraform returns the level at which Terraform keeps a provider's lines,
// read from its environment the way Terraform reads it.
func Terraform(getenv func(string) string) string {
	level := strings.ToUpper(getenv("TF_LOG_PROVIDER"))
	if level == "" {
		level = strings.ToUpper(getenv("TF_LOG"))
	}
	switch {
	case level == "":
		return "OFF"
	case slices.Contains(terraformLevels, level):
		return level
	default: // JSON, and anything Terraform does not know
		return "TRACE"
	}
}

// MatchTerraform gives each of the provider's log level variables that is
// not set the level Terraform keeps, so that the provider does not write
// what Terraform would drop. A variable that is set is left as it is.
func MatchTerraform(getenv func(string) string, setenv func(string, string) error) error {
	level := Terraform(getenv)
	for _, v := range providerVars {
		if getenv(v) != "" {
			continue
		}
		if err := setenv(v, level); err != nil {
			return err
		}
	}
	return nil
}
