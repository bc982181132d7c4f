resource "powerscale_s3_key" "acme" {
  user                        = "acme-svc"
  existing_key_expiry_minutes = 60
}

# The key's stored secret for this run only (never in plan or state). The
# timestamp makes Terraform open the read after the key is applied, and the
# read fails if the cluster holds another key than the stored one.
ephemeral "powerscale_s3_key_secret" "acme" {
  secret_name          = powerscale_s3_key.acme.secret_name
  secret_key_timestamp = powerscale_s3_key.acme.secret_key_timestamp
}

# Hand it on through a write-only argument or a provider block, for example
# aws_secretsmanager_secret_version.secret_string_wo (see docs/delivering-keys.md).
locals {
  acme_s3_credentials = {
    access_key_id     = ephemeral.powerscale_s3_key_secret.acme.access_id
    secret_access_key = ephemeral.powerscale_s3_key_secret.acme.secret_key
  }
}
