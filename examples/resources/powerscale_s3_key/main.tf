resource "powerscale_s3_key" "alice" {
  user = "alice"
  zone = "System"

  # On a rotation, the previous secret keeps working for an hour.
  existing_key_expiry_minutes = 60

  # Change any value to rotate the key.
  rotation_triggers = {
    quarter = "2026-Q4"
  }
}

# The secret's name in the store, never the secret.
output "alice_secret_name" {
  value = powerscale_s3_key.alice.secret_name
}
