# The organization's replay job in every region Konnect serves.
list "konnect_audit_log_replay_job" "everywhere" {
  provider         = konnect-iac
  include_resource = true

  config {
    all_regions = true
  }
}

# Only in the regions named.
list "konnect_audit_log_replay_job" "europe_and_us" {
  provider = konnect-iac

  config {
    regions = ["eu", "us"]
  }
}
