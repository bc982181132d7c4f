# There is one per cluster: import it with the id "global". An imported resource remembers nothing:
# destroying it leaves the settings as they are.
import {
  to = powerscale_s3_global_settings.this
  id = "global"
}
