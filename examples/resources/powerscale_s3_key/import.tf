# The plan after the import changes nothing when the secret store holds the key's secret under
# secret_name and the configuration leaves the other arguments at their defaults. Arguments the
# cluster does not store (existing_key_expiry_minutes, rotation_triggers, ...) configured otherwise
# are recorded by an in-place update that mints nothing. A key whose secret the store lacks is
# rotated, and its current secret stays valid for adoption_expiry_minutes (default 60).
import {
  to = powerscale_s3_key.alice
  id = "System/alice"
}
