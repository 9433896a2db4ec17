package konnect

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// APIVersion is a version of Konnect's API that serves audit log routes.
// Classic Dev Portals live under v2, new Dev Portals under v3; a portal is
// known to exactly one of them.
type APIVersion string

// The API versions, in the order PortalVersion asks them: the new Dev
// Portal first, as Kong's own provider manages it.
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

// PortalVersion finds out which API knows a portal: GET /v3/portals/{id},
// then GET /v2/portals/{id}. A portal neither knows is a
// *PortalNotFoundError; a failure to ask is the request's error. A token
// may be allowed one API's portals and not the other's, so a 403 from the
// first does not stop the search; when neither read finds the portal after
// a 403, the portal's replay job is asked the same way, which a token that
// manages its audit logs may read.
func (c *Client) PortalVersion(ctx context.Context, region, portalID string) (APIVersion, error) {
	nf := &PortalNotFoundError{Region: region, PortalID: portalID}
	var forbidden error
	var unread []APIVersion // the APIs that did not let the portal be read
	for _, v := range []APIVersion{V3, V2} {
		path := portalPath(v, portalID)
		err := c.get(ctx, region, path)
		switch {
		case err == nil:
			return v, nil
		case StatusOf(err) == http.StatusForbidden:
			forbidden = cmp.Or(forbidden, err)
			unread = append(unread, v)
			continue
		}
		if nf.Last = konnectNotFound(err); nf.Last == nil {
			return "", err
		}
		nf.URLs = append(nf.URLs, c.BaseURL(region)+path)
	}
	if forbidden == nil {
		return "", nf
	}
	// A token that manages the portal's audit logs may read its replay job.
	for _, v := range unread {
		if c.get(ctx, region, PortalScope(region, v, portalID).ReplayJobPath()) == nil {
			return v, nil
		}
	}
	return "", forbidden
}

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
