/**
 * The S3 key calls of `powerscale_s3_key`: the wire code is `src/papi/s3-keys.ts`; this adapter
 * registers every minted secret with the log's redaction registry and turns a malformed body into
 * the resource's "Unexpected Cluster Response" diagnostic.
 */
import { PapiDecodeError } from '../../../papi/decode';
import { deleteS3Key, lookupS3Key, mintS3Key, type MintedS3Key, type S3KeyLookup, type S3KeyView } from '../../../papi/s3-keys';
import type { PapiApi } from '../../../papi/types';
import { DiagnosticError, type Log } from '../../framework';

export type { MintedS3Key, S3KeyLookup, S3KeyView };

// The member PAPI left out, as the message has always named it.
function what(field: string): string {
  return field === 'keys.old_key_expiry' ? 'a numeric keys.old_key_expiry' : field;
}

async function diagnosed<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof PapiDecodeError)) throw error;
    throw new DiagnosticError({
      summary: 'Unexpected Cluster Response',
      detail: `${error.method} ${error.path} answered without ${what(error.field)}. Check that endpoint points at a OneFS 9.0 or later cluster's Platform API.`,
    });
  }
}

/** GET the key of `user` in `zone`. Throws PapiError on anything but "no key" / "no such user or zone". */
export function lookupKey(papi: PapiApi, zone: string, user: string, signal: AbortSignal): Promise<S3KeyLookup> {
  return diagnosed(lookupS3Key(papi, zone, user, signal));
}

/** Mints or rotates the key (see mintS3Key); both secrets in the response are registered for redaction first. */
export function mintKey(papi: PapiApi, log: Log, zone: string, user: string, expiryMinutes: number, signal: AbortSignal): Promise<MintedS3Key> {
  return diagnosed(mintS3Key(papi, zone, user, expiryMinutes, { signal, onSecret: (secret) => log.addSecret(secret) }));
}

/** DELETE the key; a key, user or zone that is already gone is success. */
export function deleteKey(papi: PapiApi, zone: string, user: string, signal: AbortSignal): Promise<void> {
  return deleteS3Key(papi, zone, user, signal);
}
