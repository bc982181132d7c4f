import {
  to = powerscale_s3_bucket.acme_data
  id = "System/acme-data"
}
