/** Schema and model of `powerscale_s3_key` (attribute contract fixed by DESIGN.md). */
import { MAX_EXISTING_KEY_EXPIRY_MINUTES } from '../../../onefs/rules';
import { validateConfiguredSecretName } from '../../../secrets/names';
import { intBetween, oneOf, requiresReplace, stringValidator, useStateForUnknown, type ModelOf, type ObjectSchemaSpec, type SameModel } from '../../framework';
import { replacingZoneAttribute } from '../shared-attributes';
import { userNameProblem } from './naming';

/** The most minutes OneFS keeps a previous secret valid after a rotation (src/onefs/rules.ts). */
export const MAX_EXPIRY_MINUTES = MAX_EXISTING_KEY_EXPIRY_MINUTES;

/** `on_existing_key`: refuse a create over a key this resource does not manage (the default). */
export const ON_EXISTING_KEY_FAIL = 'fail';
/** `on_existing_key`: mint over it, keeping its current secret valid for the adoption window. */
export const ON_EXISTING_KEY_TAKE_OVER = 'take_over';

/** `powerscale_s3_key` in camelCase. Values not known yet (computed, before create) are null. */
export interface S3KeyModel {
  /** `<zone>/<user>`. */
  id: string | null;
  user: string | null;
  zone: string | null;
  existingKeyExpiryMinutes: number | null;
  adoptionExpiryMinutes: number | null;
  /** `fail` or `take_over`: what a create does when the user already has a key it does not manage. */
  onExistingKey: string | null;
  secretName: string | null;
  rotationTriggers: Record<string, string> | null;
  accessId: string | null;
  secretKeyTimestamp: number | null;
  oldKeyExpiry: number | null;
}

export const s3KeySchema = {
  description:
    "An S3 access key of a OneFS user. The provider mints it on the cluster and writes {\"access_id\", \"secret_key\"} to the secret store under secret_name; Terraform state, plans and logs only ever hold the secret's name. Changing rotation_triggers rotates the key in place.",
  attributes: {
    id: { type: 'string', computed: true, description: '`<zone>/<user>`.', planModifiers: [useStateForUnknown()] },
    user: {
      type: 'string',
      required: true,
      description: 'The OneFS user (local or directory) whose key this is. Changing it replaces the key.',
      validators: [stringValidator('a OneFS user name', userNameProblem)],
      planModifiers: [requiresReplace()],
    },
    zone: replacingZoneAttribute('The access zone of the user. Changing it replaces the key.'),
    existingKeyExpiryMinutes: {
      type: 'number',
      optional: true,
      computed: true,
      default: 0,
      description:
        'When the key is rotated, how many minutes (0 to 1440) the previous secret keeps working, so that clients can switch over. 0: the previous secret stops working at once. Changing it alone does not rotate the key.',
      validators: [intBetween(0, MAX_EXPIRY_MINUTES)],
    },
    adoptionExpiryMinutes: {
      type: 'number',
      optional: true,
      description:
        'When the provider mints over a secret that the store does not hold (after an import, a rotation outside Terraform, a lost or foreign secret, or a create for a user who already has a key), how many minutes (0 to 1440) the current secret keeps working, when existing_key_expiry_minutes is 0. Default 60. The plan says so in a warning.',
      validators: [intBetween(0, MAX_EXPIRY_MINUTES)],
    },
    onExistingKey: {
      type: 'string',
      optional: true,
      computed: true,
      default: ON_EXISTING_KEY_FAIL,
      description:
        'What a create does when the user already has an S3 key that this resource does not manage (made by hand, by a script, by another provider): "fail" (the default) refuses before minting and points at import, so that the secret a tenant uses keeps working; "take_over" mints a new secret over it, and the current secret stays valid for the adoption window (adoption_expiry_minutes, or existing_key_expiry_minutes when above 0). Only a create looks at it.',
      validators: [oneOf(ON_EXISTING_KEY_FAIL, ON_EXISTING_KEY_TAKE_OVER)],
    },
    secretName: {
      type: 'string',
      optional: true,
      computed: true,
      description:
        'Where the secret store keeps {"access_id", "secret_key"}. Default: powerscale-s3-<zone>-<user> (characters the store refuses become "_" plus a short hash). Changing it moves the secret without minting a new key. Names starting with powerscale-minting- are reserved for the provider\'s minting markers.',
      validators: [stringValidator('a secret name the store can hold', (s) => validateConfiguredSecretName(s))],
    },
    rotationTriggers: {
      type: ['map', 'string'],
      optional: true,
      description:
        'Arbitrary values; any change rotates the key in place (OneFS keeps the access id and the previous secret for existing_key_expiry_minutes). Nothing else mints a new key.',
    },
    accessId: { type: 'string', computed: true, description: 'The S3 access key id (not secret).' },
    secretKeyTimestamp: { type: 'number', computed: true, description: 'When the current secret was minted (epoch seconds).' },
    oldKeyExpiry: {
      type: 'number',
      computed: true,
      description: 'When the previous secret stops working after a rotation (epoch seconds), or null when there is none.',
    },
  },
} satisfies ObjectSchemaSpec<S3KeyModel>;

/** Compile-time proof that the hand-written model and the schema agree. */
export const s3KeyModelMatchesSchema: SameModel<S3KeyModel, ModelOf<typeof s3KeySchema>> = true;
