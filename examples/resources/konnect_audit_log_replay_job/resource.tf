# The window of the incident, in RFC 3339: within the last 7 days when it is
# sent, for example "2026-11-19T08:00:00Z". Once sent, it keeps planning
# cleanly however old it grows.
variable "incident_start" {
  type = string
}

variable "incident_end" {
  type = string
}

# Replay the organization's audit logs of the incident to its audit log
# webhook, in the provider's region, and wait until Konnect has delivered them.
resource "konnect_audit_log_replay_job" "incident" {
  start_at            = var.incident_start
  end_at              = var.incident_end
  wait_for_completion = true
}

# The organization's job in another region.
resource "konnect_audit_log_replay_job" "australia" {
  region   = "au"
  start_at = var.incident_start
  end_at   = var.incident_end
}
