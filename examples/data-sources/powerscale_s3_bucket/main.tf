# One bucket by name.
data "powerscale_s3_bucket" "acme_data" {
  zone = "System"
  name = "acme-data"
}

# Every bucket of a zone.
data "powerscale_s3_bucket" "all" {
  zone = "System"
}

output "acme_data_path" {
  value = data.powerscale_s3_bucket.acme_data.buckets[0].path
}

output "bucket_names" {
  value = data.powerscale_s3_bucket.all.buckets[*].name
}
