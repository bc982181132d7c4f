/**
 * `powerscale_user`: a local user of an access zone. The password never reaches state, plan,
 * private state, logs or errors; it goes one of three ways (plan.ts decides which):
 *
 * - minted: the provider generates it (password.ts), writes `{"zone","username","password",
 *   "owner"}` to the secret store under password_secret_name, then sets it on the cluster. The
 *   store is written first, so that a password on the cluster is never one that only this
 *   process's memory held; if setting it fails, the previous document is put back (best effort)
 *   and a reset stays pending in private state, so every failure converges on the next apply;
 * - given: password_wo (write-only) is sent at create and when password_wo_version changes;
 * - none: the user has no password.
 *
 * Read turns drift into a plan: user gone → null (create); the store's document missing, broken
 * or another user's, or the password set on the cluster since this object set it (its
 * password_last_set moved) → a pending reset. Delete removes the document first and puts it back if the
 * cluster refuses (a user who still owns an S3 key), so nothing is lost either way. Handlers of one
 * user run one at a time per process (the S3 key's lock, so a user and its key never interleave),
 * and two objects never write one secret name in a run (the S3 key's run claims).
 */
import { randomUUID } from 'node:crypto';
import { isPapiError } from '../../../papi/errors';
import { createUser, deleteUser, getUser, updateUser, type OneFsUser, type UserSettingsInput } from '../../../papi/users';
import { defineResource, DiagnosticError, ErrorAtAttribute, PartialStateError, withPrivate, type HandlerContext, type HandlerResult } from '../../framework';
import { keyId, parseImportId, SYSTEM_ZONE } from '../s3-key/naming';
import { claimSecretNameForRun, releaseSecretNameClaim, withKeyLock } from '../s3-key/run-claims';
import { decodeUserPrivate, defaultPasswordSecretName, encodePasswordDocument, encodeUserPrivate, generatePassword, isPasswordOf, readPasswordDocument, type ResetReason, type StoredPassword, type UserPrivate } from './password';
import { planUser, stateModeOf } from './plan';
import { userSchema, type UserModel } from './schema';
import { startStoreChecks, storedObject, type StoreChecks } from '../stored-document';
import { createOutcomeUnknown, refuseExisting } from '../create-outcome';

const TYPE = 'powerscale_user';

interface UserRef {
  readonly zone: string;
  readonly name: string;
}

function refOf(model: UserModel): UserRef {
  if (model.name === null || model.name === '') {
    throw new DiagnosticError({ summary: 'Missing User Name', detail: 'This user has no name in its state. Remove it with "terraform state rm" and import it again as <zone>/<name>.', attribute: 'name' });
  }
  return { zone: model.zone ?? SYSTEM_ZONE, name: model.name };
}

/** The state of a user as the cluster shows it, with the configuration-only members of `model`. */
function withUser(model: UserModel, ref: UserRef, u: OneFsUser): UserModel {
  return {
    ...model,
    id: keyId(ref.zone, ref.name),
    zone: ref.zone,
    name: ref.name,
    uid: u.uid,
    primaryGroup: u.primaryGroup,
    email: u.email,
    enabled: u.enabled,
    homeDirectory: u.homeDirectory,
    shell: u.shell,
    gecos: u.gecos,
    passwordExpires: u.passwordExpires,
    promptPasswordChange: u.promptPasswordChange,
    expiry: u.expiry,
    passwordLastSet: u.passwordLastSet,
    sid: u.sid,
    onDiskUserIdentity: u.onDiskUserIdentity,
    primaryGroupSid: u.primaryGroupSid,
    authProvider: u.provider,
    passwordWo: null,
  };
}

/** The settings of `plan` to send: all configured ones on create, the changed ones on update. */
function settingsOf(plan: UserModel, prior: UserModel | null): UserSettingsInput {
  const out: Record<string, unknown> = {};
  const keys = ['uid', 'primaryGroup', 'email', 'enabled', 'homeDirectory', 'shell', 'gecos', 'passwordExpires', 'promptPasswordChange', 'expiry'] as const;
  for (const k of keys) {
    const v = plan[k];
    if (v !== null && (prior === null || prior[k] !== v)) out[k] = v;
  }
  return out as UserSettingsInput;
}

/** Points a 404 (no such zone) at `zone`, and names the dependency in a refusal to delete. */
function explain(error: unknown, ref: UserRef, action: 'create' | 'delete'): unknown {
  if (!isPapiError(error)) return error;
  if (error.status === 404 && /access zone/i.test(error.message)) return new ErrorAtAttribute('zone', error);
  if (action === 'delete' && (error.status === 409 || error.status === 403)) {
    return new DiagnosticError({
      summary: 'User Still Owns Objects',
      detail:
        `The cluster refused to delete user ${JSON.stringify(ref.name)} in zone ${JSON.stringify(ref.zone)}: ${error.message} (HTTP ${error.status}${error.code ? `, ${error.code}` : ''}). ` +
        'Remove what the user still owns first (its powerscale_s3_key, buckets it owns), or make those resources depend on this one so that Terraform destroys them first. Its stored password was kept.',
      attribute: 'name',
    });
  }
  return error;
}

async function readUser(ctx: HandlerContext, ref: UserRef): Promise<OneFsUser> {
  const user = await getUser(ctx.papi, ref.zone, ref.name, ctx.signal);
  if (user === undefined) throw new DiagnosticError({ summary: 'User Disappeared', detail: `User ${JSON.stringify(ref.name)} in zone ${JSON.stringify(ref.zone)} is gone right after it was written. Run apply again.` });
  return user;
}

/** Puts back what `name` held before this apply wrote it (best effort: the caller fails anyway). */
async function restore(ctx: HandlerContext, name: string, previous: StoredPassword | undefined): Promise<void> {
  try {
    if (previous === undefined) await ctx.secrets.delete(name, ctx.signal);
    else await ctx.secrets.createOrUpdate(name, previous.value, ctx.signal);
  } catch (error) {
    ctx.log.warn('could not put back the previous password document', { name, error: error instanceof Error ? error.name : 'error' });
  }
}

/** The store reads of {@link checkBeforeWrite}, started (see startStoreChecks). */
function readStoreBeforeWrite(ctx: HandlerContext, secretName: string): StoreChecks<StoredPassword | undefined> {
  return startStoreChecks(ctx.secrets, secretName, ctx.signal, () => readPasswordDocument(ctx.secrets, ctx.log, secretName, ctx.signal));
}

/**
 * Before writing a minted password to `secretName`: claims the name for this run, checks the store
 * takes writes, and refuses a document that is another user's (another resource's password, an S3
 * key's secret, anything else). A document of this same user may be overwritten: it is a stale
 * one (the user was deleted outside Terraform, or imported). Returns what the name held. `reads`:
 * the store's reads, when the caller started them earlier.
 */
async function checkBeforeWrite(ctx: HandlerContext, ref: UserRef, secretName: string, owner: string, ownName = false, reads = readStoreBeforeWrite(ctx, secretName)): Promise<StoredPassword | undefined> {
  claimSecretNameForRun(ctx.papi, secretName, owner, TYPE, 'password_secret_name');
  await reads.probe;
  const doc = await reads.document;
  if (doc === undefined || isPasswordOf(doc.header, ref.zone, ref.name)) return doc;
  // The name this object wrote before (an update that keeps it), or the provider's own default
  // name for this user (a create), holds something that is not a JSON document at all (corrupted,
  // truncated): nobody's document, in a name only this user's password belongs under. Overwriting
  // it repairs the object. A configured name at create may be another tool's plain-text secret,
  // and any JSON document is still refused below.
  if (ownName && storedObject(doc.value) === undefined) {
    ctx.log.warn('password_secret_name held a corrupted value (not a JSON document); it is replaced by the new password', { name: secretName });
    return doc;
  }
  throw new DiagnosticError({
    summary: 'Password Secret Name Holds Another Secret',
    detail: `password_secret_name ${JSON.stringify(secretName)} already holds ${doc.header === undefined ? 'a value that is not a password document (another resource\'s secret?)' : 'the password of another user'}, and this resource would overwrite it. Nothing was changed. Choose another password_secret_name.`,
    attribute: 'password_secret_name',
  });
}

/** Mints a password and writes it under `secretName`; returns it (registered for redaction) and what the name held. */
async function mintAndStore(ctx: HandlerContext, ref: UserRef, secretName: string, owner: string, ownName = false, reads?: StoreChecks<StoredPassword | undefined>): Promise<{ password: string; previous: StoredPassword | undefined }> {
  const previous = await checkBeforeWrite(ctx, ref, secretName, owner, ownName, reads);
  const password = generatePassword();
  ctx.log.addSecret(password);
  const doc = encodePasswordDocument(ref.zone, ref.name, password, owner);
  ctx.log.addSecret(doc);
  await ctx.secrets.createOrUpdate(secretName, doc, ctx.signal);
  return { password, previous };
}

/** Deletes this object's document under `name` (kept when another object or user owns it). */
async function deleteOwnDocument(ctx: HandlerContext, ref: UserRef, name: string, owner: string | undefined): Promise<StoredPassword | undefined> {
  const doc = await readPasswordDocument(ctx.secrets, ctx.log, name, ctx.signal);
  if (doc === undefined || !isPasswordOf(doc.header, ref.zone, ref.name)) return undefined;
  if (doc.header.owner !== undefined && owner !== undefined && doc.header.owner !== owner) return undefined;
  await ctx.secrets.delete(name, ctx.signal);
  return doc;
}

function givenPassword(config: UserModel, ctx: HandlerContext): string {
  const password = config.passwordWo;
  if (password === null) throw new DiagnosticError({ summary: 'Missing Password', detail: 'password_wo has no value in this apply. Set it (for example from a variable or an ephemeral value) with password_wo_version.', attribute: 'password_wo' });
  ctx.log.addSecret(password);
  return password;
}

export const userResource = defineResource<UserModel>({
  typeName: TYPE,
  title: 'User',
  schema: userSchema,

  async create(ctx) {
    const { plan, config } = ctx;
    const ref = refOf(plan);
    return withKeyLock(ctx.papi, ref.zone, ref.name, async (): Promise<HandlerResult<UserModel>> => {
      const secretName = stateModeOf(plan) === 'minted' ? plan.passwordSecretName : null;
      // The store's checks go out with the lookup of the user (see startStoreChecks).
      const storeReads = secretName === null ? undefined : readStoreBeforeWrite(ctx, secretName);
      let exists: boolean;
      try {
        exists = (await getUser(ctx.papi, ref.zone, ref.name, ctx.signal)) !== undefined;
      } catch (error) {
        throw explain(error, ref, 'create');
      }
      refuseExisting(exists, { title: 'User', what: `a user named ${JSON.stringify(ref.name)} in zone ${JSON.stringify(ref.zone)}`, attribute: 'name', importId: keyId(ref.zone, ref.name) });
      const owner = randomUUID();
      let password: string | undefined;
      let previous: StoredPassword | undefined;
      try {
        if (secretName !== null) ({ password, previous } = await mintAndStore(ctx, ref, secretName, owner, secretName === defaultPasswordSecretName(ref.zone, ref.name), storeReads));
        else if (config.passwordWo !== null) password = givenPassword(config, ctx);
      } catch (error) {
        if (secretName !== null) releaseSecretNameClaim(ctx.papi, secretName, owner);
        throw error;
      }
      try {
        await createUser(ctx.papi, ref.zone, ref.name, { ...settingsOf(plan, null), ...(password === undefined ? {} : { password }) }, ctx.signal);
      } catch (error) {
        // No answer, or a 5xx: the cluster may have created the user anyway (with this password),
        // and the next create would then fail on "already exists" for good. Recorded tainted,
        // with its stored password kept, the next refresh finds out and the next apply replaces it
        // (see ../create-outcome).
        if (createOutcomeUnknown(error)) {
          ctx.log.warn('user create got no clear answer; recorded as tainted in case the cluster created it', { user: ref.name, zone: ref.zone });
          if (secretName !== null) releaseSecretNameClaim(ctx.papi, secretName, owner);
          throw new PartialStateError({ ...plan, id: keyId(ref.zone, ref.name), zone: ref.zone, passwordWo: null }, explain(error, ref, 'create'), encodeUserPrivate({ owner }));
        }
        if (secretName !== null) {
          await restore(ctx, secretName, previous);
          releaseSecretNameClaim(ctx.papi, secretName, owner);
        }
        throw explain(error, ref, 'create');
      }
      let user: OneFsUser;
      try {
        user = await readUser(ctx, ref);
      } catch (error) {
        // The user exists (with its stored password): record it, tainted, so the next apply replaces it.
        throw new PartialStateError({ ...plan, id: keyId(ref.zone, ref.name), zone: ref.zone, passwordWo: null }, error, encodeUserPrivate({ owner }));
      }
      return withPrivate(withUser(plan, ref, user), encodeUserPrivate({ owner }));
    });
  },

  async read(ctx) {
    const { state } = ctx;
    const ref = refOf(state);
    const priv = decodeUserPrivate(ctx.private);
    let reset: ResetReason | undefined = priv.reset;
    // Whether the stored password is checked depends on the state alone, so it is read while the
    // user is (one round trip, not two); a read that turns out unused, when the user is gone, is
    // ignored, failure included, and when both fail the cluster's error is the one reported.
    const secretName = state.passwordSecretName;
    const document = reset === undefined && secretName !== null && priv.owner !== undefined && priv.unknownPassword !== true ? readPasswordDocument(ctx.secrets, ctx.log, secretName, ctx.signal) : undefined;
    document?.catch(() => {});
    const user = await getUser(ctx.papi, ref.zone, ref.name, ctx.signal);
    if (user === undefined) return null;
    const refreshed = withUser(state, ref, user);
    // Every apply of this provider that leaves a minted password_secret_name in state also leaves
    // an owner token in private state, except an import still adopting. Terraform keeps an
    // update's prior state but drops its private state when the provider dies without answering
    // (SIGKILL, a crash): the store may then hold a password the dead process wrote and never set
    // on the cluster, and nothing tells it apart from the working one. So a fresh password is due
    // (chaos finding 6).
    if (reset === undefined && state.passwordSecretName !== null && priv.owner === undefined && priv.adopting !== true && priv.unknownPassword !== true) reset = 'record-lost';
    if (document !== undefined) {
      const doc = await document;
      if (doc === undefined) reset = 'secret-missing';
      else if (doc.header === undefined) reset = 'secret-malformed';
      else if (!isPasswordOf(doc.header, ref.zone, ref.name)) reset = 'secret-other-user';
      // Every document this object wrote or adopted carries its owner token (adoption stamps it,
      // see stampOwner): one without it, or with another, was written by someone else since, and a
      // password cannot be checked against the cluster, so it is not to be trusted (chaos finding 5).
      else if (doc.header.owner !== priv.owner) reset = 'secret-other-owner';
      // The state holds password_last_set as the cluster reported it right after this object set
      // the password; a later value means someone else set it since (an admin's reset, the user's
      // own change), and the stored password no longer authenticates. Seconds: a change within the
      // same second as ours goes unseen (docs/resources/user.md).
      else if (typeof state.passwordLastSet === 'number' && user.passwordLastSet !== null && user.passwordLastSet !== state.passwordLastSet) reset = 'set-outside';
      if (reset !== undefined) ctx.log.info('user password needs a reset', { id: refreshed.id ?? undefined, reason: reset });
    }
    return withPrivate(refreshed, encodeUserPrivate({ ...priv, reset, setGiven: undefined }));
  },

  async update(ctx) {
    const { plan, prior, config } = ctx;
    const ref = refOf(plan);
    return withKeyLock(ctx.papi, ref.zone, ref.name, async (): Promise<HandlerResult<UserModel>> => {
      const priv = decodeUserPrivate(ctx.private);
      const owner = priv.owner ?? (await adoptedOwner(ctx, ref, plan.passwordSecretName)) ?? randomUUID();
      const settings = settingsOf(plan, prior);
      const from = prior.passwordSecretName;
      const to = plan.passwordSecretName;
      const kept: UserPrivate = { owner, unknownPassword: priv.unknownPassword };

      if (priv.reset !== undefined && to !== null) {
        const { password, previous } = await mintAndStore(ctx, ref, to, owner, from === to);
        try {
          await updateUser(ctx.papi, ref.zone, ref.name, { ...settings, password }, ctx.signal);
        } catch (error) {
          await restore(ctx, to, previous);
          // Nothing changed on the cluster as far as we know: keep the prior state, and the reset pending.
          throw new PartialStateError(prior, error, encodeUserPrivate({ ...kept, reset: 'set-failed' }));
        }
        const state = withUser(plan, ref, await readUser(ctx, ref));
        if (from !== null && from !== to) {
          try {
            await deleteOwnDocument(ctx, ref, from, priv.owner);
          } catch (error) {
            throw new PartialStateError(state, error, encodeUserPrivate({ owner }));
          }
        }
        return withPrivate(state, encodeUserPrivate({ owner }));
      }

      if (priv.setGiven === true) {
        await updateUser(ctx.papi, ref.zone, ref.name, { ...settings, password: givenPassword(config, ctx) }, ctx.signal);
      } else if (Object.keys(settings).length > 0) {
        await updateUser(ctx.papi, ref.zone, ref.name, settings, ctx.signal);
      }
      const state = withUser(plan, ref, await readUser(ctx, ref));
      if (from !== null && from !== to) {
        // Minted before: the document moves to the new name, or goes when the password is no longer minted.
        try {
          const moved = await deleteOwnDocumentAfterCopy(ctx, ref, from, to, owner, priv.owner);
          if (to !== null && !moved && priv.unknownPassword !== true) return withPrivate(state, encodeUserPrivate({ ...kept, reset: 'secret-missing' }));
        } catch (error) {
          throw new PartialStateError(state, error, encodeUserPrivate(kept));
        }
      }
      if (to !== null && priv.owner === undefined && priv.unknownPassword !== true) {
        try {
          await stampOwner(ctx, ref, to, owner);
        } catch (error) {
          // Not stamped: stay unowned, so the next apply adopts it again instead of resetting it.
          throw new PartialStateError(state, error, encodeUserPrivate({ unknownPassword: kept.unknownPassword, adopting: true }));
        }
      }
      return withPrivate(state, encodeUserPrivate({ ...kept, unknownPassword: to === null ? undefined : kept.unknownPassword }));
    });
  },

  async delete(ctx) {
    const { state } = ctx;
    const ref = refOf(state);
    await withKeyLock(ctx.papi, ref.zone, ref.name, async () => {
      const priv = decodeUserPrivate(ctx.private);
      // The document goes first; if the cluster then refuses, it is put back, so neither a user
      // with a lost password nor a password of a deleted user is left behind.
      const removed = state.passwordSecretName === null ? undefined : await deleteOwnDocument(ctx, ref, state.passwordSecretName, priv.owner);
      try {
        await deleteUser(ctx.papi, ref.zone, ref.name, ctx.signal);
      } catch (error) {
        if (removed !== undefined && state.passwordSecretName !== null) await restore(ctx, state.passwordSecretName, removed);
        throw explain(error, ref, 'delete');
      }
    });
  },

  importState({ id }) {
    const parsed = parseImportId(id);
    if ('problem' in parsed) throw new DiagnosticError({ summary: 'Invalid Import ID', detail: parsed.problem.replace(/<user>/g, '<name>') });
    return { id: keyId(parsed.zone, parsed.user), zone: parsed.zone, name: parsed.user };
  },

  modifyPlan: planUser,
});

/**
 * The owner token of this user's document under `name`, which an imported object (no owner yet)
 * adopts so that its next refresh does not take the document for another object's. A document
 * without an owner is adopted under a fresh token (ownerless documents match any owner).
 */
async function adoptedOwner(ctx: HandlerContext, ref: UserRef, name: string | null): Promise<string | undefined> {
  if (name === null) return undefined;
  const doc = await readPasswordDocument(ctx.secrets, ctx.log, name, ctx.signal);
  return isPasswordOf(doc?.header, ref.zone, ref.name) ? doc.header.owner : undefined;
}

/**
 * Writes `owner` into this user's password document under `name` when it has none (written by
 * hand, or by a tool, and adopted at import), keeping its password: from then on a document
 * without this object's token under its name can only be someone else's later write.
 */
async function stampOwner(ctx: HandlerContext, ref: UserRef, name: string, owner: string): Promise<void> {
  const doc = await readPasswordDocument(ctx.secrets, ctx.log, name, ctx.signal);
  if (!isPasswordOf(doc?.header, ref.zone, ref.name) || doc.header.owner !== undefined) return;
  const password = (JSON.parse(doc.value) as { password: string }).password;
  await ctx.secrets.createOrUpdate(name, encodePasswordDocument(ref.zone, ref.name, password, owner), ctx.signal);
}

/**
 * Moves this object's document from `from` to `to` (`to` null: deletes it). False when `from`
 * held no document of this user to move (the next read then plans a reset if one is needed).
 */
async function deleteOwnDocumentAfterCopy(ctx: HandlerContext, ref: UserRef, from: string, to: string | null, owner: string, priorOwner: string | undefined): Promise<boolean> {
  if (to === null) {
    await deleteOwnDocument(ctx, ref, from, priorOwner);
    return true;
  }
  const doc = await readPasswordDocument(ctx.secrets, ctx.log, from, ctx.signal);
  if (doc === undefined || !isPasswordOf(doc.header, ref.zone, ref.name)) return false;
  await checkBeforeWrite(ctx, ref, to, owner);
  await ctx.secrets.createOrUpdate(to, doc.value, ctx.signal);
  await ctx.secrets.delete(from, ctx.signal);
  return true;
}
