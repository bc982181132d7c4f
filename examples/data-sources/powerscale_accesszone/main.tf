data "powerscale_accesszone" "system" {
  names = ["System"]
}

output "system_zone_path" {
  value = data.powerscale_accesszone.system.zones[0].path
}
