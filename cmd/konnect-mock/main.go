// Command konnect-mock serves an in-memory imitation of Kong Konnect's audit
// log replay job API, so the provider can be tried and tested without a
// Konnect organization: the replay jobs of classic Dev Portals (/v2), of new
// Dev Portals (/v3) and of the organization, the status of their audit log
// webhooks (-webhook), and the portals themselves (-portals, -new-portals),
// with faults on demand (-fault). Run it with -h for the routes and flags.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "konnect-mock:", err)
		stop()
		os.Exit(exitCode(err))
	}
}
