data "powerscale_s3_global_settings" "this" {}

output "s3_https_port" {
  value = data.powerscale_s3_global_settings.this.https_port
}
