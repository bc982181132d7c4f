/**
 * `ephemeral "powerscale_s3_key_secret"` (Terraform >= 1.10): the S3 key a `powerscale_s3_key`
 * stored, for one run only, checked against the cluster first. A consumer (an application's
 * secret, another provider's write-only argument) must never receive a dead key, so the open
 * fails when the stored secret is not the key's current one: the key was rotated or deleted
 * outside Terraform, or its rotation's store write failed.
 *
 * How "current" is decided: OneFS keeps a user's access id across rotations, so the stored
 * document's `secret_key_timestamp` (written with the secret since this resource exists) must
 * equal the cluster's. A document from an older provider has no timestamp; it passes when its
 * access id matches, with a warning that says how to get the full check.
 */
import { listZones } from '../../../papi/zones';
import { atLeastOneOf, defineEphemeralResource, DiagnosticError, stringValidator, type Log, type ModelOf, type ObjectSchemaSpec, type Problem } from '../../framework';
import { validateSecretName } from '../../../secrets/names';
import type { SecretStore } from '../../../secrets/types';
import type { PapiApi } from '../../../papi/types';
import { lookupKey, type S3KeyView } from '../s3-key/keys';
import { defaultSecretName, SYSTEM_ZONE, userNameProblem, zoneNameProblem } from '../s3-key/naming';
import { readDocument, type DocumentHeader } from '../s3-key/secret-document';

export const s3KeySecretEphemeralSchema = {
  description:
    'Reads the S3 key a `powerscale_s3_key` stored in the secret store, for this Terraform run only (never in plan or state), after checking that it is still the key the cluster accepts.',
  attributes: {
    secretName: {
      type: 'string',
      optional: true,
      computed: true,
      description: 'The `secret_name` of the `powerscale_s3_key`. Default: the name derived from `zone` and `user`, as the resource derives it.',
      validators: [stringValidator('a secret name the store can hold', (s) => validateSecretName(s))],
    },
    zone: {
      type: 'string',
      optional: true,
      computed: true,
      description: 'The access zone of the key\'s user. Default: System when `user` is set; otherwise the zone the stored access id names.',
      validators: [stringValidator('a OneFS access zone name', zoneNameProblem)],
    },
    user: {
      type: 'string',
      optional: true,
      computed: true,
      description: 'The user that owns the key. Default: the user the stored access id names (`<zone id>_<user>_accid`).',
      validators: [stringValidator('a OneFS user name', userNameProblem)],
    },
    accessId: { type: 'string', computed: true, description: 'The S3 access key id.' },
    secretKey: { type: 'string', computed: true, sensitive: true, description: 'The S3 secret key.' },
    secretKeyTimestamp: {
      type: 'number',
      optional: true,
      computed: true,
      description:
        'When the secret was minted (epoch seconds, as the cluster reports it). Set it to the `secret_key_timestamp` of the `powerscale_s3_key` to read the secret only once that key is applied: while the key is being minted or rotated the value is unknown, so Terraform opens the read during apply, after the new secret is stored; and the read fails if the cluster holds another key than the one applied.',
    },
  },
  constraints: [atLeastOneOf('secretName', 'user')],
} satisfies ObjectSchemaSpec;

/** The ephemeral resource's model, derived from its schema. */
export type S3KeySecretModel = ModelOf<typeof s3KeySecretEphemeralSchema>;

// The access id shape OneFS is believed to use (reference/onefs-papi.md marks it uncertain): only
// used when the configuration names no user, and a mismatch asks for `user` instead of guessing.
const ACCESS_ID = /^(\d+)_(.+)_accid$/;

/** The zone and user whose key the document holds: from the configuration, else from its access id. */
async function ownerOf(papi: PapiApi, config: S3KeySecretModel, header: DocumentHeader, signal: AbortSignal): Promise<{ zone: string; user: string }> {
  if (config.user !== null) return { zone: config.zone ?? SYSTEM_ZONE, user: config.user };
  const match = ACCESS_ID.exec(header.accessId);
  const cannot = (why: string) =>
    new DiagnosticError({
      summary: 'Cannot Check S3 Key Secret',
      detail: `${why} Set \`user\` (and \`zone\` when it is not System) so that the key can be checked on the cluster.`,
      attribute: 'user',
    });
  if (match === null) throw cannot(`The stored access id does not name its user in the form <zone id>_<user>_accid.`);
  const [, zoneId = '', user = ''] = match;
  if (config.zone !== null) return { zone: config.zone, user };
  const zone = (await listZones(papi, signal)).find((z) => String(z.zoneId) === zoneId);
  if (zone === undefined) throw cannot(`The stored access id names zone id ${zoneId}, which the cluster does not have.`);
  return { zone: zone.name, user };
}

/** Why the stored document is not the key's current secret, or undefined when it is. */
function staleness(header: DocumentHeader, key: S3KeyView): string | undefined {
  if (header.accessId !== key.accessId) return 'The stored secret belongs to another access id than the key on the cluster.';
  if (header.secretKeyTimestamp === undefined || header.secretKeyTimestamp === key.secretKeyTimestamp) return undefined;
  if (header.secretKeyTimestamp === key.oldKeyTimestamp && key.oldKeyExpiry !== null) {
    return `The key was rotated after the secret was stored: the stored secret is the previous one, which stops working at ${new Date(key.oldKeyExpiry * 1000).toISOString()}.`;
  }
  return 'The key was rotated after the secret was stored: the stored secret no longer works.';
}

function stale(name: string, zone: string, user: string, why: string): DiagnosticError {
  return new DiagnosticError({
    summary: 'Stale S3 Key Secret',
    detail:
      `${why} (secret ${JSON.stringify(name)}, key of ${JSON.stringify(user)} in zone ${JSON.stringify(zone)}.) ` +
      'Run terraform apply on the powerscale_s3_key that owns this secret: its plan rotates the key and stores the new secret. Nothing was handed to the consumer.',
    attribute: 'secret_name',
  });
}

/** Reads the document under `name`, or fails with a diagnostic that says what to apply. */
async function readKeyDocument(secrets: SecretStore, log: Log, name: string, signal: AbortSignal): Promise<{ value: string; header: DocumentHeader }> {
  const doc = await readDocument(secrets, log, name, signal);
  if (doc === undefined) {
    throw new DiagnosticError({
      summary: 'S3 Key Secret Not Found',
      detail: `The secret store has no secret named ${JSON.stringify(name)}. Check the name, and that the powerscale_s3_key that writes it has been applied.`,
      attribute: 'secret_name',
    });
  }
  if (doc.header === undefined) {
    throw new DiagnosticError({
      summary: 'Not an S3 Key Secret',
      detail: `The secret ${JSON.stringify(name)} is not the {"access_id", "secret_key"} document a powerscale_s3_key writes. To read any secret as it is stored, use ephemeral "powerscale_secret".`,
      attribute: 'secret_name',
    });
  }
  return { value: doc.value, header: doc.header };
}

export const s3KeySecretEphemeral = defineEphemeralResource<S3KeySecretModel>({
  typeName: 'powerscale_s3_key_secret',
  title: 'S3 Key Secret',
  schema: s3KeySecretEphemeralSchema,
  async open({ config, secrets, papi, signal, log }) {
    const name = config.secretName ?? defaultSecretName(config.zone ?? SYSTEM_ZONE, config.user ?? '');
    const { value, header } = await readKeyDocument(secrets, log, name, signal);
    const { zone, user } = await ownerOf(papi, config, header, signal);
    const found = await lookupKey(papi, zone, user, signal);
    if (found.kind === 'gone') throw stale(name, zone, user, 'The user or zone no longer exists on the cluster.');
    if (found.kind === 'none') throw stale(name, zone, user, 'The user has no S3 key on the cluster any more (it was deleted outside Terraform).');
    const why = staleness(header, found.key);
    if (why !== undefined) throw stale(name, zone, user, why);
    if (config.secretKeyTimestamp !== null && config.secretKeyTimestamp !== found.key.secretKeyTimestamp) {
      throw stale(name, zone, user, `The key on the cluster (minted at ${found.key.secretKeyTimestamp}) is not the one the configuration expects (secret_key_timestamp ${config.secretKeyTimestamp}).`);
    }
    const secretKey = (JSON.parse(value) as { secret_key: string }).secret_key;
    const problems: Problem[] = [];
    if (header.secretKeyTimestamp === undefined) {
      problems.push({
        severity: 'warning',
        summary: 'S3 Key Secret Checked by Access Id Only',
        detail: `The secret ${JSON.stringify(name)} was stored by an older provider without its timestamp, so a rotation outside Terraform cannot be told apart. The next rotation by powerscale_s3_key stores it; until then the access id matched.`,
        attribute: 'secret_name',
      });
    }
    return {
      result: { secretName: name, zone, user, accessId: found.key.accessId, secretKey, secretKeyTimestamp: found.key.secretKeyTimestamp },
      problems,
    };
  },
});
