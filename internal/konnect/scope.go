package konnect

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
)

// APIVersion is a version of Konnect's API that serves audit log routes.
// Classic Dev Portals live under v2, new Dev Portals under v3; a portal is
// known to exactly one of them.
type APIVersion string

// The API versions.
const (
	V3 APIVersion = "v3"
	V2 APIVersion = "v2"
)

// APIVersions lists every APIVersion.
var APIVersions = []APIVersion{V2, V3}

// Scope is one owner of audit logs in one region: the organization, or one
// Dev Portal. Its replay job and its audit log webhook hang from one path.
// A replay job has no ID of its own: each is a singleton of its scope, so
// the scope locates it. The constructors below are the only place that
// knows the paths.
type Scope struct {
	Region string
	// Base is the path the scope's audit log routes hang from: the
	// portal's path, or the API version's root for the organization.
	Base string
	// Owner is the path of the object the scope belongs to, which answers
	// 404 once that object is gone; "" for the organization, which is
	// never gone.
	Owner string
}

// OrganizationScope is the organization's own audit logs in a region. Kong
// documents its replay job under /v2 and /v3 alike; /v2 is the API of the
// organization's endpoint-based audit log webhook, the one Kong's provider
// manages as konnect_audit_log, whose status this scope reads.
func OrganizationScope(region string) Scope {
	return Scope{Region: region, Base: "/" + string(V2)}
}

// PortalScope is a Dev Portal's audit logs: v2 for a classic portal, v3 for
// a new one.
func PortalScope(region string, version APIVersion, portalID string) Scope {
	portal := portalPath(version, portalID)
	return Scope{Region: region, Base: portal, Owner: portal}
}

func portalPath(version APIVersion, portalID string) string {
	return "/" + string(version) + "/portals/" + url.PathEscape(portalID)
}

// ReplayJobPath is the path of the scope's replay job.
func (s Scope) ReplayJobPath() string { return s.Base + "/audit-log-replay-job" }

// WebhookStatusPath is the path of the status of the scope's audit log webhook.
func (s Scope) WebhookStatusPath() string { return s.Base + "/audit-log-webhook/status" }

// Probe is the route under a portal that FindPortal asks of both APIs at
// once: a portal is known to one API only, so the API that answers 200 is
// the portal's, and its answer is worth having for itself.
type Probe int

const (
	// ProbeWebhook asks for the status of the portal's audit log webhook,
	// which a send reads before the window goes out.
	ProbeWebhook Probe = iota
	// ProbeJob asks for the portal's replay job, which an import or a
	// read of the job wants.
	ProbeJob
	// ProbePortal asks for the portal itself.
	ProbePortal
)

// Found is what FindPortal learned about a portal.
type Found struct {
	Version APIVersion
	// Webhook and Job are the found API's answer to the probe, when it
	// answered 200; at most one is set.
	Webhook *WebhookStatus
	Job     *ReplayJob
	// ProbeErr is the found API's failed answer to the probe, when the
	// portal was found by reading the portals instead.
	ProbeErr error
}

// FindPortal finds out which API knows a portal, by asking both APIs for the
// probe's route at once: one round of answers on the usual path. When
// neither answers 200 but each answers 404 or 403 (a portal with no webhook,
// a token that may not read that route), it reads the portals as
// PortalVersion does. Any other failure (a 401, a 5xx, a rate limit, no
// answer, a stop) is the lookup's answer: asking other routes would most
// likely fail the same way.
func (c *Client) FindPortal(ctx context.Context, region, portalID string, probe Probe) (Found, error) {
	if probe == ProbePortal {
		v, err := c.PortalVersion(ctx, region, portalID)
		return Found{Version: v}, err
	}
	var (
		errs  [2]error
		hooks [2]*WebhookStatus
		jobs  [2]*ReplayJob
	)
	c.askBoth(func(i int, v APIVersion) {
		s := PortalScope(region, v, portalID)
		if probe == ProbeWebhook {
			hooks[i], errs[i] = c.GetWebhookStatus(ctx, s)
		} else {
			jobs[i], errs[i] = c.GetReplayJob(ctx, s)
		}
	})
	for i, v := range lookupOrder {
		if errs[i] == nil {
			return Found{Version: v, Webhook: hooks[i], Job: jobs[i]}, nil
		}
	}
	// A success the client could not read still says whose portal it is.
	for i, v := range lookupOrder {
		if EndingOf(errs[i]) == Unreadable {
			return Found{Version: v, ProbeErr: errs[i]}, nil
		}
	}
	// Only 404s and 403s leave the portal to be looked for elsewhere; any
	// other failure is the answer (the first API's, in lookupOrder).
	for _, err := range errs {
		if s := StatusOf(err); (s != http.StatusNotFound && s != http.StatusForbidden) || ctx.Err() != nil {
			return Found{}, err
		}
	}
	v, err := c.PortalVersion(ctx, region, portalID)
	if err != nil {
		return Found{}, err
	}
	return Found{Version: v, ProbeErr: errs[slices.Index(lookupOrder[:], v)]}, nil
}

// lookupOrder is the order in which a lookup's answers are weighed: should
// both APIs claim a portal, the new Dev Portal's wins, as Kong's own
// provider manages it.
var lookupOrder = [2]APIVersion{V3, V2}

// askBoth runs ask for each API at once, and returns when both are done.
func (c *Client) askBoth(ask func(i int, v APIVersion)) {
	var wg sync.WaitGroup
	for i, v := range lookupOrder {
		wg.Go(func() { ask(i, v) })
	}
	wg.Wait()
}

// PortalVersion finds out which API knows a portal by reading it from both
// APIs at once: GET /v3/portals/{id} and GET /v2/portals/{id}. A portal
// neither knows is a *PortalNotFoundError; a failure to ask is the request's
// error. A token may be allowed one API's portals and not the other's, so a
// 403 from one does not stop the search; when neither read finds the portal
// after a 403, the portal's replay job is asked for the same way, which a
// token that manages its audit logs may read. Should that read fail other
// than by Konnect's 404 or a 403, its own error is the answer.
func (c *Client) PortalVersion(ctx context.Context, region, portalID string) (APIVersion, error) {
	var errs [2]error
	c.askBoth(func(i int, v APIVersion) { errs[i] = c.get(ctx, region, portalPath(v, portalID)) })
	nf := &PortalNotFoundError{Region: region, PortalID: portalID}
	var forbidden error
	for i, v := range lookupOrder {
		err := errs[i]
		switch {
		case err == nil:
			return v, nil
		case StatusOf(err) == http.StatusForbidden:
			forbidden = cmp.Or(forbidden, err)
		case konnectNotFound(err) != nil:
			nf.Last = konnectNotFound(err)
			nf.URLs = append(nf.URLs, c.BaseURL(region)+portalPath(v, portalID))
		}
	}
	for _, err := range errs {
		if err != nil && StatusOf(err) != http.StatusForbidden && konnectNotFound(err) == nil {
			return "", err
		}
	}
	if forbidden == nil {
		return "", nf
	}
	// A token that manages the portal's audit logs may read its replay job.
	var jobErrs [2]error
	c.askBoth(func(i int, v APIVersion) {
		if StatusOf(errs[i]) == http.StatusForbidden {
			jobErrs[i] = c.get(ctx, region, PortalScope(region, v, portalID).ReplayJobPath())
		} else {
			jobErrs[i] = errNotAsked
		}
	})
	for i, v := range lookupOrder {
		if jobErrs[i] == nil {
			return v, nil
		}
	}
	for _, err := range jobErrs {
		if err != errNotAsked && StatusOf(err) != http.StatusForbidden && konnectNotFound(err) == nil {
			return "", err
		}
	}
	return "", forbidden
}

// errNotAsked marks a read PortalVersion had no reason to make.
var errNotAsked = errors.New("not asked")

// PortalNotFoundError says that no API version knows a portal in a region.
type PortalNotFoundError struct {
	Region, PortalID string
	// URLs are the portal's URLs that answered Konnect's 404, as asked.
	URLs []string
	// Last is the last of those answers, with Konnect's words and trace.
	Last *Error
}

func (e *PortalNotFoundError) Error() string {
	return fmt.Sprintf("Konnect knows no portal %s in region %s: GET %s and GET %s both answered 404",
		e.PortalID, e.Region, e.URLs[0], e.URLs[len(e.URLs)-1])
}

// Ending of a portal no API knows: Konnect refused it.
func (e *PortalNotFoundError) Ending() Ending { return Rejected }

// Exists reports whether the object at path (a scope's Owner) exists: true
// on 200, false on Konnect's own 404 (see Error.FromKonnect), an error
// otherwise.
func (c *Client) Exists(ctx context.Context, region, path string) (bool, error) {
	err := c.get(ctx, region, path)
	if konnectNotFound(err) != nil {
		return false, nil
	}
	return err == nil, err
}

// get reads path and throws the answer away.
func (c *Client) get(ctx context.Context, region, path string) error {
	_, err := c.do(ctx, request{method: http.MethodGet, region: region, path: path, ok: []int{http.StatusOK}}, nil)
	return err
}

// konnectNotFound is err when it is Konnect's own 404, else nil.
func konnectNotFound(err error) *Error {
	var e *Error
	if errors.As(err, &e) && e.StatusCode == http.StatusNotFound && e.FromKonnect() {
		return e
	}
	return nil
}
