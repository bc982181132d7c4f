# A bucket owned by a tenant's user, in a directory made on first apply.
# Deleting (or replacing) the bucket never deletes the directory or its objects.
resource "powerscale_s3_bucket" "acme_data" {
  name              = "acme-data"
  zone              = "System"
  path              = "/ifs/tenants/acme/data"
  create_path       = true
  owner             = "acme"
  description       = "Acme application data"
  object_acl_policy = "deny"
  acl = [
    { grantee = { name = "acme", type = "user" }, permission = "FULL_CONTROL" },
    { grantee = { name = "acme-readers", type = "group" }, permission = "READ" },
  ]
}
