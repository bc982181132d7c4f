import {
  to = powerscale_user.acme_svc
  id = "System/acme-svc"
}
