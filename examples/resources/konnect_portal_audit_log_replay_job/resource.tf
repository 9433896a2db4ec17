# Replay a day of a portal's audit logs to its audit log webhook, in the
# provider's region. The window must lie within the last 7 days when it is
# sent; once sent, it keeps planning cleanly however old it grows.
resource "konnect_portal_audit_log_replay_job" "incident" {
  portal_id = "3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74"
  start_at  = "2026-11-19T00:00:00Z"
  end_at    = "2026-11-20T00:00:00Z"
}

# Wait for the job to complete, so that the apply fails if Konnect reports the
# job as failed. A job already running for this portal is waited for before the
# window is sent. Times may carry any offset.
resource "konnect_portal_audit_log_replay_job" "backfill" {
  portal_id           = "a7d4e9b2-1c6f-4e3a-9b8d-2f5e7c1a0d63"
  start_at            = "2026-11-18T09:00:00+01:00"
  end_at              = "2026-11-18T17:30:00+01:00"
  wait_for_completion = true

  timeouts {
    create = "45m"
    update = "45m"
  }
}

# A portal in another region than the provider's: set region on the resource
# instead of configuring a second provider.
resource "konnect_portal_audit_log_replay_job" "australia" {
  portal_id = "c2b8f1a6-5d3e-4f7c-8a9b-6e0d4c3b2a15"
  region    = "au"
  start_at  = "2026-11-21T22:00:00Z"
  end_at    = "2026-11-22T04:00:00Z"
}
