import {
  to = powerscale_cluster.this
  id = "000e1ea582501ce1e65c8e123920ccb186fe"
}
