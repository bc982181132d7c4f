/**
 * The OneFS PAPI client. Re-exports only; importing this module does no work beyond defining
 * classes (undici and the CA bundle are loaded on a client's first request).
 */
export type { PapiApi, PapiRequestOptions } from './types';
export { PapiClient, createPapiClient, SESSION_PATH } from './client';
export type { PapiClientOptions, PapiClientConfig } from './client';
export { ClusterConnection, DEFAULT_PAPI_PORT } from './connection';
export type { ClusterConnectionInit, ClusterEndpointInit } from './connection';
export { PapiError, PapiAuthenticationError, isPapiError } from './errors';
export type { PapiErrorFields } from './errors';
export { extractAec, httpFallbackMessage, MAX_MESSAGE_LENGTH } from './aec';
export type { AecSummary } from './aec';
export { papiPath, pathSegment, PapiPathError } from './path';
export { silentLogger } from './logger';
export type { PapiLogger, PapiLogFields } from './logger';
export type { RetryOptions } from './retry';
export type { PapiFetch } from './transport';
export { BodyReader, PapiDecodeError } from './decode';
export { createZone, deleteZone, getZone, listZones, updateZone, ZONES_PATH } from './zones';
export type { AccessZone, ZoneCreateInput, ZonePersona, ZoneUpdateInput } from './zones';
export { addGroupMember, createGroup, deleteGroup, getGroup, GROUPS_PATH, listGroupMembers, listGroups, removeGroupMember, setGroupGid } from './groups';
export type { GroupMember, UserGroup } from './groups';
export { BUCKET_PERMISSIONS, bucketsPath, createBucket, deleteBucket, getBucket, listBuckets, OBJECT_ACL_POLICIES, updateBucket } from './buckets';
export type { BucketCreateInput, BucketGrant, BucketGrantee, BucketGrantInput, BucketPermission, BucketUpdateInput, ObjectAclPolicy, S3Bucket } from './buckets';
export { DEFAULT_PAGE_SIZE, listAll } from './paging';
export type { ListOptions } from './paging';
export { deleteS3Key, lookupS3Key, mintS3Key, s3KeyPath, S3_KEYS_API_VERSION } from './s3-keys';
export type { MintedS3Key, MintS3KeyOptions, S3KeyLookup, S3KeyView } from './s3-keys';
export { createQuota, deleteQuota, getQuota, listQuotas, QUOTA_TYPES, quotasPath, THRESHOLDS_ON, updateQuota } from './quotas';
export type { Quota, QuotaCreateInput, QuotaFilter, QuotaPersona, QuotaThresholds, QuotaType, QuotaUpdateInput, QuotaUsage, ThresholdsOn } from './quotas';
export { AREA_VERSIONS, apiVersionOf, parseLatest, pickApiVersion } from './versions';
export type { PapiArea } from './versions';
export { createUser, deleteUser, getUser, listUsers, updateUser, userPath, USERS_PAGE_LIMIT, USERS_PATH } from './users';
export type { ListUsersOptions, OneFsUser, UserSettingsInput } from './users';
export { AUTH_USERS_PATH, USER_PAGE_LIMIT, userNamePages } from './user-pages';
export type { UserNamePagesOptions } from './user-pages';
