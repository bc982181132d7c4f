# The S3 settings of one tenant's zone. Only the settings named here are managed; destroying this
# resource puts back the values they had before it was created.
resource "powerscale_s3_zone_settings" "acme" {
  zone              = "acme"
  object_acl_policy = "deny"
  base_domain       = "s3.acme.example.com"
  use_md5_for_etag  = true
}
