package mockkonnect

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Job statuses, as Konnect spells them.
const (
	statusUnconfigured = "unconfigured"
	statusAccepted     = "accepted"
	statusPending      = "pending"
	statusRunning      = "running"
	statusCompleted    = "completed"
	statusFailed       = "failed"
)

// Job is the current view of a replay job, as a GET would answer it.
type Job struct {
	StartAt   time.Time // start of the replayed window, in UTC
	EndAt     time.Time // end of the replayed window, in UTC
	Status    string    // unconfigured, accepted, pending, running, completed or failed
	UpdatedAt time.Time // when the current status began
}

// jobKey identifies a job: one per portal and region, plus one organization
// job (portal "") per region.
type jobKey struct {
	region string
	portal string
}

func newJobKey(region, portalID string) jobKey {
	region = strings.ToLower(region)
	if region == "" {
		region = defaultRegion
	}
	return jobKey{region: region, portal: normalizeID(portalID)}
}

// job is what an accepted PUT leaves behind. Its status is derived from the
// clock when asked, so a fake clock moves jobs along without timers.
type job struct {
	start, end time.Time
	acceptedAt time.Time
	fail       bool // ends "failed": POST /_mock/jobs/fail marked it
}

// ended reports whether a job's status is final: completed or failed.
func ended(status string) bool { return status == statusCompleted || status == statusFailed }

// phases are how long a job spends in each status before it ends.
type phases struct {
	accepted, pending, running time.Duration
}

// statusAt returns the job's status at now and when that status began.
// failSince is when FailJobs was called for the job (zero if never): a job
// that ends after that fails, one that ended before keeps its outcome. A job
// marked to fail (j.fail) fails too.
func (p phases) statusAt(j job, now, failSince time.Time) (string, time.Time) {
	pendingAt := j.acceptedAt.Add(p.accepted)
	runningAt := pendingAt.Add(p.pending)
	endedAt := runningAt.Add(p.running)
	switch {
	case now.Before(pendingAt):
		return statusAccepted, j.acceptedAt
	case now.Before(runningAt):
		return statusPending, pendingAt
	case now.Before(endedAt):
		return statusRunning, runningAt
	case j.fail || (!failSince.IsZero() && !endedAt.Before(failSince)):
		return statusFailed, endedAt
	default:
		return statusCompleted, endedAt
	}
}

// SetJob stores a job as though a PUT of [start, end] was accepted now: its
// phases restart from now, and the window is truncated to Options.Precision.
// It skips validation, portal checks and the log.
func (s *Server) SetJob(region, portalID string, start, end time.Time) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[newJobKey(region, portalID)] = job{start: s.atPrecision(start), end: s.atPrecision(end), acceptedAt: now}
}

// atPrecision truncates t to Options.Precision, as Konnect stores times. Only
// what is kept and shown is truncated: validation and the phases of a job use
// the exact times.
func (s *Server) atPrecision(t time.Time) time.Time { return t.Truncate(s.precision) }

// ClearJob returns a job to "unconfigured".
func (s *Server) ClearJob(region, portalID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.jobs, newJobKey(region, portalID))
}

// FailJobs makes that portal's jobs in that region end "failed" instead of
// "completed", from now on; a job that already ended keeps its outcome.
// portalID "" means the organization job.
func (s *Server) FailJobs(region, portalID string) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	key := newJobKey(region, portalID)
	if _, ok := s.failing[key]; !ok {
		s.failing[key] = now
	}
}

// Job returns the current view of a job, and false when it is unconfigured.
// portalID "" means the organization job.
func (s *Server) Job(region, portalID string) (Job, bool) {
	v := s.view(newJobKey(region, portalID), s.now())
	return v, v.Status != statusUnconfigured
}

func (s *Server) view(key jobKey, now time.Time) Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.viewLocked(key, now)
}

func (s *Server) viewLocked(key jobKey, now time.Time) Job {
	j, ok := s.jobs[key]
	if !ok {
		return Job{Status: statusUnconfigured}
	}
	status, since := s.phases.statusAt(j, now, s.failing[key])
	return Job{StartAt: j.start.UTC(), EndAt: j.end.UTC(), Status: status, UpdatedAt: s.atPrecision(since).UTC()}
}

// dropFinishedLocked forgets the job that finished first, completed or
// failed, to make room for a new one; false when none has finished.
func (s *Server) dropFinishedLocked(now time.Time) bool {
	var (
		oldest jobKey
		at     time.Time
		found  bool
	)
	for key := range s.jobs {
		v := s.viewLocked(key, now)
		if v.Status != statusCompleted && v.Status != statusFailed {
			continue
		}
		if !found || v.UpdatedAt.Before(at) || (v.UpdatedAt.Equal(at) && key.region+key.portal < oldest.region+oldest.portal) {
			oldest, at, found = key, v.UpdatedAt, true
		}
	}
	if found {
		delete(s.jobs, oldest)
		delete(s.failing, oldest)
	}
	return found
}

// serveJob answers GET and PUT of a portal's job or the organization's
// (portalID ""). /v2 and /v3 are one job: a portal is known under one
// version only, and the organization's job is documented under both.
func (s *Server) serveJob(r *http.Request, rt route, body []byte) response {
	key := newJobKey(rt.region, rt.portalID)
	if r.Method == http.MethodGet {
		return jsonResponse(http.StatusOK, s.view(key, s.now()))
	}
	return s.put(key, body)
}

// put validates a window and, unless a job is running, replaces the job.
// Validation comes first so a client learns about a bad body even while busy.
func (s *Server) put(key jobKey, body []byte) response {
	now := s.now()
	if len(body) > maxBody {
		return tooLarge()
	}
	start, end, resp, ok := validateWindow(body, now)
	if !ok {
		return resp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.viewLocked(key, now).Status == statusRunning {
		return conflict("A replay job is currently running")
	}
	if _, ok := s.jobs[key]; !ok && s.maxJobs > 0 && len(s.jobs) >= s.maxJobs && !s.dropFinishedLocked(now) {
		return insufficientStorage(fmt.Sprintf("The mock keeps at most %d replay jobs (-max-jobs, Options.MaxJobs), and has as many, "+
			"none of them finished: nothing was stored. Wait for a job to complete or fail, which makes room, or start the mock "+
			"with a larger -max-jobs", s.maxJobs))
	}
	j := job{start: s.atPrecision(start), end: s.atPrecision(end), acceptedAt: now}
	// A job marked to fail that a new window replaces before it ended
	// hands its mark on: the control said the portal's job would fail.
	if old, ok := s.jobs[key]; ok && old.fail && !ended(s.viewLocked(key, now).Status) {
		j.fail = true
	} else {
		s.markFailingLocked(key, &j)
	}
	s.jobs[key] = j
	return jsonResponse(http.StatusAccepted, Job{
		StartAt: j.start.UTC(), EndAt: j.end.UTC(), Status: statusAccepted, UpdatedAt: s.atPrecision(now).UTC(),
	})
}
