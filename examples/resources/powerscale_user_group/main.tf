# A local group whose membership Terraform manages (members added or removed
# outside Terraform are put back on the next apply).
resource "powerscale_user_group" "acme" {
  name  = "acme"
  zone  = "System"
  users = ["acme-svc", "acme-admin"]
}
