/**
 * What one provider process has minted and written in this run. Terraform applies every resource
 * of a run through one provider process, one resource at a time per call, so this is the one
 * place that sees two resources of the same configuration that name the same user (OneFS keeps
 * one key per user: the second mint would silently kill the first one's secret, in the same
 * second, where no refresh can see it) or the same secret_name (each would overwrite the other).
 *
 * The claims are kept per PAPI client, i.e. per configured provider instance and process.
 */
import type { PapiApi } from '../../../papi/types';
import { DiagnosticError } from '../../framework';

type Claims = Map<string, string>;

const byClient = new WeakMap<PapiApi, Claims>();

function claimsOf(papi: PapiApi): Claims {
  let claims = byClient.get(papi);
  if (claims === undefined) {
    claims = new Map();
    byClient.set(papi, claims);
  }
  return claims;
}

/** What a mint or a store write claims: the key of (zone, user) and the secret name. */
export interface ClaimTarget {
  readonly zone: string;
  readonly user: string;
  readonly secretName: string;
}

/**
 * Claims the key (unless `mint` is false: a rename mints nothing) and the secret name for `owner`
 * before anything is minted or written; throws a DiagnosticError, before any change, when another
 * resource object claimed either in this run. Synchronous, so two concurrent handlers cannot both
 * pass.
 */
export function claimForRun(papi: PapiApi, target: ClaimTarget, owner: string, mint = true): void {
  const claims = claimsOf(papi);
  const keySlot = `key\u0000${target.zone}\u0000${target.user}`;
  const nameSlot = `name\u0000${target.secretName}`;
  const keyOwner = mint ? claims.get(keySlot) : undefined;
  if (keyOwner !== undefined && keyOwner !== owner) {
    throw new DiagnosticError({
      summary: 'Two S3 Keys for One User',
      detail:
        `Another powerscale_s3_key resource minted the key of user ${JSON.stringify(target.user)} in zone ${JSON.stringify(target.zone)} in this run. ` +
        'OneFS keeps one key per user, so a second mint would make the first secret stop working. Nothing was minted. Keep one resource per user (use secret_name to choose where its secret goes).',
      attribute: 'user',
    });
  }
  const nameOwner = claims.get(nameSlot);
  if (nameOwner !== undefined && nameOwner !== owner) {
    throw new DiagnosticError({
      summary: 'Two S3 Keys for One Secret Name',
      detail: `Another powerscale_s3_key resource wrote secret_name ${JSON.stringify(target.secretName)} in this run; each would overwrite the other's secret. Nothing was minted. Give each resource its own secret_name.`,
      attribute: 'secret_name',
    });
  }
  if (mint) claims.set(keySlot, owner);
  claims.set(nameSlot, owner);
}

/**
 * Claims `secretName` for `owner` (a resource object of `typeName`, e.g. `powerscale_user`) before
 * anything is written, in the same slots as the S3 keys' names, so that no two objects of any type
 * write one secret name in a run; throws a DiagnosticError at `attribute` otherwise.
 */
export function claimSecretNameForRun(papi: PapiApi, secretName: string, owner: string, typeName: string, attribute: string): void {
  const claims = claimsOf(papi);
  const nameSlot = `name\u0000${secretName}`;
  const nameOwner = claims.get(nameSlot);
  if (nameOwner !== undefined && nameOwner !== owner) {
    throw new DiagnosticError({
      summary: 'Two Resources for One Secret Name',
      detail: `Another resource wrote the secret name ${JSON.stringify(secretName)} in this run; each would overwrite the other's secret. Nothing was changed. Give this ${typeName} its own ${attribute}.`,
      attribute,
    });
  }
  claims.set(nameSlot, owner);
}

/**
 * Gives up `owner`'s claim on `secretName` after a create that failed and undid its write, so that
 * another object of the same run may still use the name.
 */
export function releaseSecretNameClaim(papi: PapiApi, secretName: string, owner: string): void {
  const claims = claimsOf(papi);
  const nameSlot = `name\u0000${secretName}`;
  if (claims.get(nameSlot) === owner) claims.delete(nameSlot);
}

/**
 * True when another resource object claimed the key of (zone, user) for a mint in this run: a
 * destroy of an object of the same user (a resource renamed without a `moved` block, a replacement
 * under a new secret_name) must then leave the key alone, since it is that object's fresh key.
 */
export function keyClaimedByAnother(papi: PapiApi, zone: string, user: string, owner: string | undefined): boolean {
  const keyOwner = claimsOf(papi).get(`key\u0000${zone}\u0000${user}`);
  return keyOwner !== undefined && keyOwner !== owner;
}

const keyQueues = new WeakMap<PapiApi, Map<string, Promise<unknown>>>();

/**
 * Runs `work` when no other handler of this process is working on the key of (zone, user), so a
 * destroy and a create of one user (two unrelated objects to Terraform, applied concurrently)
 * never interleave their cluster and store requests: the destroy's key delete could otherwise land
 * after the create's mint. Different users still run in parallel. `work` may hand `hold` the
 * promise of what it leaves running after it returns (a create's marker clean-up after its
 * answer): the key stays locked until that settles too.
 */
export async function withKeyLock<T>(papi: PapiApi, zone: string, user: string, work: (hold: (tail: Promise<unknown>) => void) => Promise<T>): Promise<T> {
  let queues = keyQueues.get(papi);
  if (queues === undefined) {
    queues = new Map();
    keyQueues.set(papi, queues);
  }
  const slot = `${zone}\u0000${user}`;
  const previous = queues.get(slot) ?? Promise.resolve();
  let tail: Promise<unknown> = Promise.resolve();
  const hold = (promise: Promise<unknown>): void => {
    tail = promise;
  };
  const run = previous.then(() => work(hold));
  const settled = run.then(
    () => tail,
    () => tail,
  ).then(
    () => undefined,
    () => undefined,
  );
  queues.set(slot, settled);
  // The slot is freed once the work and what it held are over, unless another handler queued.
  void settled.then(() => {
    if (queues.get(slot) === settled) queues.delete(slot);
  });
  return run;
}
