# Adopt the job Konnect already has for the organization in region eu. Set
# start_at and end_at to the job's window (the data source reads it), or the
# first apply sends the configured window instead.
import {
  to       = konnect_audit_log_replay_job.incident
  provider = konnect-iac
  id       = "eu"
}
