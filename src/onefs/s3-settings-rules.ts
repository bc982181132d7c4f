/**
 * The limits of OneFS's S3 service settings (OneFS 9.5 API schema, `S3SettingsZoneSettings` and
 * `S3SettingsGlobalSettings`), in one neutral module that the provider's validators and the
 * simulator's body checks both import, so the two cannot disagree. Pure constants: no I/O.
 */

/** `base_domain`: empty, or dot-separated DNS labels (the schema's pattern, verbatim). */
export const S3_BASE_DOMAIN_PATTERN = /^$|^((([a-zA-Z0-9_][a-zA-Z0-9-]{0,61})?[a-zA-Z0-9])(\.([a-zA-Z0-9_][a-zA-Z0-9-]{0,61})?[a-zA-Z0-9])*)$/;
/** `base_domain`: at most 255 characters. */
export const S3_BASE_DOMAIN_MAX = 255;
/** `root_path`: 1 to 4096 characters. */
export const S3_ROOT_PATH_MAX = 4096;
/** `root_path` must be /ifs or below it (the schema only limits the length; OneFS paths live under /ifs). */
export const S3_ROOT_PATH_PATTERN = /^\/ifs(\/.*)?$/;
/** `bucket_directory_create_mode`: a permission mode, 0 to 511 (0777). */
export const S3_CREATE_MODE_MAX = 511;
/** `object_acl_policy` values. */
export const S3_OBJECT_ACL_POLICIES = ['replace', 'deny'] as const;
/** `http_port` and `https_port`: 1024 to 65535. */
export const S3_PORT_MIN = 1024;
export const S3_PORT_MAX = 65535;
