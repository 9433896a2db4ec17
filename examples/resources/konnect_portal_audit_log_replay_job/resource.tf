# The window to replay: when the audit log webhook's destination missed the
# portals' audit logs. RFC 3339 times, as YYYY-MM-DDThh:mm:ssZ or with an
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

# Replay the window of a portal's audit logs to its audit log webhook, in the
# provider's region.
resource "konnect_portal_audit_log_replay_job" "incident" {
  provider = konnect-iac

  portal_id = "3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74"
  start_at  = var.incident_start_at
  end_at    = var.incident_end_at
}

# The same window for another portal, waiting for the job to complete, so that
# the apply fails if Konnect reports the job as failed. A job already running
# for this portal is waited for before the window is sent.
resource "konnect_portal_audit_log_replay_job" "incident_waited" {
  provider = konnect-iac

  portal_id           = "a7d4e9b2-1c6f-4e3a-9b8d-2f5e7c1a0d63"
  start_at            = var.incident_start_at
  end_at              = var.incident_end_at
  wait_for_completion = true

  timeouts {
    create = "45m"
    update = "45m"
  }
}

# A portal in another region than the provider's: set region on the resource
# instead of configuring a second provider.
resource "konnect_portal_audit_log_replay_job" "incident_australia" {
  provider = konnect-iac

  portal_id = "c2b8f1a6-5d3e-4f7c-8a9b-6e0d4c3b2a15"
  region    = "au"
  start_at  = var.incident_start_at
  end_at    = var.incident_end_at
}
