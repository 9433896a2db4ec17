# Read whether a portal's audit log webhook can take a replay, and how its last
# delivery went. api_version is found when it is not set.
data "konnect_portal_audit_log_webhook_status" "portal" {
  provider = konnect-iac

  portal_id = "3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74"
}

output "portal_webhook" {
  value = {
    enabled       = data.konnect_portal_audit_log_webhook_status.portal.webhook_enabled
    status        = data.konnect_portal_audit_log_webhook_status.portal.webhook_status
    last_attempt  = data.konnect_portal_audit_log_webhook_status.portal.last_attempt_at
    last_code     = data.konnect_portal_audit_log_webhook_status.portal.last_response_code
    last_message  = data.konnect_portal_audit_log_webhook_status.portal.last_response_message
    portal_is_new = data.konnect_portal_audit_log_webhook_status.portal.api_version == "v3"
  }
}
