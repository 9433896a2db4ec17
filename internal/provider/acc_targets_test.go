package provider

import (
	"fmt"
)

// paths are a region and a portal, and the request lines ("METHOD path
// status") of their routes that tests expect; an acceptance test's env and
// a protocol harness have them alike.
type paths struct {
	region string
	portal string
}

// jobPath is the path of the portal's classic job.
func (p paths) jobPath() string {
	return "/" + p.region + "/v2/portals/" + p.portal + "/audit-log-replay-job"
}

// jobPathOf is the path of a portal's job under an API version, in its region.
func (p paths) jobPathOf(version, portal string) string {
	return "/" + p.region + "/" + version + "/portals/" + portal + "/audit-log-replay-job"
}

// hookPathOf is the path of a portal's webhook status under an API version.
func (p paths) hookPathOf(version, portal string) string {
	return "/" + p.region + "/" + version + "/portals/" + portal + "/audit-log-webhook/status"
}

// hookRead is the read of the classic portal's webhook status that
// precedes every PUT.
func (p paths) hookRead() string {
	return "GET " + p.hookPathOf("v2", p.portal) + " 200"
}

// classicFound are the reads that find the portal to be a classic
// one: the new Dev Portal API does not know it, the classic API does.
func (p paths) classicFound() []string { return p.classicFoundIn(p.region) }

func (p paths) classicFoundIn(region string) []string {
	return []string{
		"GET /" + region + "/v3/portals/" + p.portal + " 404",
		"GET /" + region + "/v2/portals/" + p.portal + " 200",
	}
}

// createdIn is what a create of the classic portal's job in region
// sends, from finding the portal to the accepted PUT.
func (p paths) createdIn(region string) []string {
	base := "/" + region + "/v2/portals/" + p.portal
	return append(p.classicFoundIn(region), "GET "+base+"/audit-log-webhook/status 200", "PUT "+base+"/audit-log-replay-job 202")
}

// created is what a create of the portal's job sends Konnect when the portal's
// API version is not configured: finding it, reading the webhook, the PUT.
func (p paths) created(putStatus int) []string {
	return append(p.beforePut(), fmt.Sprintf("PUT %s %d", p.jobPath(), putStatus))
}

// lines joins request lines for expectRequests.
func lines(parts ...any) []string {
	var out []string
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			out = append(out, v)
		case []string:
			out = append(out, v...)
		default:
			panic(fmt.Sprintf("lines: %T", p))
		}
	}
	return out
}

// beforePut are the reads a create of the portal's job makes before its PUT
// when the portal's API version is not configured.
func (p paths) beforePut() []string { return append(p.classicFound(), p.hookRead()) }
