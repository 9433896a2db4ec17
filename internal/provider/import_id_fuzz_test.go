package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// FuzzParseImportID reads any import ID with any provider region.
func FuzzParseImportID(f *testing.F) {
	const id = "9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f"
	seeds := []struct{ id, defaultRegion string }{
		// The unit test's cases.
		{"eu/" + id, "us"},
		{id, "au"},
		{"ap/" + id, "us"},
		{"xx/" + id, "us"},
		{"EU/" + id, "us"},
		{"eu/portal-1", "us"},
		{"", "us"},
		{"eu/" + id + "/x", "us"},
		{"eu/", "us"},
		{id, ""},
		// Every region, upper-case hex, a region in the default.
		{"us/" + id, ""}, {"me/" + id, ""}, {"in/" + id, ""}, {"sg/" + id, ""},
		{"au/" + strings.ToUpper(id), "eu"},
		{id, "eu/"}, {id, "xx"}, {id, "us\n"},
		// Near misses: separators, white space, line ends the regexp must not
		// let through, braces, a missing or extra digit, non-hex letters.
		{"/" + id, "us"}, {"eu//" + id, "us"}, {"eu/" + id + "/", "us"},
		{" eu/" + id, "us"}, {"eu/" + id + " ", "us"}, {"eu/" + id + "\n", "us"}, {"eu/\n" + id, "us"},
		{"eu/{" + id + "}", "us"}, {"eu/" + id[:35], "us"}, {"eu/" + id + "0", "us"},
		{"eu/" + strings.ReplaceAll(id, "-", ""), "us"}, {"eu/9g5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f", "us"},
		{"eu\\" + id, "us"}, {"eu:" + id, "us"},
		// Invalid UTF-8, NUL, look-alike characters.
		{"\xff/" + id, "us"}, {"eu/" + id[:8] + "\xff" + id[9:], "us"}, {"eu\x00/" + id, "us"},
		{"еu/" + id, "us"}, {"eu/" + strings.ReplaceAll(id, "-", "‐"), "us"},
	}
	for _, s := range seeds {
		f.Add(s.id, s.defaultRegion)
	}

	f.Fuzz(func(t *testing.T, id, defaultRegion string) {
		region, scopeID, err := parseTargetID(id, defaultRegion, "portal_id")
		if err != nil {
			msg := err.Error()
			if region != "" || scopeID != "" {
				t.Fatalf("parseTargetID(%q, %q) failed but returned %q, %q", id, defaultRegion, region, scopeID)
			}
			if msg == "" || !strings.Contains(msg, fmt.Sprintf("%q", id)) {
				t.Fatalf("parseTargetID(%q, %q): message %q does not quote the ID", id, defaultRegion, msg)
			}
			if !strings.Contains(msg, "<region>/<portal_id>") {
				t.Fatalf("parseTargetID(%q, %q): message %q does not say the expected forms", id, defaultRegion, msg)
			}
			// %q escapes what is not valid UTF-8, so the diagnostic is text.
			if !utf8.ValidString(msg) {
				t.Fatalf("parseTargetID(%q, %q): message %q is not valid UTF-8", id, defaultRegion, msg)
			}
			return
		}

		if !slices.Contains(konnect.Regions, region) {
			t.Fatalf("parseTargetID(%q, %q): region %q is not a Konnect region", id, defaultRegion, region)
		}
		if !fuzzIsUUID(scopeID) || !uuidPattern.MatchString(scopeID) {
			t.Fatalf("parseTargetID(%q, %q): scope %q is not a UUID", id, defaultRegion, scopeID)
		}
		// The ID is either the region and the scope, or a bare scope in the
		// provider's region; the scope comes back in lower case, as a UUID's
		// case means nothing.
		if scopeID != strings.ToLower(scopeID) {
			t.Fatalf("parseTargetID(%q, %q): scope %q is not in lower case", id, defaultRegion, scopeID)
		}
		bare := strings.EqualFold(id, scopeID) && region == defaultRegion
		full := strings.HasPrefix(id, region+"/") && strings.EqualFold(id[len(region)+1:], scopeID)
		if !bare && !full {
			t.Fatalf("parseTargetID(%q, %q) = %q, %q, which is not what the ID says", id, defaultRegion, region, scopeID)
		}
		// The ID written to state reads back as the same job, whatever the
		// provider's region.
		for _, def := range []string{"", defaultRegion, "us"} {
			r2, s2, err := parseTargetID(targetID(region, scopeID), def, "portal_id")
			if err != nil || r2 != region || s2 != scopeID {
				t.Fatalf("targetID(%q, %q) = %q reads back as %q, %q, %v", region, scopeID, targetID(region, scopeID), r2, s2, err)
			}
		}
	})
}

// fuzzIsUUID checks the 8-4-4-4-12 hex form character by character, independently
// of uuidPattern.
func fuzzIsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
