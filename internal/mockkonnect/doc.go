// Package mockkonnect is an in-memory stand-in for the part of Kong Konnect's
// API that manages audit log replay jobs: the Dev Portal job
// (/v2 and /v3 /portals/{portalId}/audit-log-replay-job) and its
// organization-level twin (/audit-log-replay-job).
//
// It follows Kong's published contract closely enough for a client to be
// tested against it: regions as a path prefix, bearer authentication,
// application/problem+json errors with kong:trace instances, 400s that list
// every invalid parameter, 404 for unknown portals and 409 while a job runs.
// A job moves through accepted, pending and running to completed (or failed)
// on the server's clock, so tests can drive it with a fake clock instead of
// sleeping.
//
// Faults (SetFaults, Options.Faults) make it misbehave the way the network
// and a gateway in front of Konnect can: delays, 503 and 429 with
// Retry-After, an HTML 502, a cut-off body, a dropped connection. Rules pick
// requests by method and path, and fault the first attempts of each request
// or an even share of them, deterministically, so retry logic can be tested.
//
// Every request is recorded, so tests can check what a client actually sent.
// The package imports only the standard library.
package mockkonnect
