# The password of a second cluster, read from the secret store for this run
# only: it is never written to plan or state.
ephemeral "powerscale_secret" "dr_admin" {
  name = "dr-cluster-tf-service"
}

provider "powerscale" {
  alias    = "dr"
  endpoint = "https://dr-cluster.example.com:8080"
  username = "tf-service"
  password = ephemeral.powerscale_secret.dr_admin.value
}
