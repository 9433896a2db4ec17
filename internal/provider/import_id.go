package provider

import (
	"fmt"
	"strings"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// parseTargetID reads a target's ID, "<region>/<scope_id>" or a bare
// "<scope_id>", which takes the provider's default region. scopeAttr names
// the ID in messages.
func parseTargetID(id, defaultRegion, scopeAttr string) (region, scopeID string, err error) {
	forms := fmt.Sprintf("expected <region>/<%[1]s> (for example eu/9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f) or a bare <%[1]s> for the provider's region; regions are %s",
		scopeAttr, strings.Join(konnect.Regions, ", "))
	region, scopeID, hasRegion := strings.Cut(id, "/")
	if !hasRegion {
		region, scopeID = defaultRegion, id
		if region == "" {
			return "", "", fmt.Errorf("%q names no region and the provider's region is not known yet; %s", id, forms)
		}
	}
	switch {
	case !konnect.IsRegion(region):
		return "", "", fmt.Errorf("%q: %q is not a Konnect region; %s", id, region, forms)
	case !uuidPattern.MatchString(scopeID):
		return "", "", fmt.Errorf("%q: %q is not a UUID; %s", id, scopeID, forms)
	}
	// A UUID's case means nothing: import it as configurations write it.
	return region, strings.ToLower(scopeID), nil
}

// targetID is a target's ID: the region and the scope. The scope's UUID is
// written in lower case, whatever case the configuration uses.
func targetID(region, scopeID string) string { return region + "/" + strings.ToLower(scopeID) }

// parseTargetIdentity holds an import block's identity to the rules of the import
// ID: a region from the list and, when scopeAttr names one, a UUID, read in
// lower case. scopeAttr is "" for the organization, which has no scope ID.
func parseTargetIdentity(region, scopeID, scopeAttr string) (string, string, error) {
	var bad []string
	if !konnect.IsRegion(region) {
		bad = append(bad, fmt.Sprintf("its region %q is not a Konnect region; expected a region, one of %s", region, strings.Join(konnect.Regions, ", ")))
	}
	if scopeAttr != "" && !uuidPattern.MatchString(scopeID) {
		bad = append(bad, fmt.Sprintf("its %s %q is not a UUID; expected a UUID such as 9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f", scopeAttr, scopeID))
	}
	if len(bad) > 0 {
		return "", "", fmt.Errorf("the identity does not name a replay job: %s", strings.Join(bad, "; and "))
	}
	return region, strings.ToLower(scopeID), nil
}
