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

// classicFound are the reads of the portal that find it to be a classic
// one, when reading a route of it from both APIs did not: the new Dev
// Portal API does not know it, the classic API does.
func (p paths) classicFound() []string {
	return []string{
		"GET /" + p.region + "/v3/portals/" + p.portal + " 404",
		"GET /" + p.region + "/v2/portals/" + p.portal + " 200",
	}
}

// hookFound are the reads, sent at once, of the classic portal's webhook
// status from both APIs, which find the portal's API and read the status
// in one round: what a create sends before its PUT when api_version is
// not set, and what a webhook status data source sends.
func (p paths) hookFound() []string { return p.hookFoundIn(p.region) }

// hookDocument is the read of where the classic portal's webhook sends,
// which the webhook status data source makes once it found the portal.
func (p paths) hookDocument() string {
	return "GET /" + p.region + "/v2/portals/" + p.portal + "/audit-log-webhook 200"
}

func (p paths) hookFoundIn(region string) []string {
	return []string{
		"GET /" + region + "/v3/portals/" + p.portal + "/audit-log-webhook/status 404",
		"GET /" + region + "/v2/portals/" + p.portal + "/audit-log-webhook/status 200",
	}
}

// hookPathOfBoth are the reads of the portal's webhook status from both
// APIs, each answering status.
func (p paths) hookPathOfBoth(status int) []string {
	return []string{fmt.Sprintf("GET %s %d", p.hookPathOf("v3", p.portal), status), fmt.Sprintf("GET %s %d", p.hookPathOf("v2", p.portal), status)}
}

// jobFound are the reads, sent at once, of the classic portal's job from
// both APIs: what an import and a replay job data source send when
// api_version is not set, and a create with check_webhook = false.
func (p paths) jobFound() []string {
	return []string{"GET " + p.jobPathOf("v3", p.portal) + " 404", "GET " + p.jobPathOf("v2", p.portal) + " 200"}
}

// createdIn is what a create of the classic portal's job in region
// sends, from finding the portal to the accepted PUT.
func (p paths) createdIn(region string) []string {
	return append(p.hookFoundIn(region), "PUT /"+region+"/v2/portals/"+p.portal+"/audit-log-replay-job 202")
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
func (p paths) beforePut() []string { return p.hookFound() }
