// Command konnect-mock serves an in-memory imitation of Kong Konnect's audit
// log replay job API, so the provider can be tried and tested without a
// Konnect organization. Run it with -h for the flags.
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
