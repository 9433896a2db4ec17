# Read the organization's audit log webhook status in a region, and warn on
# every plan while it cannot take a replay.
data "konnect_audit_log_webhook_status" "organization" {
  provider = konnect-iac

  region = "eu"
}

check "organization_webhook_ready" {
  assert {
    condition     = data.konnect_audit_log_webhook_status.organization.webhook_enabled == true
    error_message = "The organization's audit log webhook is disabled: a replay would deliver nothing."
  }
}
