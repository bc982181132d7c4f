terraform {
  required_providers {
    powerscale = {
      source  = "dapcli/powerscale"
      version = "~> 0.1"
    }
  }
}

# A file holding the password of the provider's service account, mode 0600,
# owned by the user that runs Terraform. Credentials are never read from the
# environment.
variable "password_file" {
  type    = string
  default = "/etc/powerscale/tf-service.pw"
}

provider "powerscale" {
  endpoint      = "https://cluster.example.com:8080"
  username      = "tf-service"
  password_file = var.password_file
  ca_cert_file  = "/etc/powerscale/cluster-ca.pem"

  # Production keeps minted secrets in DAP; without this block the provider
  # uses a plaintext file store on the machine that applies.
  secret_store {
    type             = "dap"
    url              = "https://dap.example.com"
    tenant           = "default_tenant"
    credentials_file = "/etc/powerscale/dap.json"
  }
}
