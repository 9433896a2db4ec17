# The configuration examples/demo/run.sh applies against a local mock Konnect.
# The script passes every variable in demo.auto.tfvars.

# This provider's local name is konnect-iac, as in every example: Kong's own
# provider keeps the name konnect when both are used.
terraform {
  required_providers {
    konnect-iac = {
      source = "konnect-iac/konnect"
    }
  }
}

variable "server_url" {
  description = "The mock's base URL followed by /{region}."
  type        = string
}

variable "token" {
  description = "The token the mock was started with."
  type        = string
  sensitive   = true
}

variable "portal_id" {
  description = "A classic Dev Portal: the mock knows every portal not named as a new one as classic."
  type        = string
  default     = "5b1e9c3a-7d2f-4a8e-b6c4-0f9d8e7a6b52"
}

variable "new_portal_id" {
  description = "A new Dev Portal, known to the mock's /v3 API only (its -new-portals flag)."
  type        = string
}

# The window comes from the script, computed once from the clock. Computing it
# here with plantimestamp() would give every plan a new window, so every apply
# would send the job again and no second plan would ever be empty.
variable "start_at" {
  description = "Start of the window to replay, RFC 3339."
  type        = string
}

variable "end_at" {
  description = "End of the window to replay, RFC 3339."
  type        = string
}

provider "konnect-iac" {
  personal_access_token = var.token
  server_url            = var.server_url
  region                = "eu"
}

# Before replaying, read the webhooks the replays deliver to: each job checks
# its own again right before it sends a window.
data "konnect_portal_audit_log_webhook_status" "demo" {
  provider = konnect-iac

  portal_id = var.portal_id
}

data "konnect_audit_log_webhook_status" "demo" {
  provider = konnect-iac
}

# A classic Dev Portal's job, waited for until Konnect has delivered it.
resource "konnect_portal_audit_log_replay_job" "demo" {
  provider = konnect-iac

  portal_id           = var.portal_id
  start_at            = var.start_at
  end_at              = var.end_at
  wait_for_completion = true

  timeouts {
    create = "2m"
    update = "2m"
  }
}

# A new Dev Portal's job: the same resource, which finds out once that
# Konnect knows the portal under /v3, and records api_version = "v3".
resource "konnect_portal_audit_log_replay_job" "new_portal" {
  provider = konnect-iac

  portal_id           = var.new_portal_id
  start_at            = var.start_at
  end_at              = var.end_at
  wait_for_completion = true

  timeouts {
    create = "2m"
    update = "2m"
  }
}

# The organization's own audit logs, in the provider's region.
resource "konnect_audit_log_replay_job" "demo" {
  provider = konnect-iac

  start_at            = var.start_at
  end_at              = var.end_at
  wait_for_completion = true

  timeouts {
    create = "2m"
    update = "2m"
  }
}

# Reads the job back the way any other configuration could, after the resource
# has finished waiting for it.
data "konnect_portal_audit_log_replay_job" "demo" {
  provider = konnect-iac

  portal_id   = konnect_portal_audit_log_replay_job.demo.portal_id
  region      = konnect_portal_audit_log_replay_job.demo.region
  api_version = konnect_portal_audit_log_replay_job.demo.api_version # found once by the resource
}

output "job_id" {
  value = konnect_portal_audit_log_replay_job.demo.id
}

output "job_status" {
  value = konnect_portal_audit_log_replay_job.demo.status
}

output "new_portal_job" {
  value = {
    status      = konnect_portal_audit_log_replay_job.new_portal.status
    api_version = konnect_portal_audit_log_replay_job.new_portal.api_version
  }
}

output "organization_job_status" {
  value = konnect_audit_log_replay_job.demo.status
}

output "webhooks" {
  value = {
    portal_enabled       = data.konnect_portal_audit_log_webhook_status.demo.webhook_enabled
    portal_status        = data.konnect_portal_audit_log_webhook_status.demo.webhook_status
    organization_enabled = data.konnect_audit_log_webhook_status.demo.webhook_enabled
    organization_status  = data.konnect_audit_log_webhook_status.demo.webhook_status
  }
}

output "read_back" {
  value = {
    status     = data.konnect_portal_audit_log_replay_job.demo.status
    start_at   = data.konnect_portal_audit_log_replay_job.demo.start_at
    end_at     = data.konnect_portal_audit_log_replay_job.demo.end_at
    updated_at = data.konnect_portal_audit_log_replay_job.demo.updated_at
  }
}
