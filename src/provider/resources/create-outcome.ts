/**
 * Creating an object on the cluster can succeed without the answer arriving: the request times
 * out while the node works on, the connection drops after the node acted, a proxy answers 5xx.
 * The PAPI client never repeats a POST (a repeat could create twice), so the provider must not
 * forget such a create: if it did, every later create would fail on "already exists" for good,
 * and an object nobody manages would stay on the cluster (chaos finding 2, for users).
 *
 * The rule every resource that creates follows:
 *
 * 1. look first (`refuseExisting`): an object already there is refused like the cluster's 409,
 *    with the import ID to adopt it, before anything is written;
 * 2. a create without a clear answer (`createOutcomeUnknown`) is recorded under the identity the
 *    configuration gives it (`PartialStateError`), which Terraform keeps as tainted: the next
 *    refresh finds the object or drops the record, and the next apply replaces it or creates it.
 *
 * Step 1 is what makes step 2 safe: an object found after an unclear create did not exist just
 * before it, so the replacement deletes the object this create made, never someone else's.
 */
import { isPapiError } from '../../papi/errors';
import { DiagnosticError } from '../framework';

/** True for a create that may or may not have happened: no response at all (status 0), or a 5xx. */
export function createOutcomeUnknown(error: unknown): boolean {
  return isPapiError(error) && (error.status === 0 || error.status >= 500);
}

/** What names an object for {@link refuseExisting}. */
export interface ExistingObject {
  /** The resource's title, e.g. "Access Zone". */
  readonly title: string;
  /** The object in words, e.g. `access zone "tenant1"`. */
  readonly what: string;
  /** The attribute the refusal points at. */
  readonly attribute: string;
  /** The import ID that adopts the object. */
  readonly importId: string;
}

/** Throws the refusal of a create whose object `exists` already (found by the look before it). */
export function refuseExisting(exists: boolean, object: ExistingObject): void {
  if (!exists) return;
  throw new DiagnosticError({
    summary: `${object.title} Already Exists`,
    detail: `The cluster already has ${object.what}. Nothing was changed. To manage it with Terraform, import it (an import block, or terraform import, with the ID ${JSON.stringify(object.importId)}); otherwise choose another ${object.attribute}.`,
    attribute: object.attribute,
  });
}
