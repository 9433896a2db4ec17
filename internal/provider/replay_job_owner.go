package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// ownerGone decides what a 404 on a refresh means. Only when Konnect confirms
// that the object owning the job is gone (the owner itself answers Konnect's
// own 404, a problem document) is the job gone; any other 404 (a proxy, a
// server_url with a wrong path, a passing routing fault) is an error naming
// the URL that answered, and the job stays in the state: removing it would
// make the next apply send its window again. The organization is never gone.
func ownerGone(ctx context.Context, client *konnect.Client, t target, notFound error, diags *diag.Diagnostics) bool {
	s, where := t.scope(), t.where()
	url := ""
	var e *konnect.Error
	if errors.As(notFound, &e) {
		url = e.URL
	}
	if e != nil && !e.FromKonnect() {
		diags.AddError("Replay Job Not Found",
			fmt.Sprintf("GET %s answered 404 for %s, but not with one of Konnect's own errors: most likely a proxy, or a server_url whose path is wrong. "+
				"The job is kept in the state.%s", url, where, saidText(notFound)))
		return false
	}
	if s.Owner == "" {
		diags.AddError("Replay Job Not Found",
			fmt.Sprintf("GET %s answered 404 for %s, which Konnect never answers for this job. Check the provider's server_url; the job is kept in the state.%s",
				url, where, saidText(notFound)))
		return false
	}
	ownerURL := client.BaseURL(s.Region) + s.Owner
	exists, err := client.Exists(ctx, s.Region, s.Owner)
	switch {
	case err != nil:
		diags.AddError("Replay Job Not Found",
			fmt.Sprintf("GET %s answered 404 for %s, and checking whether the owner still exists (GET %s) failed, so the job is kept in the state "+
				"and the next refresh tries again.%s\n\nThe check failed with: %s", url, where, ownerURL, saidText(notFound), explain(err)))
	case exists:
		diags.AddError("Replay Job Not Found",
			fmt.Sprintf("GET %s answered 404 for %s, but the owner exists (GET %s answered 200), so this is not Konnect saying the job is gone: "+
				"most likely a proxy, or a server_url whose path is wrong. The job is kept in the state.%s",
				url, where, ownerURL, saidText(notFound)))
	default:
		return true
	}
	return false
}
