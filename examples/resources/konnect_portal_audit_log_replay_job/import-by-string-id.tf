# Adopt the job Konnect already has for the portal of the "incident" resource
# above. The ID is <region>/<portal_id>, or the portal ID alone for the
# provider's region. Set the window to the job's own (the data source reads
# it), or the first apply sends the configured window instead.
import {
  to       = konnect_portal_audit_log_replay_job.incident
  provider = konnect-iac
  id       = "eu/3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74"
}
