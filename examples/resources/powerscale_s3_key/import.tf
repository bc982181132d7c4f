import {
  to = powerscale_s3_key.alice
  id = "System/alice"
}
