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
	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// The mapping of Konnect's errors to diagnostics, for any request about a
// target: what happened, which target, what Konnect said, and what to do.
// It knows nothing of replay jobs; what only a window's PUT means is
// replay_diagnostics.go's.

// reportError turns a failed request about t's thing ("audit log webhook
// status") into a diagnostic. Konnect's complaints about the request's
// fields are listed.
func reportError(diags *diag.Diagnostics, t target, thing string, err error) {
	var e *konnect.Error
	if errors.As(err, &e) && e.StatusCode == http.StatusBadRequest {
		reportBadRequest(diags, subjectOf(t, thing), e, nil)
		return
	}
	diags.AddError(describeError(t, thing, err))
}

// describeError says what a failed request about t's thing means, as a
// diagnostic's summary and detail; thing "" is about t itself. The
// request's Ending picks the message, so no order of checks decides it.
func describeError(t target, thing string, err error) (summary, detail string) {
	subject := subjectOf(t, thing)
	var e *konnect.Error
	switch konnect.EndingOf(err) {
	case konnect.Unreadable:
		if errors.As(err, &e) {
			break // a success status the call did not expect: described below
		}
		return "Unusable Answer from Konnect", fmt.Sprintf("Konnect answered the request for %s, but not as its API documents, so the provider cannot use the answer. "+
			"This is most likely a passing fault of Konnect or of a proxy in between; apply again, and if it persists, report it with this message.\n\n%s",
			subject, err)
	case konnect.StoppedBeforeSending, konnect.StoppedInFlight:
		return "Konnect Request Interrupted",
			fmt.Sprintf("The request for %s was stopped before Konnect answered (%s). Nothing was changed by it; the next plan reads it again.", subject, err)
	case konnect.Unreachable, konnect.NoAnswer:
		return "Konnect Request Failed", fmt.Sprintf("Could not reach Konnect for %s: %s\n\n"+
			"Check the network, any proxy (HTTPS_PROXY, NO_PROXY) and the provider's server_url.", subject, err)
	}
	if !errors.As(err, &e) {
		return "Konnect Request Failed", fmt.Sprintf("The request for %s failed: %s", subject, err)
	}
	said := konnectSaid(e)
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return "Konnect Rejected the Access Token",
			fmt.Sprintf("Konnect did not accept the access token for %s. Check that the token in personal_access_token or "+
				"system_account_access_token (or KONNECT_TOKEN or KONNECT_SPAT) is valid, not expired, and of this organization.%s", subject, said)
	case http.StatusForbidden:
		return "Not Allowed by Konnect",
			fmt.Sprintf("The access token may not read or manage %s. Give its account a role that may manage the audit logs of %s.%s",
				subject, t.where(), said)
	case http.StatusNotFound:
		return "Not Found in Konnect", t.notFound(subject, thing) + said
	case http.StatusInsufficientStorage:
		return "No Room in Konnect",
			fmt.Sprintf("Konnect answered 507 Insufficient Storage for %s: it had no room to store it, so it did not carry the request out, "+
				"and nothing was changed. This is not a passing fault: trying again does not help until room is made, which the answer "+
				"below may say how to make.%s", subject, said)
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		asked := ""
		if e.RetryAfter > 0 {
			asked = fmt.Sprintf(" Konnect asked to wait %s before trying again, longer than the time left, so the provider did not wait.", durationtext.Format(e.RetryAfter, durationtext.Measured))
		}
		return "Konnect Unavailable",
			fmt.Sprintf("Konnect answered %d %s for %s%s. This is a rate limit or an outage, usually brief: apply again later, "+
				"or raise the provider's max_retries (or read_timeout) to ride out longer ones.%s%s",
				e.StatusCode, http.StatusText(e.StatusCode), subject, attempts(e.Attempts), asked, said)
	}
	return "Konnect Request Failed", fmt.Sprintf("Konnect answered an unexpected %d for %s.%s", e.StatusCode, subject, said)
}

// subjectOf names t's thing in messages: "the audit log webhook status of
// portal … in region eu"; thing "" is t itself.
func subjectOf(t target, thing string) string {
	if thing == "" {
		return t.where()
	}
	return "the " + thing + " of " + t.where()
}

// reportReadError is reportError for a read, which read_timeout bounds.
func reportReadError(diags *diag.Diagnostics, t target, thing string, err error, readTimeout time.Duration) {
	if errors.Is(err, clock.ErrTimedOut) {
		diags.AddError("Timed Out Reading the "+titled(thing),
			fmt.Sprintf("Reading the %s of %s took longer than the provider's read_timeout of %s, retries included (%s). "+
				"Konnect may be rate-limiting or slow; try again later, or raise read_timeout.", thing, t.where(), durationtext.Format(readTimeout, durationtext.Go), err))
		return
	}
	reportError(diags, t, thing, err)
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

// reportBadRequest reports Konnect's 400 for a request about subject. Each
// of its invalid_parameters that is a field of attributes, which maps a
// request field to the summary of a complaint about it, points at the
// attribute of that name; the rest are listed in one error.
func reportBadRequest(diags *diag.Diagnostics, subject string, e *konnect.Error, attributes map[string]string) {
	said := konnectSaid(e)
	var other []string
	for _, p := range e.Problem.InvalidParameters {
		if summary, ok := attributes[p.Field]; ok {
			diags.AddAttributeError(path.Root(p.Field), summary,
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

// titled writes a thing in a summary's Title Case: "audit log webhook status" as
// "Audit Log Webhook Status".
func titled(thing string) string {
	words := strings.Fields(thing)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
