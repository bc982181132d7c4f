# By the type and path of the quota (or by the id the cluster gave it).
import {
  to = powerscale_quota.acme
  id = "directory:/ifs/tenants/acme"
}
