# The cluster-wide S3 service: HTTPS only, on the default port. Destroying this resource puts
# back the values these two settings had before it was created.
resource "powerscale_s3_global_settings" "this" {
  https_only = true
  https_port = 9021
}
