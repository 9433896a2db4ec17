package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// bodyAttributes are the request fields that are also attribute names, so
// Konnect's complaints about them point at the attribute.
var bodyAttributes = map[string]bool{"start_at": true, "end_at": true}

// reportError turns a failed request into a diagnostic that says which job
// (where names its owner and region), what Konnect said, and what to do.
func reportError(diags *diag.Diagnostics, where string, err error) {
	subject := "the replay job of " + where
	var (
		e      *konnect.Error
		answer *konnect.AnswerError
	)
	switch {
	case errors.As(err, &answer):
		diags.AddError("Unusable Answer from Konnect",
			fmt.Sprintf("Konnect answered the request for %s, but not as its API documents, so the provider cannot use the answer. "+
				"This is most likely a passing fault of Konnect or of a proxy in between; apply again, and if it persists, report it with this message.\n\n%s",
				subject, err))
		return
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		diags.AddError("Konnect Request Interrupted",
			fmt.Sprintf("The request for %s was stopped before Konnect answered (%s), so it may or may not have taken effect; "+
				"the next plan reads the job again.", subject, err))
		return
	case !errors.As(err, &e):
		diags.AddError("Konnect Request Failed", fmt.Sprintf("Could not reach Konnect for %s: %s\n\n"+
			"Check the network, any proxy (HTTPS_PROXY, NO_PROXY) and the provider's server_url.", subject, err))
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
		diags.AddError("Konnect Unavailable",
			fmt.Sprintf("Konnect answered %d %s for %s%s. This is a rate limit or an outage, usually brief: apply again later, "+
				"or raise the provider's max_retries to ride out longer ones.%s",
				e.StatusCode, http.StatusText(e.StatusCode), subject, attempts(e.Attempts), said))
	default:
		diags.AddError("Konnect Request Failed", fmt.Sprintf("Konnect answered an unexpected %d for %s.%s", e.StatusCode, subject, said))
	}
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

// reportWaitError explains why a wait stopped; other failures are reported as usual.
func reportWaitError(diags *diag.Diagnostics, where string, timeout time.Duration, err error) {
	subject := "the replay job of " + where
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		diags.AddError("Timed Out Waiting for the Replay Job",
			fmt.Sprintf("Stopped waiting for %s after %s (%s). The job goes on in Konnect. "+
				"Raise the timeouts block's create or update duration to wait longer, or set wait_for_completion = false.", subject, timeout, err))
	case errors.Is(err, context.Canceled):
		diags.AddError("Stopped Waiting for the Replay Job",
			fmt.Sprintf("Stopped waiting for %s because Terraform was interrupted (%s). The job goes on in Konnect.", subject, err))
	default:
		reportError(diags, where, err)
	}
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

func uuidValidator() validator.String {
	return stringvalidator.RegexMatches(uuidPattern, "must be a UUID, as in 9f5e5e8a-3a0e-4b6f-8d3e-1c2b3a4d5e6f")
}
