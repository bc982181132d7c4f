# One user by name.
data "powerscale_user" "admin" {
  name = "admin"
}

# The enabled users of a zone whose names start with "acme-" (every page).
data "powerscale_user" "acme" {
  zone        = "System"
  name_prefix = "acme-"
  enabled     = true
}

output "acme_user_names" {
  value = [for u in data.powerscale_user.acme.users : u.name]
}
