# This provider beside Kong's in one configuration. Kong's kong/konnect keeps
# the local name "konnect"; this one is declared as "konnect-iac". The resource
# types of both begin with konnect_, so Terraform would give each of them to
# Kong's provider: every resource and data source of this one says
# provider = konnect-iac.
terraform {
  required_providers {
    konnect = {
      source = "kong/konnect"
    }
    konnect-iac = {
      source = "konnect-iac/konnect"
    }
  }
}

# Both providers take the token from KONNECT_SPAT or KONNECT_TOKEN, and the
# server URL from KONNECT_SERVER_URL.
provider "konnect" {
  # Kong's provider chooses its region through the server URL.
  server_url = "https://eu.api.konghq.com"
}

# Null, as by default, this provider reads Konnect with the environment's
# token. CI points it at konnect-mock here, in its own block, so that Kong's
# provider keeps the environment's URL and token, and the mock never sees
# Kong's token: TF_VAR_konnect_iac_server_url="$MOCK/{region}" and
# TF_VAR_konnect_iac_token=<the mock's -token>.
variable "konnect_iac_server_url" {
  type    = string
  default = null
}

variable "konnect_iac_token" {
  type      = string
  default   = null
  sensitive = true
}

provider "konnect-iac" {
  region                = "eu"
  server_url            = var.konnect_iac_server_url
  personal_access_token = var.konnect_iac_token
}

# A Dev Portal, managed by Kong's provider. Its audit log webhook (Kong's
# konnect_portal_audit_log_webhook) must be enabled for a replay to deliver
# anything.
resource "konnect_portal" "developers" {
  name = "developers"
}

# The window to replay: when the webhook's destination missed the portal's
# audit logs. RFC 3339 times, as YYYY-MM-DDThh:mm:ssZ or with an offset such as
# +01:00 in place of Z. The window must start within the last 7 days when
# applied; once sent, it plans cleanly however old it grows. Set both in a
# .tfvars file or with -var.
variable "incident_start_at" {
  description = "Start of the incident's window to replay (RFC 3339, within the last 7 days when applied)."
  type        = string
}

variable "incident_end_at" {
  description = "End of the incident's window to replay (RFC 3339, not in the future)."
  type        = string
}

# Replays the window to the webhook of the portal Kong's provider manages.
resource "konnect_portal_audit_log_replay_job" "incident" {
  provider = konnect-iac

  portal_id           = konnect_portal.developers.id
  start_at            = var.incident_start_at
  end_at              = var.incident_end_at
  wait_for_completion = true
}

# Data sources of this provider name it too.
data "konnect_portal_audit_log_replay_job" "incident" {
  provider = konnect-iac

  portal_id = konnect_portal_audit_log_replay_job.incident.portal_id
}

output "replay_status" {
  value = data.konnect_portal_audit_log_replay_job.incident.status
}
