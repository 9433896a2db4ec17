package mockkonnect

import (
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
}

// phases are how long a job spends in each status before it ends.
type phases struct {
	accepted, pending, running time.Duration
}

// statusAt returns the job's status at now and when that status began.
// failSince is when FailJobs was called for the job (zero if never): a job
// that ends after that fails, one that ended before keeps its outcome.
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
	case !failSince.IsZero() && !endedAt.Before(failSince):
		return statusFailed, endedAt
	default:
		return statusCompleted, endedAt
	}
}

// SetJob stores a job as though a PUT of [start, end] was accepted now: its
// phases restart from now. It skips validation, portal checks and the log.
func (s *Server) SetJob(region, portalID string, start, end time.Time) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[newJobKey(region, portalID)] = job{start: start, end: end, acceptedAt: now}
}

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
	return Job{StartAt: j.start.UTC(), EndAt: j.end.UTC(), Status: status, UpdatedAt: since.UTC()}
}

// put validates a window and, unless a job is running, replaces the job.
// Validation comes first so a client learns about a bad body even while busy.
func (s *Server) put(key jobKey, body []byte) response {
	now := s.now()
	if len(body) > maxBody {
		return parseFailure()
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
	s.jobs[key] = job{start: start, end: end, acceptedAt: now}
	return jsonResponse(http.StatusAccepted, Job{
		StartAt: start.UTC(), EndAt: end.UTC(), Status: statusAccepted, UpdatedAt: now.UTC(),
	})
}
