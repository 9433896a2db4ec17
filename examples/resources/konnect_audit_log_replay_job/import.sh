# The ID is the region of the organization's job.
terraform import konnect_audit_log_replay_job.incident eu
