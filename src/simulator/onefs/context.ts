/**
 * What every OneFS route sees: the model, the session table, the accepted credentials and the
 * behaviour knobs that can change at run time (control API `POST /onefs/options`).
 */
import type { UnauthorizedBody } from './errors';
import type { OneFsModel } from './model';
import type { SessionStore } from './sessions';

/** Behaviour switches for the places where real clusters differ or the reference is uncertain. */
export interface OneFsBehaviour {
  /** Form of the auth-layer 401: pre-9.5 JSON or >= 9.5 HTML. @default "json" */
  unauthorizedBody: UnauthorizedBody;
  /**
   * "exact": `Origin` (else `Referer`) must have the scheme, host and port the request was sent to;
   * "present": either header must merely be there. @default "exact"
   */
  csrfOriginCheck: 'exact' | 'present';
  /** `POST /session/1/session/` (trailing slash) answers 404, as 9.5.0.1 did. @default true */
  rejectLoginTrailingSlash: boolean;
  /** GET of a user without a key: 200 with null members, or 404. @default "nulls" */
  s3MissingKey: 'nulls' | 'not-found';
  /** DELETE of a key that does not exist (user exists): 404 or 204. @default 404 */
  s3DeleteMissingKeyStatus: 404 | 204;
  /**
   * POST of a key without `force` when the user has one. No client was seen doing it (all send
   * `force=true`), so both answers are invented: "conflict" (409 AEC_CONFLICT, the REST server's
   * usual answer to a create over an existing object) or "rotate" (as with `force`). @default "conflict"
   */
  s3CreateExistingKey: 'conflict' | 'rotate';
  /**
   * The body of a refused login (401). "message": `{"message":"Unable to create session."}`
   * (inferred from a 40-byte body and a client reading `.message`; uncertain); "auth-layer": the
   * same static 401 as an expired session (JSON or HTML per `unauthorizedBody`). @default "message"
   */
  loginRefusalBody: 'message' | 'auth-layer';
}

export const DEFAULT_BEHAVIOUR: OneFsBehaviour = {
  unauthorizedBody: 'json',
  csrfOriginCheck: 'exact',
  rejectLoginTrailingSlash: true,
  s3MissingKey: 'nulls',
  s3DeleteMissingKeyStatus: 404,
  s3CreateExistingKey: 'conflict',
  loginRefusalBody: 'message',
};

/** The administrator credentials the simulated cluster accepts. */
export interface OneFsCredentials {
  readonly username: string;
  readonly password: string;
}

export interface OneFsContext {
  readonly model: OneFsModel;
  readonly sessions: SessionStore;
  readonly credentials: OneFsCredentials;
  behaviour: OneFsBehaviour;
}
