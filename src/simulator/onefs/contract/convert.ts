/**
 * Turns the reference OneFS API schema file (Swagger 2.0 rebuilt from Dell's generated SDK, with
 * the facts the generator lost under `x-papi`) into the project's compact contract
 * (`./shape`). `scripts/gen-papi-contract.ts` writes the result to `papi.generated.ts`; the
 * cross-check test recomputes it whenever the reference file sits beside the repository, so the
 * committed contract cannot drift from it. Only the areas the simulator serves (or soon will) are
 * kept: sessions, `/platform/latest`, cluster identity, zones, auth users and groups, S3, quotas.
 */
import type { Shape } from './shape';

/** One operation: the API versions each release serves it at, and its body schemas. */
export interface ContractOperation {
  /** `/platform/N` per OneFS release (`"9.5.0": 16`); absent for non-platform paths. */
  readonly versions?: Readonly<Record<string, number>>;
  /** Schema of the JSON request body, when the operation takes one. */
  readonly request?: Shape;
  /** Schema of the success body; absent when the success answer has no body (204). */
  readonly response?: Shape;
}

export interface PapiContract {
  /** Shared definitions, referenced as `{ ref: name }`. */
  readonly definitions: Readonly<Record<string, Shape>>;
  /** Keyed `"<METHOD> <path>"`, path with `/platform/N/` and `{}` for each path parameter. */
  readonly operations: Readonly<Record<string, ContractOperation>>;
  /** The body of every PAPI error (`{"errors":[{"code","message","field"?}]}`). */
  readonly errorEnvelope: Shape;
  /** The success statuses real clusters send per method (the generator wrote "200" for all). */
  readonly successStatus: Readonly<Record<string, readonly number[]>>;
}

/** Relative platform paths the contract keeps. */
const AREAS = /^\/(auth\/(users|groups)|zones($|\/)|protocols\/s3\/|cluster\/|quota\/quotas($|\/))/;

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/** One JSON-schema node in the compact form; `refs` collects the definitions it names. */
function toShape(node: Json, refs: Set<string>): Shape {
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = ref.split('/').at(-1) ?? ref;
    refs.add(ref);
    return { ref: name };
  }
  switch (node.type) {
    case 'object': {
      const props = obj(node.properties);
      const names = Object.keys(props).sort();
      if (names.length === 0) return { t: 'object' };
      const req = Array.isArray(node.required) ? (node.required as string[]).filter((r) => names.includes(r)).sort() : [];
      return { t: 'object', props: Object.fromEntries(names.map((n) => [n, toShape(obj(props[n]), refs)])), ...(req.length > 0 ? { req } : {}) };
    }
    case 'array':
      return { t: 'array', of: toShape(obj(node.items), refs) };
    case 'string': {
      const len = [num(node.minLength), num(node.maxLength)] as const;
      return {
        t: 'string',
        ...(Array.isArray(node.enum) ? { enum: node.enum as string[] } : {}),
        ...(len[0] !== null || len[1] !== null ? { len } : {}),
        ...(typeof node.pattern === 'string' ? { pattern: node.pattern } : {}),
      };
    }
    case 'integer':
    case 'number': {
      const range = [num(node.minimum), num(node.maximum)] as const;
      return { t: node.type, ...(range[0] !== null || range[1] !== null ? { range } : {}) };
    }
    case 'boolean':
      return { t: 'boolean' };
    default:
      return { t: 'any' };
  }
}

/** `/platform/16/auth/users/{AuthUserId}` -> `/platform/N/auth/users/{}`. */
function contractPath(path: string): string {
  return path.replace(/^\/platform\/\d+\//, '/platform/N/').replace(/\{[^}]*\}/g, '{}');
}

/** Resolves `#/definitions/X` or `#/x-papi/.../definitions/X` in `doc`. */
function resolveRef(doc: Json, ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json>((node, key) => obj(node[key]), doc);
}

/** The compact contract of `reference` (the parsed onefs-9.5-papi-subset.json). */
export function contractFromReference(reference: unknown): PapiContract {
  const doc = obj(reference);
  const xpapi = obj(doc['x-papi']);
  const history = obj(doc['x-path-version-history']);
  const refs = new Set<string>();
  const operations: Record<string, ContractOperation> = {};

  for (const [path, item] of Object.entries(obj(doc.paths))) {
    const relative = path.replace(/^\/platform\/\d+/, '');
    if (!AREAS.test(relative)) continue;
    for (const [method, op] of Object.entries(obj(item))) {
      const key = `${method.toUpperCase()} ${contractPath(path)}`;
      const releases = obj(history[`${method.toUpperCase()} /platform/N${relative}`]);
      const versions = Object.fromEntries(
        Object.entries(releases)
          .map(([release, v]) => [release.replace(/^v/, '').replace(/_/g, '.'), Number(v)] as const)
          .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })),
      );
      const body = (Array.isArray(obj(op).parameters) ? (obj(op).parameters as unknown[]) : []).map(obj).find((p) => p.in === 'body');
      const success = obj(obj(obj(op).responses)['200']).schema;
      operations[key] = {
        ...(Object.keys(versions).length > 0 ? { versions } : {}),
        ...(body ? { request: toShape(obj(body.schema), refs) } : {}),
        ...(success ? { response: toShape(obj(success), refs) } : {}),
      };
    }
  }

  for (const [group, extra] of Object.entries(xpapi)) {
    for (const [path, item] of Object.entries(obj(obj(extra).paths))) {
      for (const [method, op] of Object.entries(obj(item))) {
        const request = obj(op).request;
        const success = Object.entries(obj(obj(op).responses)).find(([status]) => status.startsWith('2'));
        const schema = success ? obj(success[1]).schema : undefined;
        operations[`${method.toUpperCase()} ${path}`] = {
          ...(request ? { request: toShape(obj(request), refs) } : {}),
          ...(schema ? { response: toShape(obj(schema), refs) } : {}),
        };
        void group;
      }
    }
  }

  const definitions: Record<string, Shape> = {};
  const done = new Set<string>();
  while (refs.size > done.size) {
    for (const ref of [...refs]) {
      if (done.has(ref)) continue;
      done.add(ref);
      const name = ref.split('/').at(-1) ?? ref;
      definitions[name] = toShape(resolveRef(doc, ref), refs);
    }
  }

  const envelopeRefs = new Set<string>();
  const errorEnvelope = toShape(obj(obj(xpapi.errorEnvelope).schema), envelopeRefs);
  const status = obj(xpapi.successStatus);
  const successStatus = Object.fromEntries(['GET', 'POST', 'PUT', 'DELETE'].map((m) => [m, Array.isArray(status[m]) ? (status[m] as number[]) : []]));
  return {
    definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
    operations: Object.fromEntries(Object.entries(operations).sort(([a], [b]) => a.localeCompare(b))),
    errorEnvelope,
    successStatus,
  };
}

/** The TypeScript module `scripts/gen-papi-contract.ts` writes. */
export function renderContract(contract: PapiContract): string {
  return `/**
 * GENERATED by \`npm run contract\` (scripts/gen-papi-contract.ts) from the OneFS 9.5 API schema
 * subset (Dell's generated SDK plus its x-papi corrections); do not edit by hand. The
 * cross-check test recomputes it when the reference file is available.
 */
import type { PapiContract } from './convert';

export const PAPI_CONTRACT: PapiContract = ${JSON.stringify(contract, null, 2)};
`;
}
