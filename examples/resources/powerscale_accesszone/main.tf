# An access zone for one tenant, with its base directory created by OneFS.
resource "powerscale_accesszone" "acme" {
  name        = "acme"
  path        = "/ifs/tenants/acme"
  create_path = true
}
