data "powerscale_quota" "acme" {
  path = "/ifs/tenants/acme"
  type = "directory"
}

output "acme_hard_limit" {
  value = data.powerscale_quota.acme.thresholds.hard
}
