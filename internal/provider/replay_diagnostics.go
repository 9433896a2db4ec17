package provider

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// What only a window's PUT means, on top of the mapping of Konnect's errors
// in konnect_diagnostics.go.

// windowRejected maps the PUT's fields that are attributes to the summary
// of Konnect's complaint about them.
var windowRejected = map[string]string{
	"start_at": "Konnect Rejected the Replay Window",
	"end_at":   "Konnect Rejected the Replay Window",
}

// reportSendError reports a PUT of the window that failed. A 409 means a
// job of another window is running; Konnect's complaints about start_at and
// end_at point at those attributes or, where the window was not given as
// them, at the attribute that gave it.
func reportSendError(diags *diag.Diagnostics, t target, s sendReport, err error) {
	var e *konnect.Error
	if !errors.As(err, &e) {
		diags.AddError(describeError(t, "replay job", err))
		return
	}
	switch e.StatusCode {
	case http.StatusConflict:
		if s.by == byAction {
			diags.AddError("Replay Job Already Running",
				fmt.Sprintf("A replay job is already running for %s, and Konnect accepts a new window only once it has completed or failed. "+
					"Invoke the action again when it has finished, or set wait = true to wait for it automatically (within timeout).%s",
					t.where(), konnectSaid(e)))
			return
		}
		diags.AddError("Replay Job Already Running",
			fmt.Sprintf("A replay job is already running for %s, and Konnect accepts a new window only once it has completed or failed. "+
				"Apply again when it has finished, or set wait_for_completion = true to wait for it automatically "+
				"(within the timeouts block's create or update duration).%s", t.where(), konnectSaid(e)))
	case http.StatusBadRequest:
		if s.windowAttribute == "" {
			reportBadRequest(diags, subjectOf(t, "replay job"), e, windowRejected)
			return
		}
		var own diag.Diagnostics
		reportBadRequest(&own, subjectOf(t, "replay job"), e, windowRejected)
		for _, d := range own {
			if _, ok := d.(diag.DiagnosticWithPath); ok {
				detail := d.Detail()
				if s.windowNote != "" {
					detail = s.windowNote + " " + detail
				}
				diags.AddAttributeError(path.Root(s.windowAttribute), d.Summary(), detail)
				continue
			}
			diags.Append(d)
		}
	default:
		diags.AddError(describeError(t, "replay job", err))
	}
}
