/**
 * `ephemeral "powerscale_secret"` (Terraform >= 1.10): any secret of the configured secret store
 * by name, for one run only: the value reaches the configuration that uses it (a provider block,
 * a write-only argument) and never plan or state. A password minted by `powerscale_user`, an S3
 * key document, a cluster admin password kept in the store.
 */
import { validateSecretName } from '../../../secrets/names';
import { defineEphemeralResource, DiagnosticError, stringValidator, type ModelOf, type ObjectSchemaSpec } from '../../framework';

export const secretEphemeralSchema = {
  description: 'Reads one secret of the configured secret store for this Terraform run only; the value is never written to plan or state.',
  attributes: {
    name: {
      type: 'string',
      required: true,
      description: 'The name of the secret in the store (for example a `secret_name` of `powerscale_s3_key`).',
      validators: [stringValidator('a secret name the store can hold', (s) => validateSecretName(s))],
    },
    value: { type: 'string', computed: true, sensitive: true, description: 'The secret value as stored (often a JSON document).' },
  },
} satisfies ObjectSchemaSpec;

/** The ephemeral resource's model, derived from its schema. */
export type SecretEphemeralModel = ModelOf<typeof secretEphemeralSchema>;

export const secretEphemeral = defineEphemeralResource<SecretEphemeralModel>({
  typeName: 'powerscale_secret',
  title: 'Secret',
  schema: secretEphemeralSchema,
  async open({ config, secrets, signal, log }) {
    const name = config.name ?? '';
    const value = await secrets.get(name, signal);
    if (value === undefined) {
      throw new DiagnosticError({
        summary: 'Secret Not Found',
        detail: `The secret store has no secret named ${JSON.stringify(name)}. Check the name, and that the resource that writes it (for example powerscale_s3_key) has been applied.`,
        attribute: 'name',
      });
    }
    // Never in a log line, even at trace level.
    log.addSecret(value);
    return { result: { name, value } };
  },
});
