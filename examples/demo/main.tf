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
  description = "Any UUID: the mock knows every portal."
  type        = string
  default     = "5b1e9c3a-7d2f-4a8e-b6c4-0f9d8e7a6b52"
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

# Reads the job back the way any other configuration could, after the resource
# has finished waiting for it.
data "konnect_portal_audit_log_replay_job" "demo" {
  provider = konnect-iac

  portal_id = konnect_portal_audit_log_replay_job.demo.portal_id
  region    = konnect_portal_audit_log_replay_job.demo.region
}

output "job_id" {
  value = konnect_portal_audit_log_replay_job.demo.id
}

output "job_status" {
  value = konnect_portal_audit_log_replay_job.demo.status
}

output "read_back" {
  value = {
    status     = data.konnect_portal_audit_log_replay_job.demo.status
    start_at   = data.konnect_portal_audit_log_replay_job.demo.start_at
    end_at     = data.konnect_portal_audit_log_replay_job.demo.end_at
    updated_at = data.konnect_portal_audit_log_replay_job.demo.updated_at
  }
}
