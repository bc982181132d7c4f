# The import resets no password. A configuration that sets password_triggers or
# password_secret_name (the cluster does not store them) plans one in-place update that records
# them and adopts the password the store holds for the user (or warns that there is none).
import {
  to = powerscale_user.acme_svc
  id = "System/acme-svc"
}
