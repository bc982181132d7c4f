data "powerscale_s3_zone_settings" "system" {
  zone = "System"
}

output "system_s3_root_path" {
  value = data.powerscale_s3_zone_settings.system.root_path
}
