# Read a portal's current replay job, whoever sent it. A portal that never had
# one reads as status "unconfigured" with null times.
data "konnect_portal_audit_log_replay_job" "current" {
  provider = konnect-iac

  portal_id = "3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74"
  region    = "eu" # optional: defaults to the provider's region
}

output "replay_job" {
  value = {
    status     = data.konnect_portal_audit_log_replay_job.current.status
    start_at   = data.konnect_portal_audit_log_replay_job.current.start_at
    end_at     = data.konnect_portal_audit_log_replay_job.current.end_at
    updated_at = data.konnect_portal_audit_log_replay_job.current.updated_at
  }
}
