package main

import "runtime/debug"

// version is the mock's version: set at build time with
// -ldflags "-X main.version=v1.2.3"; "dev" when it was not.
var version = "dev"

// versionString is what -version prints: the version set at build time,
// else the module version go install …@vX recorded, else "dev".
func versionString() string {
	return pickVersion(version, debug.ReadBuildInfo)
}

func pickVersion(set string, buildInfo func() (*debug.BuildInfo, bool)) string {
	if set != "" && set != "dev" {
		return set
	}
	// A build from a checkout records "(devel)", which says nothing.
	if info, ok := buildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
