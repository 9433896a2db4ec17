# The window to replay: when the audit log webhook's destination missed the
# organization's audit logs. RFC 3339 times, as YYYY-MM-DDThh:mm:ssZ or with an
# offset such as +01:00 in place of Z. The window must start within the last
# 7 days when applied; once sent, it plans cleanly however old it grows. Set
# both in a .tfvars file or with -var.
variable "incident_start_at" {
  description = "Start of the incident's window to replay (RFC 3339, within the last 7 days when applied)."
  type        = string
}

variable "incident_end_at" {
  description = "End of the incident's window to replay (RFC 3339, not in the future)."
  type        = string
}

# Replay the organization's audit logs of the window to its audit log webhook,
# in the provider's region, and wait until Konnect has delivered them.
resource "konnect_audit_log_replay_job" "incident" {
  provider = konnect-iac

  start_at            = var.incident_start_at
  end_at              = var.incident_end_at
  wait_for_completion = true
}

# The organization's job in another region: each region has its own.
resource "konnect_audit_log_replay_job" "incident_australia" {
  provider = konnect-iac

  region   = "au"
  start_at = var.incident_start_at
  end_at   = var.incident_end_at
}
