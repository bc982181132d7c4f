resource "powerscale_cluster" "this" {
  # Optional guard: plans and applies fail unless the endpoint answers as this cluster.
  expected_guid = "000e1ea582501ce1e65c8e123920ccb186fe"
}

output "cluster" {
  value = "${powerscale_cluster.this.name} (OneFS ${powerscale_cluster.this.onefs_version})"
}
