package provider

import "time"

// What the replay job resource (replay_job_send.go) and the replay action
// (replay_action_invoke.go) share when they send a window: the time allowed
// when nothing says otherwise, and who is sending, which picks the words of
// every message about it (replay_report.go).

// defaultSendTimeout bounds sending and waiting when the resource's
// timeouts block, or the action's timeout, does not say otherwise.
const defaultSendTimeout = 30 * time.Minute

// sender is who sends a window. Where the resource and the action say
// something differently, a message chooses between two whole sentences by
// it.
type sender int

const (
	// byResource: the replay job resource, whose state records the window
	// and whose next refresh reads its job.
	byResource sender = iota
	// byAction: the replay action, which sends the window when invoked and
	// keeps nothing.
	byAction
)

// sendReport is what the messages about a window quote beside its Outcome:
// who sent it, and the settings and window it was sent with.
type sendReport struct {
	by sender
	// timeout bounds sending and waiting; for the resource, timeoutName is
	// the setting that gave it ("timeouts.create" or "timeouts.update"),
	// for the action it is always timeout.
	timeout     time.Duration
	timeoutName string
	// jobType is the data source that reads the job, which the action's
	// messages point to.
	jobType string
	// windowAttribute, when set, is the attribute that Konnect's complaints
	// about start_at and end_at point at, where the window was not given as
	// those attributes.
	windowAttribute string
	// windowNote, with windowAttribute, says what window that attribute
	// gave, since Konnect's complaints name start_at and end_at.
	windowNote string
}
