import {
  to = powerscale_user_group.acme
  id = "System/acme"
}
