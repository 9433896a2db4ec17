package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"testing"
)

func TestPickVersion(t *testing.T) {
	t.Parallel()
	info := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Path: "github.com/konnect-iac/terraform-provider-konnect", Version: v}}, true
		}
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	tests := []struct {
		name      string
		set       string
		buildInfo func() (*debug.BuildInfo, bool)
		want      string
	}{
		{name: "set with -ldflags wins", set: "v1.2.3", buildInfo: info("v0.9.0"), want: "v1.2.3"},
		{name: "go install @version", set: "dev", buildInfo: info("v0.9.0"), want: "v0.9.0"},
		{name: "pseudo-version", set: "dev", buildInfo: info("v0.0.0-20260301120000-0123456789ab"), want: "v0.0.0-20260301120000-0123456789ab"},
		{name: "built from a checkout", set: "dev", buildInfo: info("(devel)"), want: "dev"},
		{name: "no module version", set: "dev", buildInfo: info(""), want: "dev"},
		{name: "no build info", set: "dev", buildInfo: none, want: "dev"},
		{name: "set to empty", set: "", buildInfo: info("v0.9.0"), want: "v0.9.0"},
	}
	for _, tc := range tests {
		if got := pickVersion(tc.set, tc.buildInfo); got != tc.want {
			t.Errorf("%s: pickVersion = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// -version prints and exits 0, listening nowhere, whatever the other flags.
func TestRunVersion(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-addr", "0.0.0.0:1", "-version"}, &stdout, &stderr); err != nil {
		t.Fatalf("run(-version) = %v", err)
	}
	if got, want := stdout.String(), "konnect-mock "+versionString()+"\n"; got != want || stderr.Len() != 0 {
		t.Errorf("stdout, stderr = %q, %q; want %q and nothing", got, stderr.String(), want)
	}
}
