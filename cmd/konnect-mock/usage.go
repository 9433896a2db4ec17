package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// printUsage is -h: what the mock serves, its flags, and how to use them.
func printUsage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `Usage: konnect-mock [flags]

konnect-mock imitates Kong Konnect's audit log replay job API in memory, for
trying the provider and for CI without a Konnect organization. It serves, in
every region (`+strings.Join(mockkonnect.Regions, " ")+`):

  GET|PUT /{region}/v2/portals/{portalId}/audit-log-replay-job
  GET|PUT /{region}/v3/portals/{portalId}/audit-log-replay-job
  GET     /{region}/v2/portals/{portalId}/audit-log-webhook/status
  GET     /{region}/v3/portals/{portalId}/audit-log-webhook/status
  GET     /{region}/v2/portals/{portalId}
  GET     /{region}/v3/portals/{portalId}
  GET     /{region}/v2/portals                    (page[size], page[number])
  GET     /{region}/v3/portals                    (page[size], page[number])
  GET|PUT /{region}/v2/audit-log-replay-job       (the organization's job)
  GET|PUT /{region}/v3/audit-log-replay-job       (the same job)
  GET     /{region}/v2/audit-log-webhook/status   (the organization's webhook)
  GET     /{region}/v3/audit-log-webhook/status   (the same webhook)
  GET     /{region}/v2|v3/portals/{portalId}/audit-log-webhook  (where it sends)
  GET     /{region}/v2|v3/audit-log-webhook       (the organization's: an endpoint
                                                  under v2, a destination under v3)
  GET     /healthz                                (200 when ready; no token)

A path without a region prefix is the us region. As in Konnect, a portal is
either classic, known only under /v2 (-portals; by default every portal not
listed by -new-portals), or a new Dev Portal, known only under /v3
(-new-portals); under the other version its routes answer 404. The portals
listed are in the region -portal-region names, and answer 404 in every
other; without it, in every region. GET /portals lists a region's portals of
a version by name, 10 a page by default and 100 at most; with every portal
classic (no -portals), it lists those with a job there. The organization
always exists, and its job is apart from every portal's.

Jobs move from accepted to pending, running and completed on a timer; state
is lost when it exits. A window must lie within the last 7 days, as Kong
documents: a start_at or end_at older than that, or in the future, gets 400.
Times are kept to the microsecond, as Konnect keeps them. A webhook's status
is what -webhook says (by default enabled and active, never attempted), and
jobs neither depend on it nor change it.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprint(w, `
Point the provider at it, declared as konnect-iac as its docs do (the
provider fills in {region}):

  provider "konnect-iac" {
    server_url            = "http://127.0.0.1:8080/{region}"
    personal_access_token = "kpat_mock" # any token, unless -token is set
  }

Beside Kong's provider, set server_url in this provider's own block, not
with KONNECT_SERVER_URL: Kong's provider reads KONNECT_SERVER_URL and
KONNECT_TOKEN too, and does not fill in {region}.

In a CI script:

  konnect-mock -addr 127.0.0.1:0 -url-file mock.url &
  for _ in $(seq 100); do [ -s mock.url ] && break; sleep 0.1; done
  export KONNECT_SERVER_URL="$(cat mock.url)/{region}" KONNECT_TOKEN=kpat_mock

With a fixed -addr, wait until GET /healthz answers 200 instead.

Faults make the mock misbehave, to test a client's retries and error
handling. Each -fault is KIND[,key=value]..., where KIND is one of

`+mockkonnect.FaultUsage()+`For example

  konnect-mock -latency 50ms \
    -fault '503,route=PUT /v2/portals/*/audit-log-replay-job,first=2' \
    -fault '429,route=GET,share=0.25,retry-after=2'

fails the first two attempts of every distinct portal job PUT with 503,
answers every fourth GET with 429, and delays every request by 50ms.

Webhooks: each -webhook is comma-separated key=value pairs:

  portal=UUID|org  whose webhook: a portal's, or the organization's; without
                   it, the default of every webhook
  region=R         only in that region (`+strings.Join(mockkonnect.Regions, " ")+`); every region
                   if absent (needs portal=)
  enabled=B        webhook_enabled: true or false
  status=S         webhook_status: active or inactive
  code=N           last_response_code, 100 to 599
  attempt=T        last_attempt_at, RFC 3339
  endpoint=URL     where the organization's endpoint-based webhook sends
                   (GET /v2/audit-log-webhook)
  destination=UUID the audit log destination a portal's webhook (or the
                   organization's under /v3) sends to
  message=TEXT     last_response_message; must come last, and takes the rest
                   of the spec, commas included

A key left out comes from the less specific setting: a portal's region from
that portal's every-region -webhook, that from the default -webhook, and
that from the mock's default (enabled, active, never attempted). So

  konnect-mock -webhook enabled=false \
    -webhook 'portal=org,status=inactive,code=401,attempt=2026-03-21T09:29:14Z,message=Unauthorized, bad token'

shows every portal's webhook disabled, and the organization's disabled and
inactive after a 401.

Controls change the mock while it runs, to play an incident without a
restart (which forgets every job). They answer under /_mock, off Konnect's
routes, only to clients on loopback that name a loopback host (127.0.0.1,
[::1] or localhost), or, with -control-token, only to requests bearing that
token; never to a browser's page:

`+mockkonnect.ControlUsage()+`
For example, a webhook goes down and comes back:

  curl -sS -X POST http://127.0.0.1:8080/_mock/webhook -d '{"portal_id": "org",
    "webhook_status": "inactive", "last_response_code": 503}'
  curl -sS -X POST http://127.0.0.1:8080/_mock/webhook -d '{"portal_id": "org",
    "webhook_status": "active", "last_response_code": 200}'

It runs in bounded memory whatever it is sent: it keeps the newest
-request-log requests (64 KiB of each body, none of their headers), reads
at most 64 KiB of a request's headers and 1 MiB of its body
(a larger one gets 413), serves at most -max-conns connections at a time,
keeps at most -max-jobs jobs, 10,000 portals added and 1,000 jobs to come
marked to fail by the controls, and a first=N fault rule remembers the 10,000 distinct requests it saw first most
recently (an older one counts as new again). No fault applies to /healthz.

Each request is one line on stderr (unless -quiet): method, path as sent
(percent-encoded, never decoded, so a line is always one request), status
("dropped" if none was sent) and time taken. A request's headers must arrive
within 10s, or its connection is closed; its body within 30s of its start,
or it gets 408 and its connection is closed. A kept-alive connection closes
after 2m idle. Nothing limits how long an answer takes: latency and stall
faults wait as long as asked, unless the client gives up.

It stops on SIGINT or SIGTERM: requests in flight get 5s to finish (one in a
delay or a stall gets no answer), then their connections are closed, and it
exits with status 0. It exits with status 2 for a mistake on the command
line, including a -url-file that exists and is not a regular file.
`)
}
