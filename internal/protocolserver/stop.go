package protocolserver

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// stopWait bounds how long StopProvider waits for the actions it stopped.
// A stopped action should end within seconds (the replay action's does,
// after at most one read of its job); the bound only keeps a stream that
// nobody reads from holding Terraform's stop.
const stopWait = 30 * time.Second

// StopProvider stops every action being invoked, passes the call on, and
// waits until each action's stream has ended, so that its error goes out
// before terraform-plugin-go drops what the action sends.
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
// completed one: Terraform, stopped too, halts the action at the next event
// it reads ("execution halted"), and a progress event read first would hide
// the error that follows it.
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
