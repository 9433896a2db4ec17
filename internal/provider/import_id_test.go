package provider

import (
	"strings"
	"testing"
)

func TestParseJobID(t *testing.T) {
	t.Parallel()
	const id = "9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f"
	cases := []struct {
		name, in, defaultRegion string
		wantRegion, wantErr     string
	}{
		{"region and portal", "eu/" + id, "us", "eu", ""},
		{"bare portal takes the provider's region", id, "au", "au", ""},
		{"old ap region", "ap/" + id, "us", "ap", ""},
		{"upper-case portal reads as lower case", "eu/" + strings.ToUpper(id), "us", "eu", ""},
		{"unknown region", "xx/" + id, "us", "", `"xx" is not a Konnect region`},
		{"region case matters", "EU/" + id, "us", "", `"EU" is not a Konnect region`},
		{"not a uuid", "eu/portal-1", "us", "", `"portal-1" is not a UUID`},
		{"empty", "", "us", "", `"" is not a UUID`},
		{"too many parts", "eu/" + id + "/x", "us", "", "is not a UUID"},
		{"trailing slash", "eu/", "us", "", `"" is not a UUID`},
		{"bare portal, region unknown", id, "", "", "names no region"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			region, portal, err := parseTargetID(tc.in, tc.defaultRegion, "portal_id")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), "<region>/<portal_id>") {
					t.Errorf("err %q does not name the expected forms", err)
				}
				return
			}
			if err != nil || region != tc.wantRegion || portal != id {
				t.Fatalf("parseTargetID(%q) = %q, %q, %v; want %q, %q", tc.in, region, portal, err, tc.wantRegion, id)
			}
		})
	}
}

// An import block's identity is held to the rules of the import ID.
func TestParseIdentity(t *testing.T) {
	t.Parallel()
	const id = "9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f"
	cases := []struct {
		name, region, portal, scopeAttr string
		wantRegion, wantPortal, wantErr string
	}{
		{name: "portal", region: "eu", portal: id, scopeAttr: "portal_id", wantRegion: "eu", wantPortal: id},
		{name: "upper-case portal reads as lower case", region: "eu", portal: strings.ToUpper(id), scopeAttr: "portal_id", wantRegion: "eu", wantPortal: id},
		{name: "old ap region", region: "ap", portal: id, scopeAttr: "portal_id", wantRegion: "ap", wantPortal: id},
		{name: "organization", region: "au", wantRegion: "au"},
		{name: "unknown region", region: "xx", portal: id, scopeAttr: "portal_id", wantErr: `its region "xx" is not a Konnect region; expected a region, one of us, eu`},
		{name: "region case matters", region: "EU", scopeAttr: "", wantErr: `its region "EU" is not a Konnect region`},
		{name: "empty region", region: "", portal: id, scopeAttr: "portal_id", wantErr: `its region "" is not a Konnect region`},
		{name: "not a uuid", region: "eu", portal: "portal-1", scopeAttr: "portal_id", wantErr: `its portal_id "portal-1" is not a UUID; expected a UUID such as ` + id},
		{name: "both wrong, both named", region: "mars", portal: "portal-1", scopeAttr: "portal_id",
			wantErr: `the identity does not name a replay job: its region "mars" is not a Konnect region; expected a region, one of us, eu, au, me, in, sg, ap; and its portal_id "portal-1" is not a UUID`},
		{name: "a whole import ID is not a uuid", region: "eu", portal: "eu/" + id, scopeAttr: "portal_id", wantErr: `portal_id "eu/` + id + `" is not a UUID`},
		{name: "empty portal", region: "eu", portal: "", scopeAttr: "portal_id", wantErr: `portal_id "" is not a UUID`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			region, portal, err := parseTargetIdentity(tc.region, tc.portal, tc.scopeAttr)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || region != tc.wantRegion || portal != tc.wantPortal {
				t.Fatalf("parseTargetIdentity(%q, %q) = %q, %q, %v; want %q, %q", tc.region, tc.portal, region, portal, err, tc.wantRegion, tc.wantPortal)
			}
		})
	}
}
