package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/konnect-iac/terraform-provider-konnect/internal/clock"
	"github.com/konnect-iac/terraform-provider-konnect/internal/durationtext"
	"github.com/konnect-iac/terraform-provider-konnect/internal/konnect"
)

// targetKind is what a resource, data source or action is about: the
// organization, or one Dev Portal, in a region. It holds everything about
// the target that is not about what is done with it: the attributes that
// name it, its ID and import forms, how messages name it and its webhook,
// and how a portal's API version is found.
type targetKind struct {
	portal bool
}

var (
	organizationTarget = targetKind{}
	portalTarget       = targetKind{portal: true}
)

// owner names the target in descriptions: "a Dev Portal".
func (k targetKind) owner() string {
	if k.portal {
		return "a Dev Portal"
	}
	return "the organization"
}

// noun names the target in prose: "portal".
func (k targetKind) noun() string {
	if k.portal {
		return "portal"
	}
	return "organization"
}

// parseID reads an import ID: "<region>/<portal_id>" or a bare portal ID,
// which takes the provider's region; for the organization just a region.
func (k targetKind) parseID(id, defaultRegion string) (region, portalID string, err error) {
	if !k.portal {
		if !konnect.IsRegion(id) {
			return "", "", fmt.Errorf("%q is not a Konnect region; expected a region, one of %s", id, strings.Join(konnect.Regions, ", "))
		}
		return id, "", nil
	}
	return parseTargetID(id, defaultRegion, "portal_id")
}

// parseIdentity reads an import block's identity (identitySchema's
// attributes) by the rules of parseID.
func (k targetKind) parseIdentity(ctx context.Context, id *tfsdk.ResourceIdentity) (region, portalID string, err error) {
	var r, p types.String
	if diags := id.GetAttribute(ctx, path.Root("region"), &r); diags.HasError() {
		return "", "", fmt.Errorf("the identity has no region: %s", diags[0].Detail())
	}
	if !k.portal {
		return parseTargetIdentity(r.ValueString(), "", "")
	}
	if diags := id.GetAttribute(ctx, path.Root("portal_id"), &p); diags.HasError() {
		return "", "", fmt.Errorf("the identity has no portal_id: %s", diags[0].Detail())
	}
	return parseTargetIdentity(r.ValueString(), p.ValueString(), "portal_id")
}

// targetValues are a model's attributes that name its target; the portal's
// are nil for the organization.
type targetValues struct {
	region, portalID, apiVersion *types.String
}

// organizationFields are the attributes that name the organization's target.
type organizationFields struct {
	Region types.String `tfsdk:"region"`
}

func (f *organizationFields) target() targetValues { return targetValues{region: &f.Region} }

// portalFields are the attributes that name a portal's target.
type portalFields struct {
	PortalID   types.String `tfsdk:"portal_id"`
	APIVersion types.String `tfsdk:"api_version"`
	Region     types.String `tfsdk:"region"`
}

func (f *portalFields) target() targetValues {
	return targetValues{region: &f.Region, portalID: &f.PortalID, apiVersion: &f.APIVersion}
}

// target is one target as far as it is known: the region, and for a portal
// its ID and API version ("" until known), and where that came from.
type target struct {
	kind     targetKind
	region   string
	portalID string
	version  konnect.APIVersion
	from     versionFrom
}

// versionFrom is where a portal's API version came from, which decides what
// a 404 most likely means.
type versionFrom int

const (
	// versionConfigured: the configuration sets api_version.
	versionConfigured versionFrom = iota
	// versionFound: this run found it, by asking both APIs.
	versionFound
	// versionRecorded: the state holds what a create or import found; a
	// state from before api_version is of a classic portal.
	versionRecorded
	// versionConfirmed: this run found it, met a 404 after, and asked the
	// portal again, which is still there.
	versionConfirmed
)

// webhookStatusThing is what the check before a send, and a webhook status
// data source, read: a 404 for it about a portal Konnect knows says that
// the portal has no audit log webhook.
const webhookStatusThing = "audit log webhook status"

// targetOf reads a model's target, whose API version, when known, came
// from where from says. A recorded portal whose state predates api_version
// is a classic one: the only kind there was.
func (k targetKind) targetOf(v targetValues, from versionFrom) target {
	t := target{kind: k, region: v.region.ValueString(), from: from}
	if !k.portal {
		t.version = konnect.V2
		return t
	}
	t.portalID = v.portalID.ValueString()
	switch {
	case !v.apiVersion.IsNull() && !v.apiVersion.IsUnknown():
		t.version = konnect.APIVersion(v.apiVersion.ValueString())
	case from == versionRecorded && v.apiVersion.IsNull():
		t.version = konnect.V2
	}
	return t
}

// scope is where the target's audit logs live in Konnect.
func (t target) scope() konnect.Scope {
	if !t.kind.portal {
		return konnect.OrganizationScope(t.region)
	}
	return konnect.PortalScope(t.region, t.version, t.portalID)
}

// id is the ID of a resource about the target: what names the target, the
// region and, for a portal, its ID.
func (t target) id() string {
	if !t.kind.portal {
		return t.region
	}
	return targetID(t.region, t.portalID)
}

// setIdentity records the target as a resource's identity. A portal's ID is
// written in lower case, as in the ID, so that the identity stays the same
// whatever case the configuration writes it in.
func (t target) setIdentity(ctx context.Context, id *tfsdk.ResourceIdentity) diag.Diagnostics {
	if id == nil {
		return nil // the framework passes none to a resource without identity
	}
	diags := id.SetAttribute(ctx, path.Root("region"), t.region)
	if t.kind.portal {
		diags.Append(id.SetAttribute(ctx, path.Root("portal_id"), strings.ToLower(t.portalID))...)
	}
	return diags
}

// where names the target in messages: "portal <id> in region eu".
func (t target) where() string {
	if !t.kind.portal {
		return "the organization in region " + t.region
	}
	return fmt.Sprintf("portal %s in region %s", t.portalID, t.region)
}

// notFound says what Konnect's 404 for subject, a request about the
// target, most likely means, and what to do.
func (t target) notFound(subject, thing string) string {
	other := map[konnect.APIVersion]konnect.APIVersion{konnect.V2: konnect.V3, konnect.V3: konnect.V2}[t.version]
	switch {
	case !t.kind.portal:
		return fmt.Sprintf("Konnect answered 404 for %s, which it never does for the organization: check the provider's server_url.", subject)
	case t.from == versionConfirmed && thing == webhookStatusThing:
		return fmt.Sprintf("Konnect answered 404 for %s, although it knows the portal under /%s (asked again just after): the portal most likely "+
			"has no audit log webhook, so a replay would have nowhere to go. Configure one %s, or set check_webhook = false to send without the check.",
			subject, t.version, t.webhookManagedBy())
	case t.from == versionConfirmed:
		return fmt.Sprintf("Konnect answered 404 for %s, although it knows the portal under /%s (asked again just after): the 404 is not about "+
			"the portal. Try again, and if it persists, report it with this message.", subject, t.version)
	case t.from == versionFound:
		return fmt.Sprintf("Konnect answered 404 for %s, although the provider had just found the portal under /%s: the 404 is not about "+
			"the portal. Try again, and if it persists, report it with this message.", subject, t.version)
	case t.from == versionRecorded:
		return fmt.Sprintf("Konnect found no %s: the portal may have been deleted, or be in another region. The state records that "+
			"Konnect's /%s API knew it (api_version = %q); should the /%s API know it now, set api_version = %q, which replaces the resource.",
			t.where(), t.version, t.version, other, other)
	}
	return fmt.Sprintf("Konnect found no %s. Check portal_id and region: a portal exists in one region only. Or this portal is not %s; "+
		"if it is %s, set api_version = %q, or leave it unset.", t.where(), portalKind(t.version), portalKind(other), other)
}

// portalKind names the kind of portal an API version serves, with its article.
func portalKind(v konnect.APIVersion) string { return "a " + portalNoun(v) }

// portalNoun names the kind of portal an API version serves.
func portalNoun(v konnect.APIVersion) string {
	if v == konnect.V3 {
		return "new Dev Portal"
	}
	return "classic Dev Portal"
}

// webhookName names the target's audit log webhook in messages.
func (t target) webhookName() string { return "the audit log webhook of " + t.where() }

// webhookManagedBy says where a user enables the target's webhook.
func (t target) webhookManagedBy() string {
	if !t.kind.portal {
		return "with Kong's provider (the " + t.kind.webhookResource() + " resource, enabled = true), or in Konnect under Organization > Audit Logs"
	}
	return "with Kong's provider (the " + t.kind.webhookResource() + " resource, enabled = true), or in Konnect under the portal's Settings > Audit Logs"
}

// webhookResource is the resource of Kong's provider that manages the
// target's webhook.
func (k targetKind) webhookResource() string {
	if k.portal {
		return "konnect_portal_audit_log_webhook"
	}
	return "konnect_audit_log"
}

// lookup is how a portal's API is found when nothing says it: the route
// asked of both APIs at once, and what bounds the lookup, for messages.
type lookup struct {
	probe konnect.Probe
	// limit names the setting whose time bounds the lookup: read_timeout,
	// or for a send the timeout that bounds all of it ("timeouts.create",
	// "timeout"); within is that time.
	limit  string
	within time.Duration
	// sending says the lookup comes before a window is sent.
	sending bool
}

// findPortal finds out, when t is a portal whose API version is not known
// yet, which API knows it, and records it in t and in the attribute at. It
// returns what the lookup read on the way (the webhook's status, or the
// job), and whether t is now known. ctx bounds it.
func (d *providerData) findPortal(ctx context.Context, t *target, at *types.String, l lookup, diags *diag.Diagnostics) (konnect.Found, bool) {
	if t.version != "" {
		return konnect.Found{Version: t.version}, true
	}
	client := d.clientOrError(diags)
	if client == nil {
		return konnect.Found{}, false
	}
	found, err := client.FindPortal(ctx, t.region, t.portalID, l.probe)
	if err != nil {
		reportLookup(diags, *t, l, context.Cause(ctx), err)
		return konnect.Found{}, false
	}
	t.version, t.from = found.Version, versionFound
	*at = types.StringValue(string(found.Version))
	return found, true
}

// reportLookup says why finding a portal's API failed: the portal is
// unknown, the time ran out, the provider's credentials or URL do not work,
// or one API's answer failed, which api_version would have skipped.
func reportLookup(diags *diag.Diagnostics, t target, l lookup, stopped, err error) {
	const what = "The provider asks Konnect's APIs whether the portal is a classic Dev Portal (api_version = \"v2\") or a new one (\"v3\")"
	nothing := ""
	if l.sending {
		nothing = " Nothing was sent."
	}
	var nf *konnect.PortalNotFoundError
	// A wait Konnect asked for that the time left could not hold ends the
	// lookup as the time running out does.
	waitTooLong := retryTooLong(err)
	switch {
	case errors.As(err, &nf):
		diags.AddAttributeError(path.Root("portal_id"), "Portal Not Found",
			fmt.Sprintf("Konnect knows no portal %s in region %s: neither the new Dev Portal API (GET %s) nor the classic one (GET %s) "+
				"has it. Check portal_id and region: a portal exists in one region only.%s%s", t.portalID, t.region, nf.URLs[0], nf.URLs[len(nf.URLs)-1], nothing, saidText(nf.Last)))
	case errors.Is(stopped, clock.ErrTimedOut) || errors.Is(stopped, context.DeadlineExceeded) || errors.Is(err, clock.ErrTimedOut) || waitTooLong:
		diags.AddAttributeError(path.Root("api_version"), "Timed Out Finding the Portal's API",
			fmt.Sprintf("%s ran out after %s while the provider was finding out which API knows %s.%s Raise %s, or set api_version to skip the lookup.\n\n%s",
				l.limit, durationtext.Format(l.within, durationtext.Go), t.where(), nothing, l.limit, err))
	default:
		summary, detail := describeError(t, "", err)
		switch konnect.EndingOf(err) {
		case konnect.Unreachable, konnect.StoppedBeforeSending, konnect.StoppedInFlight:
			diags.AddError(summary, what+", and could not ask."+nothing+"\n\n"+detail)
			return
		}
		if konnect.StatusOf(err) == http.StatusUnauthorized {
			diags.AddError(summary, what+", and Konnect refused the provider's credentials."+nothing+"\n\n"+detail)
			return
		}
		diags.AddAttributeError(path.Root("api_version"), summary, what+", and that failed."+nothing+" Set api_version to skip it.\n\n"+detail)
	}
}
