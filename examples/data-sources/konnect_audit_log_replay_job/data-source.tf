# Read the organization's current replay job in a region, whoever sent it. An
# organization that never had one reads as status "unconfigured" with null times.
data "konnect_audit_log_replay_job" "current" {
  provider = konnect-iac

  region = "eu" # optional: defaults to the provider's region
}

output "organization_replay_job" {
  value = {
    status     = data.konnect_audit_log_replay_job.current.status
    start_at   = data.konnect_audit_log_replay_job.current.start_at
    end_at     = data.konnect_audit_log_replay_job.current.end_at
    updated_at = data.konnect_audit_log_replay_job.current.updated_at
  }
}
