# A job in a region of your choice: <region>/<portal_id>
terraform import konnect_portal_audit_log_replay_job.incident eu/3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74

# A job in the provider's region: the portal ID alone
terraform import konnect_portal_audit_log_replay_job.incident 3f6c2d1e-8b4a-4c9d-a1e7-5b2f0c9d8e74
