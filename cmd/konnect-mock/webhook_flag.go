package main

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// webhookKeys lists the -webhook keys in error messages.
const webhookKeys = "portal, region, enabled, status, code, attempt, endpoint, destination, and message last"

// webhookSpec is one -webhook: which webhook it sets, and the keys it gives.
// Keys not given come from the less specific setting (see resolveWebhooks).
type webhookSpec struct {
	portal  string // "" for the default of every webhook, "org", or a lower-case UUID
	region  string // "" for every region
	enabled *bool
	status  *string
	code    *int
	attempt *time.Time
	message *string
	// endpoint and destination are where the webhook sends: the
	// organization's endpoint (/v2), a destination's ID (portals, /v3).
	endpoint    *string
	destination *string
}

// webhookSetting is a resolved -webhook for Server.SetWebhook.
type webhookSetting struct {
	region   string // "" for every region
	portalID string // "" for the organization
	webhook  mockkonnect.Webhook
}

// parseWebhookSpec reads comma-separated key=value pairs; message= takes the
// rest of the spec, commas included, so it must come last.
func parseWebhookSpec(spec string) (webhookSpec, error) {
	var w webhookSpec
	seen := map[string]bool{}
	for rest := spec; rest != ""; {
		var item string
		if key, value, ok := strings.Cut(strings.TrimLeft(rest, " "), "="); ok && strings.TrimSpace(key) == "message" {
			item, rest = "message="+value, ""
		} else {
			item, rest, _ = strings.Cut(rest, ",")
		}
		item = strings.TrimLeft(item, " ")
		if strings.TrimSpace(item) == "" {
			continue // a stray comma says nothing
		}
		key, value, ok := strings.Cut(item, "=")
		key = strings.TrimSpace(key)
		if !ok {
			return webhookSpec{}, fmt.Errorf("%q is not key=value (keys: %s)", item, webhookKeys)
		}
		if seen[key] {
			return webhookSpec{}, fmt.Errorf("%q: %s is given twice", item, key)
		}
		seen[key] = true
		if key != "message" {
			value = strings.TrimSpace(value)
		}
		if err := w.set(key, value); err != nil {
			return webhookSpec{}, fmt.Errorf("%q: %w", item, err)
		}
	}
	switch {
	case w.enabled == nil && w.status == nil && w.code == nil && w.attempt == nil && w.message == nil && w.endpoint == nil && w.destination == nil:
		return webhookSpec{}, errors.New("sets nothing: give at least one of enabled, status, code, attempt, endpoint, destination or message")
	case w.region != "" && w.portal == "":
		return webhookSpec{}, errors.New("region= needs portal=<uuid> or portal=org: without a portal, a -webhook sets the default of every webhook in every region")
	}
	return w, nil
}

func (w *webhookSpec) set(key, value string) error {
	switch key {
	case "portal":
		value = strings.ToLower(value)
		if value != "org" && !isUUID(value) {
			return errors.New("portal wants a portal UUID or org (the organization's webhook)")
		}
		w.portal = value
	case "region":
		value = strings.ToLower(value)
		if !slices.Contains(mockkonnect.Regions, value) {
			return fmt.Errorf("region wants one of %s", strings.Join(mockkonnect.Regions, " "))
		}
		w.region = value
	case "enabled":
		if value != "true" && value != "false" {
			return errors.New("enabled wants true or false")
		}
		b := value == "true"
		w.enabled = &b
	case "status":
		if value != mockkonnect.WebhookActive && value != mockkonnect.WebhookInactive {
			return errors.New("status wants active or inactive")
		}
		w.status = &value
	case "code":
		n, err := strconv.Atoi(value)
		if err != nil || n < 100 || n > 599 {
			return errors.New("code wants an HTTP status code from 100 to 599, such as 401")
		}
		w.code = &n
	case "attempt":
		t, err := time.Parse(time.RFC3339Nano, value)
		if err != nil {
			return errors.New("attempt wants an RFC 3339 time, such as 2026-03-21T09:29:14Z")
		}
		w.attempt = &t
	case "message":
		w.message = &value
	case "endpoint":
		w.endpoint = &value
	case "destination":
		value = strings.ToLower(value)
		if !isUUID(value) {
			return errors.New("destination wants the UUID of an audit log destination")
		}
		w.destination = &value
	default:
		return fmt.Errorf("unknown key %q (keys: %s)", key, webhookKeys)
	}
	return nil
}

// over returns base with the keys w gives.
func (w webhookSpec) over(base mockkonnect.Webhook) mockkonnect.Webhook {
	if w.enabled != nil {
		base.Enabled = *w.enabled
	}
	if w.status != nil {
		base.Status = *w.status
	}
	if w.code != nil {
		base.LastResponseCode = *w.code
	}
	if w.attempt != nil {
		base.LastAttemptAt = *w.attempt
	}
	if w.message != nil {
		base.LastResponseMessage = *w.message
	}
	if w.endpoint != nil {
		base.Endpoint = *w.endpoint
	}
	if w.destination != nil {
		base.DestinationID = *w.destination
	}
	return base
}

// resolveWebhooks turns the -webhook flags into the server's default (nil
// for the mock's own) and its settings. A key a flag leaves out comes from
// the less specific flag, whatever the order on the command line: a
// portal's region from the portal's every-region flag, that one from the
// default flag, and that one from the mock's default (enabled, active).
func resolveWebhooks(specs []webhookSpec) (*mockkonnect.Webhook, []webhookSetting, error) {
	type target struct{ portal, region string }
	byTarget := map[target]webhookSpec{}
	for _, w := range specs {
		t := target{w.portal, w.region}
		if _, dup := byTarget[t]; dup {
			return nil, nil, usageErrorf("-webhook: two flags set %s; give each webhook and region once", describeTarget(w.portal, w.region))
		}
		byTarget[t] = w
	}
	base := mockkonnect.Webhook{Enabled: true, Status: mockkonnect.WebhookActive}
	var def *mockkonnect.Webhook
	if w, ok := byTarget[target{}]; ok {
		base = w.over(base)
		def = &base
	}
	var settings []webhookSetting
	for _, w := range specs { // in command-line order, for a stable result
		if w.portal == "" {
			continue
		}
		from := base
		if w.region != "" {
			if every, ok := byTarget[target{w.portal, ""}]; ok {
				from = every.over(base)
			}
		}
		portalID := w.portal
		if portalID == "org" {
			portalID = ""
		}
		settings = append(settings, webhookSetting{region: w.region, portalID: portalID, webhook: w.over(from)})
	}
	return def, settings, nil
}

func describeTarget(portal, region string) string {
	what := "the default webhook"
	switch portal {
	case "":
	case "org":
		what = "the organization's webhook"
	default:
		what = "portal " + portal + "'s webhook"
	}
	if region == "" {
		return what + " in every region"
	}
	return what + " in " + region
}
