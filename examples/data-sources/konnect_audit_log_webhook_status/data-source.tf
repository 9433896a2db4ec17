# Read the organization's audit log webhook status in a region, and stop the
# plan when it cannot receive a replay.
data "konnect_audit_log_webhook_status" "org" {
  region = "eu"
}

check "organization_webhook_ready" {
  assert {
    condition     = data.konnect_audit_log_webhook_status.org.webhook_enabled
    error_message = "The organization's audit log webhook is disabled: a replay would deliver nothing."
  }
}
