export { clusterResource } from './resource';
export { clusterSchema, GUID_PATTERN } from './schema';
export type { ClusterModel } from './schema';
export { CLUSTER_CONFIG_PATH, fetchClusterIdentity, LATEST_PATH, sameGuid } from './identity';
export type { ClusterIdentity } from './identity';
