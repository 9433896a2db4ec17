package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// bodyAttributes are the request fields that are also attribute names, so
// Konnect's complaints about them point at the attribute.
var bodyAttributes = map[string]bool{"start_at": true, "end_at": true}

// reportError turns a failed request into a diagnostic that says which job
// (where names its owner and region), what Konnect said, and what to do. The
// request's Ending picks the message, so no order of checks decides it.
func reportError(diags *diag.Diagnostics, where string, err error) {
	subject := "the replay job of " + where
	var e *konnect.Error
	switch konnect.EndingOf(err) {
	case konnect.Unreadable:
		if errors.As(err, &e) {
			break // a success status the call did not expect: reported below
		}
		diags.AddError("Unusable Answer from Konnect",
			fmt.Sprintf("Konnect answered the request for %s, but not as its API documents, so the provider cannot use the answer. "+
				"This is most likely a passing fault of Konnect or of a proxy in between; apply again, and if it persists, report it with this message.\n\n%s",
				subject, err))
		return
	case konnect.StoppedBeforeSending, konnect.StoppedInFlight:
		diags.AddError("Konnect Request Interrupted",
			fmt.Sprintf("The request for %s was stopped before Konnect answered (%s). Nothing was changed by it; the next plan reads the job again.", subject, err))
		return
	case konnect.Unreachable, konnect.NoAnswer:
		diags.AddError("Konnect Request Failed", fmt.Sprintf("Could not reach Konnect for %s: %s\n\n"+
			"Check the network, any proxy (HTTPS_PROXY, NO_PROXY) and the provider's server_url.", subject, err))
		return
	}
	if !errors.As(err, &e) {
		diags.AddError("Konnect Request Failed", fmt.Sprintf("The request for %s failed: %s", subject, err))
		return
	}
	said := konnectSaid(e)
	switch e.StatusCode {
	case http.StatusBadRequest:
		reportBadRequest(diags, subject, e, said)
	case http.StatusUnauthorized:
		diags.AddError("Konnect Rejected the Access Token",
			fmt.Sprintf("Konnect did not accept the access token for %s. Check that the token in personal_access_token or "+
				"system_account_access_token (or KONNECT_TOKEN or KONNECT_SPAT) is valid, not expired, and of this organization.%s", subject, said))
	case http.StatusForbidden:
		diags.AddError("Not Allowed by Konnect",
			fmt.Sprintf("The access token may not manage %s. Give its account a role that may manage the audit logs of %s.%s",
				subject, where, said))
	case http.StatusNotFound:
		diags.AddError("Not Found in Konnect",
			fmt.Sprintf("Konnect found no %s. Check the ID and the region: a portal exists in one region only.%s", where, said))
	case http.StatusConflict:
		diags.AddError("Replay Job Already Running",
			fmt.Sprintf("A replay job is already running for %s, and Konnect accepts a new window only once it has completed or failed. "+
				"Apply again when it has finished, or set wait_for_completion = true to wait for it automatically "+
				"(within the timeouts block's create or update duration).%s", where, said))
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		asked := ""
		if e.RetryAfter > 0 {
			asked = fmt.Sprintf(" Konnect asked to wait %s before trying again, longer than the time left, so the provider did not wait.", roundDuration(e.RetryAfter))
		}
		diags.AddError("Konnect Unavailable",
			fmt.Sprintf("Konnect answered %d %s for %s%s. This is a rate limit or an outage, usually brief: apply again later, "+
				"or raise the provider's max_retries (or read_timeout) to ride out longer ones.%s%s",
				e.StatusCode, http.StatusText(e.StatusCode), subject, attempts(e.Attempts), asked, said))
	default:
		diags.AddError("Konnect Request Failed", fmt.Sprintf("Konnect answered an unexpected %d for %s.%s", e.StatusCode, subject, said))
	}
}

// reportReadError is reportError for a read, which read_timeout bounds.
func reportReadError(diags *diag.Diagnostics, where string, err error, readTimeout time.Duration) {
	if errors.Is(err, clock.ErrTimedOut) {
		diags.AddError("Timed Out Reading the Replay Job",
			fmt.Sprintf("Reading the replay job of %s took longer than the provider's read_timeout of %s, retries included (%s). "+
				"Konnect may be rate-limiting or slow; try again later, or raise read_timeout.", where, durationText(readTimeout), err))
		return
	}
	reportError(diags, where, err)
}

// explain is a failed request's error with Konnect's own words, for a
// diagnostic that quotes it.
func explain(err error) string {
	if err == nil {
		return ""
	}
	return err.Error() + saidText(err)
}

// saidText is konnectSaid for an error that carries Konnect's answer, else "".
func saidText(err error) string {
	var e *konnect.Error
	if errors.As(err, &e) {
		return konnectSaid(e)
	}
	return ""
}

// reportBadRequest points each of Konnect's invalid_parameters at its
// attribute where there is one.
func reportBadRequest(diags *diag.Diagnostics, subject string, e *konnect.Error, said string) {
	var other []string
	for _, p := range e.Problem.InvalidParameters {
		if bodyAttributes[p.Field] {
			diags.AddAttributeError(path.Root(p.Field), "Konnect Rejected the Replay Window",
				fmt.Sprintf("Konnect rejected %s for %s: %s %s.%s", p.Field, subject, p.Field, p.Reason, said))
			continue
		}
		other = append(other, fmt.Sprintf("\n- %s: %s", p.Field, p.Reason))
	}
	if len(other) > 0 || len(e.Problem.InvalidParameters) == 0 {
		diags.AddError("Konnect Rejected the Request",
			fmt.Sprintf("Konnect rejected the request for %s.%s%s", subject, strings.Join(other, ""), said))
	}
}

func attempts(n int) string {
	if n > 1 {
		return fmt.Sprintf(" after %d attempts", n)
	}
	return ""
}

// konnectSaid quotes Konnect's own words and trace ID, which Kong's support asks for.
func konnectSaid(e *konnect.Error) string {
	var b strings.Builder
	b.WriteString("\n\nKonnect said: ")
	switch {
	case e.Problem.Detail != "":
		b.WriteString(e.Problem.Detail)
	case e.Problem.Title != "":
		b.WriteString(e.Problem.Title)
	case e.Body != "":
		b.WriteString(e.Body)
	default:
		b.WriteString(http.StatusText(e.StatusCode))
	}
	if e.Problem.Instance != "" {
		fmt.Fprintf(&b, "\nTrace: %s", e.Problem.Instance)
	}
	fmt.Fprintf(&b, "\nRequest: %s %s answered %d", e.Method, e.URL, e.StatusCode)
	return b.String()
}

func addWindowProblems(diags *diag.Diagnostics, problems []windowProblem) {
	for _, p := range problems {
		diags.AddAttributeError(path.Root(p.attribute), p.summary, p.detail)
	}
}

// webhookStatusHint is where Konnect reports on the webhook a job sends to.
func webhookStatusHint(ref konnect.ReplayJobRef) string {
	return strings.TrimSuffix(ref.Path, "audit-log-replay-job") + "audit-log-webhook/status"
}
