/**
 * Helpers for the construct tests: synthesise a scope and read the JSON back as plain data.
 * Not exported from `index.ts`.
 */
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';

/** Synthesised Terraform JSON, parsed. Only the parts the tests look at are typed. */
export interface SynthJson {
  terraform?: { required_providers?: Record<string, { source?: string; version?: string }> };
  provider?: Record<string, Array<Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Synthesise whatever `fn` adds to a fresh stack and parse the result. */
export function synth(fn: (scope: Construct) => void): SynthJson {
  return JSON.parse(Testing.synthScope(fn)) as SynthJson;
}

/** The single resource of `type` in `json`, failing loudly when there is not exactly one. */
export function onlyResource(json: SynthJson, type: string): Record<string, unknown> {
  const all = Object.values(json.resource?.[type] ?? {});
  if (all.length !== 1 || all[0] === undefined) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** Props every test cluster uses: a password file, as the examples do. */
export const clusterProps = {
  endpoint: 'https://cluster.example.com:8080',
  username: 'admin',
  passwordFile: '/run/secrets/onefs-password',
} as const;
