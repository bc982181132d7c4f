/**
 * The command line of `discover`, parsed and checked before anything connects. Connection flags
 * mirror the provider's configuration; the secret store flags mirror its `secret_store` block and
 * go through the same validation ({@link validateSecretStoreConfig}), each problem named by its
 * flag. A password is only ever read from a file or the store: no flag takes one.
 */
import { parseArgs } from 'node:util';
import { validateSecretStoreConfig, type SecretStoreConfig } from '../../secrets/config';
import { parsePattern, type ObjectPattern } from './filter';
import type { CdkFlavour } from './typescript';

export const USAGE = `usage: cdktf-powerscale discover --endpoint URL --username NAME (--password-file FILE | --password-secret NAME) [options]
  writes import blocks and matching resource blocks for what exists on the cluster

cluster (as the provider's configuration; never a password on the command line):
  --endpoint URL            https://host[:port] (port 8080 when omitted)
  --username NAME           the PAPI user
  --password-file FILE      a file holding the password, readable only by its owner
  --password-secret NAME    the password's name in the secret store
  --ca-cert-file FILE       PEM CA bundle that signs the cluster's certificate
  --insecure                skip TLS verification (self-signed labs only)
secret store (as the provider's secret_store block; default: the local file store):
  --store-type file|dap     --store-path FILE    --store-url URL    --store-tenant NAME
  --store-credentials-file FILE    --store-ca-cert-file FILE    --store-insecure
  --no-store-check          do not look up secret names (no store access at all)
what to write:
  --zone Z                  look in zone Z only (repeatable; default: every zone)
  --include PATTERN         only objects matching PATTERN (repeatable): TYPE, TYPE:NAME_GLOB or :NAME_GLOB
  --exclude PATTERN         leave out objects matching PATTERN (repeatable)
  --state FILE              leave out objects this state manages (the output of "terraform show -json")
  --format hcl|typescript   HCL import + resource blocks (default), or a TypeScript module
  --cdk cdktn|cdktf         the CDK the TypeScript module imports (default cdktn)
  --out FILE                write to FILE (default: standard output); progress goes to standard error
exit code: 0 written, 1 error
`;

/** A command line that cannot run; the message names the flag. */
export class DiscoverUsageError extends Error {
  override readonly name = 'DiscoverUsageError';
}

/** Where the cluster password comes from. */
export type PasswordFrom = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'secret'; readonly name: string };

/** A checked command line. */
export interface DiscoverOptions {
  readonly help: boolean;
  readonly endpoint: string;
  readonly username: string;
  readonly password: PasswordFrom;
  readonly caCertFile: string | undefined;
  readonly insecure: boolean;
  readonly store: SecretStoreConfig | undefined;
  readonly storeCheck: boolean;
  readonly zones: readonly string[];
  readonly includes: readonly ObjectPattern[];
  readonly excludes: readonly ObjectPattern[];
  readonly stateFile: string | undefined;
  readonly format: 'hcl' | 'typescript';
  readonly cdk: CdkFlavour;
  readonly out: string | undefined;
}

const STORE_FLAGS: Readonly<Record<string, string>> = {
  type: '--store-type',
  path: '--store-path',
  url: '--store-url',
  tenant: '--store-tenant',
  credentials_file: '--store-credentials-file',
  insecure: '--store-insecure',
  ca_cert_file: '--store-ca-cert-file',
};

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new DiscoverUsageError(`${flag} must be ${allowed.join(' or ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

/** Parses and checks `argv`; throws {@link DiscoverUsageError} naming the flag. */
export function parseDiscoverArgs(argv: readonly string[]): DiscoverOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: {
        endpoint: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        'password-file': { type: 'string' },
        'password-secret': { type: 'string' },
        'ca-cert-file': { type: 'string' },
        insecure: { type: 'boolean' },
        'store-type': { type: 'string' },
        'store-path': { type: 'string' },
        'store-url': { type: 'string' },
        'store-tenant': { type: 'string' },
        'store-credentials-file': { type: 'string' },
        'store-ca-cert-file': { type: 'string' },
        'store-insecure': { type: 'boolean' },
        'no-store-check': { type: 'boolean' },
        zone: { type: 'string', multiple: true },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        state: { type: 'string' },
        format: { type: 'string' },
        cdk: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs quotes the offending argument; it may be a password typed in the wrong place.
    throw new DiscoverUsageError(error instanceof Error ? error.message.replace(/'[^']*'/g, (m) => (m.startsWith("'--") ? m : "'...'")) : 'bad arguments');
  }
  const v = parsed.values;
  const base = { help: v.help === true };
  if (base.help) return { ...base, endpoint: '', username: '', password: { kind: 'file', path: '' }, caCertFile: undefined, insecure: false, store: undefined, storeCheck: false, zones: [], includes: [], excludes: [], stateFile: undefined, format: 'hcl', cdk: 'cdktn', out: undefined };
  if (v.password !== undefined) throw new DiscoverUsageError('--password is not accepted: a password on the command line is visible to every user of the machine; use --password-file or --password-secret');
  if (v.endpoint === undefined || v.endpoint === '') throw new DiscoverUsageError('--endpoint is required (https://host[:port])');
  if (v.username === undefined || v.username === '') throw new DiscoverUsageError('--username is required');
  const file = v['password-file'];
  const secret = v['password-secret'];
  if ((file === undefined) === (secret === undefined)) throw new DiscoverUsageError('exactly one of --password-file and --password-secret is required');
  if (v.insecure === true && v['ca-cert-file'] !== undefined) throw new DiscoverUsageError('--insecure and --ca-cert-file contradict each other; set one');

  const type = v['store-type'];
  const store: SecretStoreConfig = {
    ...(type !== undefined ? { type: type as SecretStoreConfig['type'] } : {}),
    ...(v['store-path'] !== undefined ? { path: v['store-path'] } : {}),
    ...(v['store-url'] !== undefined ? { url: v['store-url'] } : {}),
    ...(v['store-tenant'] !== undefined ? { tenant: v['store-tenant'] } : {}),
    ...(v['store-credentials-file'] !== undefined ? { credentialsFile: v['store-credentials-file'] } : {}),
    ...(v['store-ca-cert-file'] !== undefined ? { caCertFile: v['store-ca-cert-file'] } : {}),
    ...(v['store-insecure'] === true ? { insecure: true } : {}),
  };
  const storeCheck = v['no-store-check'] !== true;
  if (storeCheck || secret !== undefined) {
    const [problem] = validateSecretStoreConfig(store);
    if (problem) throw new DiscoverUsageError(`${STORE_FLAGS[problem.attribute] ?? '--store-type'}: ${problem.message}`);
  } else if (Object.keys(store).length > 0) {
    throw new DiscoverUsageError('--no-store-check and --store-* flags contradict each other (unless --password-secret needs the store)');
  }

  const format = oneOf('--format', v.format, ['hcl', 'typescript'] as const, 'hcl');
  if (v.cdk !== undefined && format !== 'typescript') throw new DiscoverUsageError('--cdk applies only to --format typescript');
  return {
    ...base,
    endpoint: v.endpoint,
    username: v.username,
    password: file !== undefined ? { kind: 'file', path: file } : { kind: 'secret', name: secret as string },
    caCertFile: v['ca-cert-file'],
    insecure: v.insecure === true,
    store: Object.keys(store).length > 0 ? store : undefined,
    storeCheck,
    zones: v.zone ?? [],
    includes: (v.include ?? []).map((p) => parsePattern('--include', p)),
    excludes: (v.exclude ?? []).map((p) => parsePattern('--exclude', p)),
    stateFile: v.state,
    format,
    cdk: oneOf('--cdk', v.cdk, ['cdktn', 'cdktf'] as const, 'cdktn'),
    out: v.out,
  };
}
