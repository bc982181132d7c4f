# Import by zone name. An imported resource remembers nothing: destroying it leaves the settings as they are.
import {
  to = powerscale_s3_zone_settings.acme
  id = "acme"
}
