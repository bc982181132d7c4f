/**
 * OneFS naming rules and limits, in one neutral module that the provider's resources, the
 * constructs and the simulator all import (so the three can never disagree). Pure constants and
 * regular expressions: no I/O, no Terraform, no PAPI.
 */

/** The zone every cluster has and that cannot be deleted; the default zone of zone-scoped APIs. */
export const SYSTEM_ZONE = 'System';

/**
 * Local user names OneFS accepts: 1 to 104 characters, no whitespace and none of
 * `/ \ : @ " < > | * ? + = ; , [ ]`.
 */
export const USER_NAME_PATTERN = /^[^\s/\\:@"<>|*?+=;,[\]]{1,104}$/;

/** The user rule in words, for diagnostics and docs. */
export const USER_NAME_RULE = 'a user name is 1 to 104 characters, with no whitespace and none of / \\ : @ " < > | * ? + = ; , [ ]';

/** Access zone names OneFS accepts: 1 to 255 letters, digits, `_`, `.` or `-`. */
export const ZONE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,255}$/;

/** The zone rule in words. */
export const ZONE_NAME_RULE = 'a zone name is 1 to 255 characters: letters, digits, "_", "." and "-"';

/** The most minutes OneFS keeps a previous S3 secret valid after a rotation (PAPI schema: 0..1440). */
export const MAX_EXISTING_KEY_EXPIRY_MINUTES = 1440;
