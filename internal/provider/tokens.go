package provider

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// token picks the one token: from the configuration if it sets either,
// otherwise from the environment. White space around a token (the newline
// of a token read from a file) is not part of it.
func token(cfg providerModel, diags *diag.Diagnostics) string {
	for _, a := range []struct {
		name string
		v    types.String
	}{{"personal_access_token", cfg.PersonalAccessToken}, {"system_account_access_token", cfg.SystemAccountAccessToken}} {
		if !a.v.IsNull() {
			return checkToken(path.Root(a.name), a.name, a.v.ValueString(), diags)
		}
	}
	pat, spat := strings.TrimSpace(os.Getenv(envToken)), strings.TrimSpace(os.Getenv(envSPAT))
	switch {
	case pat != "" && spat != "":
		diags.AddError("Two Konnect Access Tokens",
			fmt.Sprintf("Both %s and %s are set in the environment; the provider needs exactly one. "+
				"Unset one of them, or set personal_access_token or system_account_access_token in the provider block, which takes precedence over the environment.",
				envToken, envSPAT))
	case pat != "":
		return checkToken(path.Empty(), "The "+envToken+" environment variable", pat, diags)
	case spat != "":
		return checkToken(path.Empty(), "The "+envSPAT+" environment variable", spat, diags)
	default:
		diags.AddError("No Konnect Access Token",
			fmt.Sprintf("The provider needs exactly one access token: set personal_access_token or system_account_access_token "+
				"in the provider block, or the %s or %s environment variable.", envToken, envSPAT))
	}
	return ""
}

// checkToken trims a token and rejects one that an HTTP header cannot carry.
func checkToken(at path.Path, name, raw string, diags *diag.Diagnostics) string {
	tok := strings.TrimSpace(raw)
	problem := ""
	switch {
	case tok == "":
		problem = "is empty once the white space around it is removed"
	case strings.IndexFunc(tok, func(r rune) bool { return r <= ' ' || r == 0x7f || r > '~' }) >= 0:
		problem = "contains white space or characters that are not printable ASCII, which no Konnect token has; check that it was copied whole and alone"
	default:
		return tok
	}
	summary, detail := "Invalid Konnect Access Token", fmt.Sprintf("%s %s. The value is not shown, as it is secret.", name, problem)
	if at.Equal(path.Empty()) {
		diags.AddError(summary, detail)
	} else {
		diags.AddAttributeError(at, summary, detail)
	}
	return ""
}

// secrets are every token the provider can see, in the configuration or the
// environment, used or not: a server's words are masked for all of them.
func secrets(cfg providerModel) []string {
	var out []string
	for _, v := range []string{cfg.PersonalAccessToken.ValueString(), cfg.SystemAccountAccessToken.ValueString(), os.Getenv(envToken), os.Getenv(envSPAT)} {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
