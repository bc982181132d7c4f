data "powerscale_user_group" "admins" {
  name = "Administrators"
}

output "admin_members" {
  value = data.powerscale_user_group.admins.users
}
