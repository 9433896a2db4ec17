# Every replay job of the Dev Portals in the provider's region, classic and
# new, with the resource as an import would read it.
list "konnect_portal_audit_log_replay_job" "all" {
  provider         = konnect-iac
  include_resource = true
}

# The portals of region us, at most 20 jobs.
list "konnect_portal_audit_log_replay_job" "us" {
  provider = konnect-iac
  limit    = 20

  config {
    region = "us"
  }
}
