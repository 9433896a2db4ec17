# The local name is konnect-iac, so that Kong's own provider (kong/konnect)
# keeps the name konnect beside it. Every resource and data source of this
# provider then says provider = konnect-iac.
terraform {
  required_providers {
    konnect-iac = {
      source = "konnect-iac/konnect"
    }
  }
}

# Leave the token unset here to take it from the environment instead:
# KONNECT_SPAT for a system account access token, or KONNECT_TOKEN for a
# personal access token.
variable "konnect_spat" {
  description = "A Konnect system account access token (spat_...)."
  type        = string
  sensitive   = true
  default     = null
}

provider "konnect-iac" {
  system_account_access_token = var.konnect_spat

  # The region of every resource and data source that does not set its own.
  region = "eu"

  # server_url defaults to "https://{region}.api.konghq.com". The provider puts
  # each resource's region in place of {region}, so one provider block serves
  # every region. Point it at a local mock in tests, for example:
  # server_url = "http://127.0.0.1:8080/{region}"
  # A mock reached by another name, such as a CI service container, also needs
  # allow_insecure_http = true (the token then travels in clear text):
  # server_url          = "http://konnect-mock:8080/{region}"
  # allow_insecure_http = true
}
