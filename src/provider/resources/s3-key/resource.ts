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
 *   missing, malformed or for another access id → pending rotation (in-place update).
 */
import { isPapiError } from '../../../papi/errors';
import { DiagnosticError, ErrorAtAttribute, PartialStateError } from '../../framework/diagnostics';
import { defineResource, withPrivate, type HandlerContext } from '../../framework/resource';
import { deleteKey, lookupKey, mintKey, type MintedKey } from './keys-api';
import { defaultSecretName, keyId, parseImportId, SYSTEM_ZONE } from './naming';
import { planS3Key } from './plan';
import { decodePrivate, describeReason, encodePrivate, type RotationReason } from './rotation';
import { deleteStoredSecret, encodeSecretDocument, readStoredSecret } from './secret-document';
import { s3KeySchema, type S3KeyModel } from './schema';

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

async function mint(ctx: HandlerContext, ref: KeyRef, expiryMinutes: number): Promise<MintedKey> {
  try {
    return await mintKey(ctx.papi, ctx.log, ref.zone, ref.user, expiryMinutes, ctx.signal);
  } catch (error) {
    throw blameAttribute(error);
  }
}

function withKey(model: S3KeyModel, key: { accessId: string; secretKeyTimestamp: number; oldKeyExpiry: number | null }): S3KeyModel {
  return { ...model, accessId: key.accessId, secretKeyTimestamp: key.secretKeyTimestamp, oldKeyExpiry: key.oldKeyExpiry };
}

/**
 * Moves the secret from `from` to `to` without minting. If `from` no longer holds it but `to`
 * already does (a rename that half-finished, or a secret moved by hand), that is success too.
 */
async function moveSecret(ctx: HandlerContext, from: string, to: string, accessId: string): Promise<void> {
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

/** The `powerscale_s3_key` resource. */
export const s3KeyResource = defineResource<S3KeyModel>({
  typeName: 'powerscale_s3_key',
  title: 'S3 Key',
  schema: s3KeySchema,

  async create(ctx) {
    const { plan } = ctx;
    const ref = refOf(plan);
    const minted = await mint(ctx, ref, plan.existingKeyExpiryMinutes ?? 0);
    const state = withKey({ ...plan, id: keyId(ref.zone, ref.user), zone: ref.zone, secretName: ref.secretName }, minted);
    try {
      await ctx.secrets.createOrUpdate(ref.secretName, encodeSecretDocument(minted.accessId, minted.secretKey), ctx.signal);
    } catch (error) {
      // The key exists on the cluster but nobody can use it: record it (Terraform taints a create
      // that fails with a state), so the next apply replaces it with a fresh mint and write.
      ctx.log.warn('S3 key minted but its secret could not be stored; the key is recorded as tainted', { id: state.id ?? undefined });
      throw new PartialStateError(state, error);
    }
    return withPrivate(state, encodePrivate(undefined));
  },

  async read(ctx) {
    const { state } = ctx;
    const ref = refOf(state);
    const found = await lookupKey(ctx.papi, ref.zone, ref.user, ctx.signal);
    // No key, or no such user or zone: Terraform forgets the object and plans a create.
    if (found.kind !== 'key') return null;
    const { key } = found;
    const refreshed = withKey({ ...state, id: keyId(ref.zone, ref.user), zone: ref.zone, secretName: ref.secretName }, key);

    let reason: RotationReason | undefined = decodePrivate(ctx.private).rotate;
    if (reason === undefined && state.secretKeyTimestamp !== null && (state.secretKeyTimestamp !== key.secretKeyTimestamp || (state.accessId !== null && state.accessId !== key.accessId))) {
      reason = 'rotated-outside';
    }
    if (reason === undefined) {
      const stored = await readStoredSecret(ctx.secrets, ctx.log, ref.secretName, key.accessId, ctx.signal);
      if (!stored.ok) reason = stored.problem;
    }
    if (reason !== undefined) ctx.log.info('S3 key needs a rotation', { id: refreshed.id ?? undefined, reason });
    return withPrivate(refreshed, encodePrivate(reason));
  },

  async update(ctx) {
    const { plan, prior } = ctx;
    const ref = refOf(plan);
    const from = refOf(prior).secretName;
    const rotate = decodePrivate(ctx.private).rotate;

    if (rotate !== undefined) {
      const minted = await mint(ctx, ref, plan.existingKeyExpiryMinutes ?? 0);
      const state = withKey({ ...plan, id: keyId(ref.zone, ref.user), secretName: ref.secretName }, minted);
      try {
        await ctx.secrets.createOrUpdate(ref.secretName, encodeSecretDocument(minted.accessId, minted.secretKey), ctx.signal);
      } catch (error) {
        // The previous secret still works for existing_key_expiry_minutes; keep the rotation
        // pending so that the next apply mints again and writes the store.
        throw new PartialStateError(state, error, encodePrivate('store-write-failed'));
      }
      if (from !== ref.secretName) {
        try {
          await deleteStoredSecret(ctx.secrets, ctx.log, from, minted.accessId, ctx.signal);
        } catch (error) {
          throw new PartialStateError(state, error, encodePrivate(undefined));
        }
      }
      return withPrivate(state, encodePrivate(undefined));
    }

    if (from !== ref.secretName) {
      if (prior.accessId === null) throw new DiagnosticError({ summary: 'Unable to Move S3 Key Secret', detail: 'The state records no access_id. Run "terraform apply -refresh-only" first.' });
      await moveSecret(ctx, from, ref.secretName, prior.accessId);
    }
    const state: S3KeyModel = { ...plan, id: prior.id ?? keyId(ref.zone, ref.user), secretName: ref.secretName, accessId: prior.accessId, secretKeyTimestamp: prior.secretKeyTimestamp, oldKeyExpiry: prior.oldKeyExpiry };
    return withPrivate(state, encodePrivate(undefined));
  },

  async delete(ctx) {
    const ref = refOf(ctx.state);
    // The secret goes first: if the store fails, the key is still on the cluster, so the refresh of
    // the next destroy keeps the resource and deletes both. The other order left the secret behind
    // for good (the refresh found no key and dropped the resource from state).
    await deleteStoredSecret(ctx.secrets, ctx.log, ref.secretName, ctx.state.accessId, ctx.signal);
    await deleteKey(ctx.papi, ref.zone, ref.user, ctx.signal);
  },

  importState({ id }) {
    const parsed = parseImportId(id);
    if ('problem' in parsed) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: parsed.problem });
    // existing_key_expiry_minutes stays null: it marks the stub until the first update (see plan.ts).
    return { id: keyId(parsed.zone, parsed.user), zone: parsed.zone, user: parsed.user, secretName: defaultSecretName(parsed.zone, parsed.user) };
  },

  modifyPlan: planS3Key,
});
