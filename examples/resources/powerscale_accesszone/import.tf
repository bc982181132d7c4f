import {
  to = powerscale_accesszone.acme
  id = "acme"
}
