// Package mockkonnect is an in-memory stand-in for the part of Kong Konnect's
// API that manages audit log replay jobs: a Dev Portal's job
// (/v2|v3/portals/{portalId}/audit-log-replay-job), the organization's
// (/v2|v3/audit-log-replay-job), the status of the audit log webhooks
// they send to (.../audit-log-webhook/status, for a portal and for the
// organization), and the webhooks themselves, which say where they send
// (.../audit-log-webhook: an audit log destination's ID for a portal's, and
// for the organization's under /v3; an endpoint for the organization's
// under /v2; read only).
//
// It follows Kong's published contract closely enough for a client to be
// tested against it: regions as a path prefix, bearer authentication,
// application/problem+json errors with kong:trace instances, 400s that list
// every invalid parameter (a window must lie within the last 7 days, as
// Kong documents), 404 for unknown portals and 409 while a job runs.
// A job moves through accepted, pending and running to completed (or failed)
// on the server's clock, so tests can drive it with a fake clock instead of
// sleeping. Times are kept at Options.Precision, microseconds by default, as
// Konnect keeps them, so a client sees fewer fractional digits than it sent.
//
// As in Konnect, a portal is either a classic Dev Portal, known only under
// /v2/portals/{portalId} (Options.Portals, AddPortals), or a new Dev Portal,
// known only under /v3 (Options.NewPortals, AddNewPortals); its routes under
// the other version answer 404. GET /v2|v3/portals/{portalId} answers a
// minimal portal, or 404, so a client can check that a portal exists, and
// GET /v2|v3/portals lists a region's portals of that version by name, a
// page at a time (page[size], 10 by default and 100 at most, or capped at
// Options.MaxPageSize, and page[number] from 1), with meta.page's number,
// size and total. Each
// portal is in one region, as in Konnect, when it says so: those made with
// AddPortalsIn or AddNewPortalsIn, and those the server starts with
// (Options.Portals, NewPortals) when Options.PortalRegion names one; in
// every other region their routes answer 404 and the lists leave them out.
// Without PortalRegion, the portals the server starts with, and those
// AddPortals and AddNewPortals make, are in every region. The
// organization always exists. Jobs and webhook statuses are kept per region
// and per portal (or organization); a webhook's status is whatever
// Options.Webhook and SetWebhook say, and never depends on jobs, nor jobs on
// it.
//
// Faults (SetFaults, Options.Faults) make it misbehave the way the network
// and a gateway in front of Konnect can: delays, 503 and 429 with
// Retry-After, an HTML 502, a cut-off body, a dropped connection, or a stall:
// a request processed whose answer is held back until the client gives up.
// Rules pick requests by method and path, and fault the first attempts of
// each request or an even share of them, deterministically, so retry logic
// can be tested.
//
// Every request is recorded, so tests can check what a client actually sent
// (Options.LogLimit bounds the log for a long-running server), and an
// OnRequest hook (SetOnRequest) runs as each one is recorded, before it is
// answered, so a test can act at exactly that moment. GET /healthz answers
// 200 without a token, and is neither held, faulted nor recorded.
//
// Each logged request has a Turn: its place in the chain of answers, one
// more than the largest Turn among the requests answered before it arrived,
// so a test or a benchmark can tell how many answers in turn a client waits
// for (two GETs at once, then a PUT: 2, not 3). HoldRounds holds requests
// until each round of them has arrived, and answers a round together, so
// that the count does not depend on timing; ReleaseHeld lets them all go.
//
// The runtime controls under ControlPath (/_mock) do over HTTP what a Go
// test does with the methods: set a webhook's status, add a named portal,
// make a job end failed, end jobs at once, read and clear the request log.
// They let a user of konnect-mock play an incident without a restart. They
// answer loopback clients only, or Options.ControlToken's bearer only, and
// are neither held, faulted nor recorded. ControlUsage lists them.
//
// The package imports only the standard library.
package mockkonnect
