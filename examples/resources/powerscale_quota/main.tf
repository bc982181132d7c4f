# A directory quota on a tenant's directory: writes are refused above 500 GiB,
# notifications start at 400 GiB. Removing a threshold here clears it on the cluster.
resource "powerscale_quota" "acme" {
  path = "/ifs/tenants/acme"
  type = "directory"

  thresholds = {
    hard     = 536870912000 # 500 GiB
    advisory = 429496729600 # 400 GiB
  }
}

# A user quota: the data one local user of the zone writes under the directory.
resource "powerscale_quota" "acme_svc" {
  path    = "/ifs/tenants/acme"
  type    = "user"
  persona = "acme-svc"
  zone    = "System"

  thresholds = {
    hard       = 107374182400 # 100 GiB
    soft       = 85899345920  # 80 GiB ...
    soft_grace = 604800       # ... for at most a week
  }
}

output "acme_used_bytes" {
  value = powerscale_quota.acme.usage.logical
}
