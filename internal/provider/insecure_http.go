package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// envAllowInsecureHTTP opts in to plain http:// to a host that is not
// loopback, as allow_insecure_http does; the attribute wins when set.
const envAllowInsecureHTTP = "KONNECT_ALLOW_INSECURE_HTTP"

// insecureHTTP is the user's opt-in to plain http:// for a mock Konnect
// reached by a name other than loopback, such as a CI service container.
type insecureHTTP struct {
	allowed bool
	// source names where the opt-in came from, for the warning.
	source string
	// invalid says the environment variable is not a boolean, already
	// reported: a server URL is not refused for want of it as well.
	invalid bool
}

// insecureHTTPOptIn reads the opt-in from the attribute when it is set, or
// else from the environment. An unknown attribute reads as no opt-in.
func insecureHTTPOptIn(attr types.Bool, diags *diag.Diagnostics) insecureHTTP {
	if !attr.IsNull() {
		return insecureHTTP{allowed: attr.ValueBool(), source: "allow_insecure_http"}
	}
	raw := strings.TrimSpace(os.Getenv(envAllowInsecureHTTP))
	if raw == "" {
		return insecureHTTP{}
	}
	allowed, err := strconv.ParseBool(raw)
	if err != nil {
		diags.AddError("Invalid "+envAllowInsecureHTTP,
			fmt.Sprintf("The %s environment variable is %q; it must be true or false. Set allow_insecure_http in the provider block "+
				"to decide regardless of the environment.", envAllowInsecureHTTP, raw))
		return insecureHTTP{invalid: true}
	}
	return insecureHTTP{allowed: allowed, source: "The " + envAllowInsecureHTTP + " environment variable"}
}

// serverURLProblem is the detail of an invalid server URL, named by what;
// for plain http:// to a host that is not loopback, it says how to opt in.
func serverURLProblem(what, raw string, err error) string {
	detail := fmt.Sprintf("%s %q %s.", what, raw, err)
	if konnect.IsInsecureHTTP(err) {
		detail += " For a mock Konnect reached by another name, such as a CI service container, set allow_insecure_http = true " +
			"in the provider block, or " + envAllowInsecureHTTP + "=true in the environment. The access token then travels in clear text: " +
			"never do this for Konnect itself."
	}
	return detail
}

// warnInsecureHTTP is the warning of every plan and apply that talks to a
// host over plain http:// because the user opted in.
func warnInsecureHTTP(diags *diag.Diagnostics, at path.Path, host string, optIn insecureHTTP) {
	summary := "Access Token Sent in Clear Text"
	detail := fmt.Sprintf("%s is true, so the provider talks to %s over plain http://, without TLS: the access token and every answer "+
		"cross the network in clear text. Use this only for a mock Konnect in CI, never for Konnect itself.", optIn.source, host)
	if at.Equal(path.Empty()) {
		diags.AddWarning(summary, detail)
		return
	}
	diags.AddAttributeWarning(at, summary, detail)
}
