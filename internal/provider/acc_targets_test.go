package provider

import (
	"fmt"
	"strings"
)

// Request lines ("METHOD path status") of the routes beside the job's, for
// expectRequests.

// jobPathOf is the path of a portal's job under an API version, in the env's region.
func (e *testEnv) jobPathOf(version, portal string) string {
	return "/" + e.region + "/" + version + "/portals/" + portal + "/audit-log-replay-job"
}

// hookPathOf is the path of a portal's webhook status under an API version.
func (e *testEnv) hookPathOf(version, portal string) string {
	return "/" + e.region + "/" + version + "/portals/" + portal + "/audit-log-webhook/status"
}

// hookRead is the read of the env's classic portal's webhook status that
// precedes every PUT.
func (e *testEnv) hookRead() string {
	return "GET " + e.hookPathOf("v2", e.portal) + " 200"
}

// classicFound are the reads that find the env's portal to be a classic
// one: the new Dev Portal API does not know it, the classic API does.
func (e *testEnv) classicFound() []string { return e.classicFoundIn(e.region) }

func (e *testEnv) classicFoundIn(region string) []string {
	return []string{
		"GET /" + region + "/v3/portals/" + e.portal + " 404",
		"GET /" + region + "/v2/portals/" + e.portal + " 200",
	}
}

// createdIn is what a create of the env's classic portal's job in region
// sends, from finding the portal to the accepted PUT.
func (e *testEnv) createdIn(region string) []string {
	base := "/" + region + "/v2/portals/" + e.portal
	return append(e.classicFoundIn(region), "GET "+base+"/audit-log-webhook/status 200", "PUT "+base+"/audit-log-replay-job 202")
}

// created is what a create of the env's job sends Konnect when the portal's
// API version is not configured: finding it, reading the webhook, the PUT.
func (e *testEnv) created(putStatus int) []string {
	return append(e.beforePut(), fmt.Sprintf("PUT %s %d", e.jobPath(), putStatus))
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

// orgConfig is the provider and the organization's job in the provider's
// region, with the given extra lines.
func (e *testEnv) orgConfig(start, end string, extra ...string) string {
	return e.providerBlock() + fmt.Sprintf(`
resource "konnect_audit_log_replay_job" "test" {
  start_at = %q
  end_at   = %q
  %s
}
`, start, end, strings.Join(extra, "\n  "))
}

// beforePut are the reads a create of the env's job makes before its PUT
// when the portal's API version is not configured.
func (e *testEnv) beforePut() []string { return append(e.classicFound(), e.hookRead()) }
