/**
 * `powerscale_s3_key`: mints a user's S3 key on the cluster and keeps `{"access_id", "secret_key"}`
 * in the secret store under `secret_name`. The secret exists only in the POST response, this
 * process's memory for one call, and the store: state, plan, private state, logs and errors carry
 * names, ids and timestamps only (every secret is registered for redaction the moment it arrives).
 *
 * Convergence:
 * - create mints, then writes the store; a failed write throws PartialStateError, so Terraform
 *   keeps the key tainted and the next apply replaces it (fresh mint, fresh write);
 * - a rotation whose store write fails records the new timestamps plus a pending rotation in
 *   private state, so the next plan rotates again (the previous secret still works in the window);
 * - read turns drift into a plan: key or user gone → null (create); key rotated outside, secret
 *   missing, malformed, for another access id or written by another resource → pending rotation
 *   (in-place update; the plan warns, and an adoption keeps the current secret valid a while).
 *
 * Ownership (docs/s3-key.md, "Two resources, one key"): every object has an owner token in its
 * private state and writes it into the stored document. A mint or write never overwrites a
 * document another object owns (except a create taking over its own key's document: the
 * replacement of a create_before_destroy), a delete leaves a key whose document another object
 * now owns, and two resources of one run never mint the same key or write the same name.
 */
import { randomUUID } from 'node:crypto';
import { isPapiError } from '../../../papi/errors';
import { defineResource, DiagnosticError, ErrorAtAttribute, PartialStateError, withPrivate, type CreateRequest, type DeleteRequest, type HandlerContext, type HandlerResult, type UpdateRequest } from '../../framework';
import { deleteKey, lookupKey, mintKey, type MintedS3Key, type S3KeyView } from './keys';
import { defaultSecretName, keyId, parseImportId, SYSTEM_ZONE } from './naming';
import { planS3Key } from './plan';
import { decodePrivate, describeReason, encodePrivate, mintWindow, type KeyPrivate, type MintWindow, type RotationReason } from './rotation';
import { claimForRun, keyClaimedByAnother, withKeyLock } from './run-claims';
import { clearMarker, judgeMarker, MARKER_WINDOW_SECONDS, processAlive, readMarker, writeMarker, writerOf } from './minting-marker';
import { deleteStoredSecret, encodeSecretDocument, judgeStoredSecret, ownedByAnother, readDocument, readStoredSecret, type StoredDocument } from './secret-document';
import { ON_EXISTING_KEY_TAKE_OVER, s3KeySchema, type S3KeyModel } from './schema';
import { startStoreChecks, type StoreChecks } from '../stored-document';

/**
 * The schema defaults of the arguments the cluster does not store, where `model` has none: what
 * the framework plans for a configuration that leaves them unset (an import, or a state from
 * before on_existing_key existed, would otherwise plan an update that changes nothing remote).
 */
function stateOnlyDefaults(model: Pick<S3KeyModel, 'existingKeyExpiryMinutes' | 'onExistingKey'>): Pick<S3KeyModel, 'existingKeyExpiryMinutes' | 'onExistingKey'> {
  const { existingKeyExpiryMinutes, onExistingKey } = s3KeySchema.attributes;
  return { existingKeyExpiryMinutes: model.existingKeyExpiryMinutes ?? existingKeyExpiryMinutes.default, onExistingKey: model.onExistingKey ?? onExistingKey.default };
}

/** What identifies a key on the cluster, resolved from a model. */
interface KeyRef {
  readonly zone: string;
  readonly user: string;
  readonly secretName: string;
}

function refOf(model: S3KeyModel): KeyRef {
  const zone = model.zone ?? SYSTEM_ZONE;
  const user = model.user;
  if (user === null || user === '') {
    throw new DiagnosticError({ summary: 'Missing User', detail: 'This S3 key has no user in its state. Remove it with "terraform state rm" and import it again as <zone>/<user>.', attribute: 'user' });
  }
  return { zone, user, secretName: model.secretName ?? defaultSecretName(zone, user) };
}

/** Points a 404 from POST at the attribute that names the missing thing (user or zone). */
function blameAttribute(error: unknown): unknown {
  if (!isPapiError(error) || error.status !== 404) return error;
  return new ErrorAtAttribute(/access zone/i.test(error.message) ? 'zone' : 'user', error);
}

async function mint(ctx: HandlerContext, ref: KeyRef, window: MintWindow): Promise<MintedS3Key> {
  if (window.adoption) ctx.log.info('S3 key minted with the adoption window: the current secret stays valid', { user: ref.user, zone: ref.zone, minutes: window.minutes });
  try {
    return await mintKey(ctx.papi, ctx.log, ref.zone, ref.user, window.minutes, ctx.signal);
  } catch (error) {
    throw blameAttribute(error);
  }
}

/** True for a mint that may or may not have happened: no response at all, or a 5xx. */
function mintOutcomeUnknown(error: unknown): boolean {
  return isPapiError(error) && (error.status === 0 || error.status >= 500);
}

function withKey(model: S3KeyModel, key: S3KeyView): S3KeyModel {
  return { ...model, accessId: key.accessId, secretKeyTimestamp: key.secretKeyTimestamp, oldKeyExpiry: key.oldKeyExpiry };
}

/** Private state after a successful mint by `owner`. */
function mintedPrivate(owner: string, minted: S3KeyView, rotate?: RotationReason): KeyPrivate | undefined {
  return encodePrivate(rotate, { owner, sameSecond: minted.oldKeyTimestamp !== null && minted.oldKeyTimestamp === minted.secretKeyTimestamp });
}

/** The store reads of {@link checkBeforeMint}, started (see startStoreChecks). */
function readStoreBeforeMint(ctx: HandlerContext, ref: KeyRef): StoreChecks<StoredDocument | undefined> {
  return startStoreChecks(ctx.secrets, ref.secretName, ctx.signal, () => readDocument(ctx.secrets, ctx.log, ref.secretName, ctx.signal));
}

/**
 * Checks, before anything is minted, that the store can take the new secret (a cheap probe: a
 * rotation whose write fails loses the working secret when there is no window) and that
 * `secret_name` does not hold a document another resource object owns. `mayTakeOver` says which
 * foreign documents a create may overwrite: those of its own key (the replacement of a
 * create_before_destroy; a key deleted outside Terraform, whose document the old object left).
 * `reads`: the store's reads, when the caller started them earlier.
 */
async function checkBeforeMint(ctx: HandlerContext, ref: KeyRef, owner: string, mayTakeOver: (accessId: string) => boolean, reads: StoreChecks<StoredDocument | undefined> = readStoreBeforeMint(ctx, ref)): Promise<void> {
  claimForRun(ctx.papi, ref, owner);
  await reads.probe;
  const doc = await reads.document;
  if (doc?.header === undefined || !ownedByAnother(doc.header, owner) || mayTakeOver(doc.header.accessId)) return;
  throw new DiagnosticError({
    summary: 'S3 Key Secret Owned by Another Resource',
    detail:
      `secret_name ${JSON.stringify(ref.secretName)} holds the secret of another powerscale_s3_key resource (or of another Terraform configuration), and this one would overwrite it. ` +
      'Nothing was minted. Give each resource its own secret_name and keep one resource per user; remove the other resource (or this one) to resolve it.',
    attribute: 'secret_name',
  });
}

/**
 * Moves the secret from `from` to `to` without minting. If `from` no longer holds it but `to`
 * already does (a rename that half-finished, or a secret moved by hand), that is success too.
 */
async function moveSecret(ctx: HandlerContext, from: string, to: string, accessId: string, owner: string | undefined): Promise<void> {
  const target = await readDocument(ctx.secrets, ctx.log, to, ctx.signal);
  // An object without an owner (just imported) adopts a document of its own access id.
  if (target?.header !== undefined && ownedByAnother(target.header, owner) && !(owner === undefined && target.header.accessId === accessId)) {
    throw new DiagnosticError({
      summary: 'S3 Key Secret Owned by Another Resource',
      detail: `secret_name ${JSON.stringify(to)} already holds the secret of another powerscale_s3_key resource. Nothing was changed. Choose another secret_name.`,
      attribute: 'secret_name',
    });
  }
  const old = await readStoredSecret(ctx.secrets, ctx.log, from, accessId, ctx.signal);
  if (old.ok) {
    await ctx.secrets.createOrUpdate(to, old.value, ctx.signal);
    await ctx.secrets.delete(from, ctx.signal);
    return;
  }
  const moved = await readStoredSecret(ctx.secrets, ctx.log, to, accessId, ctx.signal);
  if (moved.ok) return;
  throw new DiagnosticError({
    summary: 'S3 Key Secret Disappeared',
    detail:
      `Moving the secret from ${JSON.stringify(from)} to ${JSON.stringify(to)} failed: ${describeReason(old.problem)} (it was there when the plan was made). ` +
      'Nothing was changed. Run apply again: the next plan rotates the key so that the store holds a working secret.',
  });
}

/**
 * The create-time check of `on_existing_key = "fail"`: throws, before anything is minted, when the
 * user's key is not one this provider manages. A key counts as managed when the store holds a
 * document for it under this resource's secret_name or the user's default name: the key of the
 * object a create_before_destroy replaces, of a resource renamed without a `moved` block, or of a
 * state that was lost while the store kept the secret. It is this provider's own too when a minting
 * marker says an interrupted create minted it and died before storing its secret (minting-marker.ts):
 * then 'interrupted' comes back, and the caller takes it over. Anything else (a key made by hand,
 * by a script, by another provider) has a secret someone uses that the store does not hold;
 * minting would cut it off, so the user must import it or choose `take_over`. Checked at apply,
 * not at plan (planning never asks the cluster), so a key that appears between plan and apply is
 * caught too.
 */
async function refuseForeignKey(ctx: HandlerContext, ref: KeyRef, key: S3KeyView): Promise<'managed' | 'interrupted'> {
  const { accessId } = key;
  const names = new Set([ref.secretName, defaultSecretName(ref.zone, ref.user)]);
  for (const name of names) {
    const doc = await readDocument(ctx.secrets, ctx.log, name, ctx.signal);
    if (doc?.header?.accessId === accessId) return 'managed';
  }
  const marker = await readMarker(ctx.secrets, ref.zone, ref.user, ctx.signal);
  const verdict = judgeMarker(marker, ref.zone, ref.user, key.secretKeyTimestamp, { self: writerOf(ctx.papi), nowSeconds: Math.floor(Date.now() / 1000), isAlive: processAlive });
  if (verdict.kind === 'ours') return 'interrupted';
  if (verdict.kind === 'in-progress') {
    throw new DiagnosticError({
      summary: 'S3 Key Being Minted by Another Apply',
      detail:
        `User ${JSON.stringify(ref.user)} in zone ${JSON.stringify(ref.zone)} has an S3 key (access id ${accessId}) that another apply, still running (process ${verdict.marker.pid} on ${JSON.stringify(verdict.marker.host)}), minted moments ago and has not stored yet. ` +
        'Minting now would make its secret stop working. Nothing was changed. Two configurations should not manage one user\'s key; if that apply was stopped, run this one again ' +
        `(a marker from another host counts as abandoned ${MARKER_WINDOW_SECONDS / 60} minutes after it was written), or set on_existing_key = "take_over".`,
      attribute: 'on_existing_key',
    });
  }
  const importId = `${ref.zone}/${ref.user}`;
  throw new DiagnosticError({
    summary: 'S3 Key Already Exists',
    detail:
      `User ${JSON.stringify(ref.user)} in zone ${JSON.stringify(ref.zone)} already has an S3 key (access id ${accessId}) that no powerscale_s3_key resource manages, and its secret is not in the secret store. ` +
      'Minting a new key would make that secret stop working for whoever uses it. Nothing was changed.\n\n' +
      `To manage the key as it is, import it: an import block with id = "${importId}" (or terraform import <address> ${importId}); "cdktf-powerscale discover" writes the import blocks for every key of a cluster. ` +
      'To replace its secret on purpose, set on_existing_key = "take_over": the current secret then stays valid for adoption_expiry_minutes (default 60). ' +
      '(A key that an apply of this provider minted and could not store before it was killed is recognised by its minting marker and taken over without this error.)',
    attribute: 'on_existing_key',
  });
}

/**
 * Deletes this create's minting marker once it has nothing left to vouch for. Best effort: a
 * marker left behind is stale and harmless (it vouches only for keys minted near its time, and the
 * next create of this user overwrites it), so a store that fails here does not fail the create.
 */
async function clearMarkerQuietly(ctx: HandlerContext, ref: KeyRef, owner: string): Promise<void> {
  try {
    await clearMarker(ctx.secrets, ref.zone, ref.user, owner, ctx.signal);
  } catch {
    ctx.log.warn('S3 key minting marker could not be deleted; it is harmless and the next create of this user replaces it', { user: ref.user, zone: ref.zone });
  }
}

/**
 * The create of {@link s3KeyResource}, run under the key's lock (see withKeyLock); `hold` keeps the
 * lock for the marker's removal, which goes on after the answer.
 */
async function createKey(ctx: CreateRequest<S3KeyModel>, ref: KeyRef, hold: (tail: Promise<unknown>) => void): Promise<HandlerResult<S3KeyModel>> {
  const { plan } = ctx;
  const owner = randomUUID();
  const storeReads = readStoreBeforeMint(ctx, ref);
  const existing = await lookupKey(ctx.papi, ref.zone, ref.user, ctx.signal);
  const existingKey = existing.kind === 'key' ? existing.key : undefined;
  const existingAccessId = existingKey?.accessId;
  let interrupted = false;
  // Another object of this run minted it: claimForRun (in checkBeforeMint) says so more precisely.
  if (existingKey !== undefined && plan.onExistingKey !== ON_EXISTING_KEY_TAKE_OVER && !keyClaimedByAnother(ctx.papi, ref.zone, ref.user, owner)) {
    interrupted = (await refuseForeignKey(ctx, ref, existingKey)) === 'interrupted';
  }
  // Without a key the access id is not known yet: the check after the mint decides.
  await checkBeforeMint(ctx, ref, owner, (accessId) => existingAccessId === undefined || accessId === existingAccessId, storeReads);
  // A key that exists already belongs to someone (a tenant's application, or the object this
  // create replaces): keep its secret valid for a window instead of cutting it off. Except the
  // key of an interrupted create: its secret was never stored, so nobody has it; it ends at once.
  let window: MintWindow = { minutes: plan.existingKeyExpiryMinutes ?? 0, adoption: false };
  if (interrupted) {
    window = { minutes: 0, adoption: false };
    ctx.log.info('S3 key minted by an interrupted apply (its minting marker matches, its secret was never stored) is taken over; its secret ends at once', { user: ref.user, zone: ref.zone });
  } else if (existingKey !== undefined) window = mintWindow('key-exists', plan.existingKeyExpiryMinutes, plan.adoptionExpiryMinutes);
  // The intent record, before the mint: if this process dies before the secret is stored, the
  // next create recognises the key as its own (minting-marker.ts). A store that cannot take it
  // fails the create here, before anything is minted.
  await writeMarker(ctx.secrets, { zone: ref.zone, user: ref.user, owner, ...writerOf(ctx.papi), time: Math.floor(Date.now() / 1000), before: existingKey?.secretKeyTimestamp ?? null }, ctx.signal);
  let minted: MintedS3Key;
  try {
    minted = await mint(ctx, ref, window);
  } catch (error) {
    // No answer, or a 5xx: the cluster may have minted anyway, and the key would then look like
    // a foreign one to the next create (on_existing_key = "fail" would refuse it for good).
    // Recorded tainted (no access id yet), the next refresh finds out and the next apply replaces
    // it. Only when there was no key before: deleting a key that existed would end its secret.
    if (existingAccessId === undefined && mintOutcomeUnknown(error)) {
      ctx.log.warn('S3 key mint got no clear answer; recorded as tainted in case the cluster minted it', { user: ref.user, zone: ref.zone });
      const unknownKey: S3KeyModel = { ...plan, id: keyId(ref.zone, ref.user), zone: ref.zone, secretName: ref.secretName, accessId: null, secretKeyTimestamp: null, oldKeyExpiry: null };
      throw new PartialStateError(unknownKey, error, encodePrivate(undefined, { owner }));
    }
    // A clear refusal minted nothing: the marker has nothing to vouch for (unless the outcome is
    // unknown: then it stays, for a key the cluster may have minted).
    if (!mintOutcomeUnknown(error)) await clearMarkerQuietly(ctx, ref, owner);
    throw error;
  }
  const state = withKey({ ...plan, id: keyId(ref.zone, ref.user), zone: ref.zone, secretName: ref.secretName }, minted);
  // Without a key before, the name may hold a document of another owner: under this user's
  // default name it is this user's (a key deleted outside, a zone recreated: a stale document
  // of a forgotten object); under a chosen name it may be another user's working secret, which
  // must not be overwritten.
  if (existingAccessId === undefined && ref.secretName !== defaultSecretName(ref.zone, ref.user)) {
    const doc = await readDocument(ctx.secrets, ctx.log, ref.secretName, ctx.signal);
    if (doc?.header !== undefined && ownedByAnother(doc.header, owner) && doc.header.accessId !== minted.accessId) {
      try {
        await deleteKey(ctx.papi, ref.zone, ref.user, ctx.signal);
      } catch (error) {
        // Recorded tainted, so that the next apply or destroy removes it.
        throw new PartialStateError(state, error, mintedPrivate(owner, minted));
      }
      throw new DiagnosticError({
        summary: 'S3 Key Secret Owned by Another Resource',
        detail:
          `secret_name ${JSON.stringify(ref.secretName)} holds the secret of another user's key, written by another powerscale_s3_key resource. The key just minted was deleted again. ` +
          'Give each resource its own secret_name (or, if no resource uses that secret any more, delete it from the store).',
        attribute: 'secret_name',
      });
    }
  }
  try {
    await ctx.secrets.createOrUpdate(ref.secretName, encodeSecretDocument(minted.accessId, minted.secretKey, owner, minted.secretKeyTimestamp), ctx.signal);
  } catch (error) {
    // The key exists on the cluster but nobody can use it: record it (Terraform taints a create
    // that fails with a state), so the next apply replaces it with a fresh mint and write.
    ctx.log.warn('S3 key minted but its secret could not be stored; the key is recorded as tainted', { id: state.id ?? undefined });
    throw new PartialStateError(state, error, mintedPrivate(owner, minted));
  }
  // The secret is stored: the marker has nothing left to vouch for. Removing it takes two round
  // trips to the store (read it, to leave another object's newer marker alone, then delete it),
  // which Terraform's answer need not wait for: they run after it, still under this key's lock,
  // and Shutdown waits for them. A process killed before they are done leaves the marker behind,
  // as a store failure here always could: harmless, since the stored document makes this key
  // "managed" and the marker vouches only for a key without a stored secret minted near its time.
  hold(ctx.afterAnswer((signal) => clearMarkerQuietly({ ...ctx, signal }, ref, owner)));
  return withPrivate(state, mintedPrivate(owner, minted));
}

/** The update of {@link s3KeyResource}, run under the key's lock (see withKeyLock). */
async function updateKey(ctx: UpdateRequest<S3KeyModel>): Promise<HandlerResult<S3KeyModel>> {
  const { plan, prior } = ctx;
  const ref = refOf(plan);
  const from = refOf(prior).secretName;
  const priv = decodePrivate(ctx.private);
  const rotate = priv.rotate;
  // Objects from before owners existed get one on their first update.
  const owner = priv.owner ?? randomUUID();

  if (rotate !== undefined) {
    // Without an owner of its own yet, it may take over a document of its own key.
    await checkBeforeMint(ctx, ref, owner, (accessId) => priv.owner === undefined && accessId === prior.accessId);
    const minted = await mint(ctx, ref, mintWindow(rotate, plan.existingKeyExpiryMinutes, plan.adoptionExpiryMinutes));
    const state = withKey({ ...plan, id: keyId(ref.zone, ref.user), secretName: ref.secretName }, minted);
    try {
      await ctx.secrets.createOrUpdate(ref.secretName, encodeSecretDocument(minted.accessId, minted.secretKey, owner, minted.secretKeyTimestamp), ctx.signal);
    } catch (error) {
      // The previous secret still works for the window; keep the rotation pending so that the
      // next apply mints again and writes the store.
      throw new PartialStateError(state, error, mintedPrivate(owner, minted, 'store-write-failed'));
    }
    if (from !== ref.secretName) {
      try {
        await deleteStoredSecret(ctx.secrets, ctx.log, from, minted.accessId, ctx.signal, owner);
      } catch (error) {
        throw new PartialStateError(state, error, mintedPrivate(owner, minted));
      }
    }
    return withPrivate(state, mintedPrivate(owner, minted));
  }

  if (from !== ref.secretName) {
    if (prior.accessId === null) throw new DiagnosticError({ summary: 'Unable to Move S3 Key Secret', detail: 'The state records no access_id. Run "terraform apply -refresh-only" first.' });
    claimForRun(ctx.papi, ref, owner, false);
    await moveSecret(ctx, from, ref.secretName, prior.accessId, priv.owner);
  }
  const state: S3KeyModel = { ...plan, id: prior.id ?? keyId(ref.zone, ref.user), secretName: ref.secretName, accessId: prior.accessId, secretKeyTimestamp: prior.secretKeyTimestamp, oldKeyExpiry: prior.oldKeyExpiry };
  // Not `imported` any more: the state now holds the configured arguments.
  return withPrivate(state, encodePrivate(undefined, { owner: priv.owner, sameSecond: priv.sameSecond }));
}

/** The delete of {@link s3KeyResource}, run under the key's lock (see withKeyLock). */
async function deleteKeyAndSecret(ctx: DeleteRequest<S3KeyModel>): Promise<void> {
  const ref = refOf(ctx.state);
  const owner = decodePrivate(ctx.private).owner;
  // The secret goes first: if the store fails, the key is still on the cluster, so the refresh of
  // the next destroy keeps the resource and deletes both. The other order left the secret behind
  // for good (the refresh found no key and dropped the resource from state).
  const outcome = await deleteStoredSecret(ctx.secrets, ctx.log, ref.secretName, ctx.state.accessId, ctx.signal, owner);
  if (outcome === 'taken-over') {
    // Another object wrote this key's document after us: the replacement of a
    // create_before_destroy (one user has one key, so it minted over ours). The key is theirs.
    ctx.log.info('S3 key left in place: another resource object owns it now', { id: ctx.state.id ?? undefined });
    return;
  }
  if (keyClaimedByAnother(ctx.papi, ref.zone, ref.user, owner)) {
    // Another object of this user minted in this run (a rename without a moved block, a
    // replacement under a new secret_name): the key on the cluster is its fresh key. Only this
    // object's secret, dead since that mint, was removed.
    ctx.log.info('S3 key left in place: another resource object minted it in this run', { id: ctx.state.id ?? undefined });
    return;
  }
  await deleteKey(ctx.papi, ref.zone, ref.user, ctx.signal);
}

/** The `powerscale_s3_key` resource. */
export const s3KeyResource = defineResource<S3KeyModel>({
  typeName: 'powerscale_s3_key',
  title: 'S3 Key',
  schema: s3KeySchema,

  async create(ctx) {
    const ref = refOf(ctx.plan);
    return withKeyLock(ctx.papi, ref.zone, ref.user, (hold) => createKey(ctx, ref, hold));
  },

  async read(ctx) {
    const { state } = ctx;
    const ref = refOf(state);
    // A stub stored by an earlier version's import has no state-only arguments: it gets their
    // defaults and the import flag (as importState gives now), so that its plan is empty too.
    const priv = state.existingKeyExpiryMinutes === null ? { ...decodePrivate(ctx.private), imported: true as const } : decodePrivate(ctx.private);
    // The secret is needed unless a rotation other than one outside is pending already. Its read
    // does not depend on the key's, so both go out at once: a refresh waits for one round trip,
    // not two (an unused read, when the key is gone, costs the store one GET; a failed one is
    // then ignored, and when the cluster fails too, the cluster's error is the one reported).
    const document = priv.rotate === undefined || priv.rotate === 'rotated-outside' ? readDocument(ctx.secrets, ctx.log, ref.secretName, ctx.signal) : undefined;
    document?.catch(() => {});
    const found = await lookupKey(ctx.papi, ref.zone, ref.user, ctx.signal);
    // No key, or no such user or zone: Terraform forgets the object and plans a create.
    if (found.kind !== 'key') return null;
    const { key } = found;
    const refreshed = withKey({ ...state, ...stateOnlyDefaults(state), id: keyId(ref.zone, ref.user), zone: ref.zone, secretName: ref.secretName }, key);

    let reason: RotationReason | undefined = priv.rotate;
    let owner = priv.owner;
    if (reason === undefined && state.secretKeyTimestamp !== null && (state.secretKeyTimestamp !== key.secretKeyTimestamp || (state.accessId !== null && state.accessId !== key.accessId))) {
      reason = 'rotated-outside';
    }
    // Two mints in one second look alike, except that the second one keeps the first as its old
    // secret (when it has a window): old_key_timestamp = secret_key_timestamp. Unless this
    // object's own mint did that, someone minted over our secret within the second.
    if (reason === undefined && key.oldKeyTimestamp !== null && key.oldKeyTimestamp === key.secretKeyTimestamp && priv.sameSecond !== true) {
      reason = 'rotated-outside';
    }
    // A rotation outside may be another resource's doing: its document then says so, and that
    // is the reason to show (the apply refuses to overwrite it). (With a document read, the
    // reason is still undefined or 'rotated-outside'.)
    if (document !== undefined) {
      const stored = judgeStoredSecret(await document, key.accessId, owner ?? null);
      if (!stored.ok) reason = reason === undefined || stored.problem === 'secret-other-owner' ? stored.problem : reason;
      // An object without an owner (imported, or from before owners existed) adopts the owner of
      // the working document it found, or takes a fresh one, so that a create_before_destroy
      // replacement can tell it apart from itself. The document is rewritten at the next mint.
      else if (reason === undefined) owner ??= stored.header.owner ?? randomUUID();
    }
    if (reason !== undefined) ctx.log.info('S3 key needs a rotation', { id: refreshed.id ?? undefined, reason });
    return withPrivate(refreshed, encodePrivate(reason, { ...priv, owner }));
  },

  async update(ctx) {
    const ref = refOf(ctx.plan);
    return withKeyLock(ctx.papi, ref.zone, ref.user, () => updateKey(ctx));
  },

  async delete(ctx) {
    const ref = refOf(ctx.state);
    return withKeyLock(ctx.papi, ref.zone, ref.user, () => deleteKeyAndSecret(ctx));
  },

  importState({ id }) {
    const parsed = parseImportId(id);
    if ('problem' in parsed) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: parsed.problem });
    // The arguments that live only in state get the values a plan of a configuration that leaves
    // them unset gives them, so that such a plan after the import is empty. rotation_triggers
    // cannot be known: the import flag makes the first plan adopt the configured ones (plan.ts).
    const stub = { id: keyId(parsed.zone, parsed.user), zone: parsed.zone, user: parsed.user, secretName: defaultSecretName(parsed.zone, parsed.user), ...stateOnlyDefaults({ existingKeyExpiryMinutes: null, onExistingKey: null }) };
    return withPrivate(stub, encodePrivate(undefined, { imported: true }));
  },

  modifyPlan: planS3Key,
});
