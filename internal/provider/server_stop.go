package provider

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// On Ctrl-C Terraform calls StopProvider. terraform-plugin-go (v0.31,
// tf6server) passes the call on to the server here, and as soon as it
// returns cancels the context of every request in flight; its InvokeAction
// then drops any event it has not sent yet, the completed one too. The
// stream ends without an error, and Terraform 1.15 counts an action whose
// stream ends without a completed event as done: the apply says "Apply
// complete!" and exits 0. So StopProvider stops the actions being invoked
// and returns only once each has sent its last event, its error saying
// that it was stopped. TestPluginGoDropsWhatAStoppedActionSends tells
// when this can go.
//
// Once stopped, an action sends no more progress: Terraform, stopped too,
// halts the action at the next event it reads ("execution halted"), and a
// progress event read first would hide the error that follows it.

// stopWait bounds how long StopProvider waits for the actions it stopped.
// A stopped action ends within seconds (at most one read of its job); the
// bound only keeps a stream that nobody reads from holding Terraform's stop.
const stopWait = 30 * time.Second

// StopProvider stops every action being invoked, passes the call on, and
// waits until each action's stream has ended.
func (s releasingServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	stopped := s.invocations.stopAll()
	resp, err := s.frameworkServer.StopProvider(ctx, req)
	timer := time.NewTimer(stopWait)
	defer timer.Stop()
	for _, inv := range stopped {
		select {
		case <-inv.ended:
		case <-timer.C:
			return resp, err
		}
	}
	return resp, err
}

// invocations are the actions being invoked, for StopProvider.
type invocations struct {
	mu      sync.Mutex
	running map[*invocation]struct{}
}

// invocation is one action being invoked.
type invocation struct {
	stop    func()        // cancels the action's context
	stopped atomic.Bool   // set by StopProvider
	ended   chan struct{} // closed once the stream has ended
}

// start records an action whose context stop cancels.
func (all *invocations) start(stop func()) *invocation {
	inv := &invocation{stop: stop, ended: make(chan struct{})}
	all.mu.Lock()
	defer all.mu.Unlock()
	if all.running == nil {
		all.running = map[*invocation]struct{}{}
	}
	all.running[inv] = struct{}{}
	return inv
}

// end forgets an action whose stream has ended.
func (all *invocations) end(inv *invocation) {
	all.mu.Lock()
	delete(all.running, inv)
	all.mu.Unlock()
	close(inv.ended)
}

// stopAll stops every action being invoked, and returns them.
func (all *invocations) stopAll() []*invocation {
	all.mu.Lock()
	defer all.mu.Unlock()
	stopped := make([]*invocation, 0, len(all.running))
	for inv := range all.running {
		inv.stopped.Store(true)
		inv.stop()
		stopped = append(stopped, inv)
	}
	return stopped
}

// events passes an action's events on; once it is stopped, only the
// completed one.
func (inv *invocation) events(events iter.Seq[tfprotov6.InvokeActionEvent]) iter.Seq[tfprotov6.InvokeActionEvent] {
	return func(yield func(tfprotov6.InvokeActionEvent) bool) {
		for ev := range events {
			if _, progress := ev.Type.(tfprotov6.ProgressInvokeActionEventType); progress && inv.stopped.Load() {
				continue
			}
			if !yield(ev) {
				return
			}
		}
	}
}
