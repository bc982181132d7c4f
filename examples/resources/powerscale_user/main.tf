# A local user whose password the provider mints into the secret store
# (powerscale-user-System-acme-svc); state and plans hold only its name.
resource "powerscale_user" "acme_svc" {
  name  = "acme-svc"
  zone  = "System"
  gecos = "ACME S3 service account"

  # Change any value to set a new password.
  password_triggers = {
    rotated_on = "2026-12-01"
  }
}

# A user whose password comes from elsewhere, write-only (Terraform 1.11+):
# never in state or plan; bump the version to set it again.
variable "ops_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "powerscale_user" "ops" {
  name                = "ops"
  password_wo         = var.ops_password
  password_wo_version = 1
}
