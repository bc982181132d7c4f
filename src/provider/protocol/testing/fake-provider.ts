/**
 * A tiny stand-in ProviderServer for protocol tests with the real terraform binary: one resource,
 * `powerscale_fake`, whose "remote" is a JSON file named by the provider's `endpoint`. It does
 * just enough of what the framework will do (unknown computed values on create, write-only
 * attributes nulled, requires_replace, drift, import) to exercise every value path of the codec.
 * Never part of the shipped provider: only tests bundle it (see fake-main.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BigNumberValue, UNKNOWN, type ProviderServer, type Schema, type TfObject } from '../../framework/contract';
import { log } from '../../log';

const fakeSchema: Schema = {
  version: 1,
  block: {
    description: 'A fake object for protocol tests.',
    attributes: [
      { name: 'id', type: 'string', description: 'Identifier.', computed: true },
      { name: 'name', type: 'string', description: 'Name.', required: true },
      { name: 'zone', type: 'string', description: 'Zone; changing it replaces the object.', optional: true },
      { name: 'size', type: 'number', description: 'A number that must survive exactly.', optional: true },
      { name: 'tags', type: ['map', 'string'], description: 'Tags.', optional: true },
      { name: 'token', type: 'string', description: 'Write-only.', optional: true, writeOnly: true, sensitive: true },
    ],
    blockTypes: [{ typeName: 'rule', nesting: 'list', block: { description: 'A rule.', attributes: [{ name: 'port', type: 'number', description: 'Port.', required: true }], blockTypes: [] } }],
  },
};

/** The fake server; `endpoint` in the provider config names the JSON file playing the remote API. */
export function createFakeProviderServer(): ProviderServer {
  let remoteFile = '';
  // BigNumberValue serialises as its decimal text; turn `size` back into a number on the way in.
  const load = (): Record<string, TfObject> => {
    const all = remoteFile && existsSync(remoteFile) ? (JSON.parse(readFileSync(remoteFile, 'utf8')) as Record<string, TfObject>) : {};
    for (const obj of Object.values(all)) if (typeof obj.size === 'string') obj.size = new BigNumberValue(obj.size);
    return all;
  };
  const save = (all: Record<string, TfObject>) => writeFileSync(remoteFile, JSON.stringify(all));
  const none = async () => [];
  return {
    getProviderSchema: () => ({
      provider: { version: 0, block: { description: '', attributes: [{ name: 'endpoint', type: 'string', description: 'remote file', optional: true }], blockTypes: [] } },
      resourceSchemas: { powerscale_fake: fakeSchema },
      dataSourceSchemas: {},
      serverCapabilities: { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false },
      diagnostics: [],
    }),
    validateProviderConfig: none,
    validateDataResourceConfig: none,
    configureProvider: async (req) => {
      remoteFile = typeof req.config.endpoint === 'string' ? req.config.endpoint : '';
      return [];
    },
    validateResourceConfig: async (_type, config) => (config.name === '' ? [{ severity: 'error', summary: 'name must not be empty', detail: 'Give the object a name.', attribute: [{ attribute: 'name' }] }] : []),
    upgradeResourceState: async (req) => {
      const raw = (req.rawStateJson ?? {}) as TfObject;
      const state: TfObject = {};
      for (const a of fakeSchema.block.attributes) state[a.name] = raw[a.name] ?? null;
      state.rule = raw.rule ?? [];
      state.token = null;
      return { upgradedState: state, diagnostics: [] };
    },
    readResource: async (req) => {
      const remote = load()[String(req.currentState.id)];
      log.debug('fake read', { id: req.currentState.id, found: Boolean(remote) });
      return { newState: remote ? { ...remote, token: null } : null, private: req.private, diagnostics: [] };
    },
    planResourceChange: async (req) => {
      const p = req.proposedNewState;
      if (!p) return { plannedState: null, requiresReplace: [], plannedPrivate: req.priorPrivate, diagnostics: [] };
      const planned: TfObject = { ...p, token: null, id: req.priorState ? (req.priorState.id ?? null) : UNKNOWN };
      return { plannedState: planned, requiresReplace: [[{ attribute: 'zone' }]], plannedPrivate: Buffer.from('{"v":1}'), diagnostics: [] };
    },
    applyResourceChange: async (req) => {
      const all = load();
      if (!req.plannedState) {
        if (req.priorState) delete all[String(req.priorState.id)];
        save(all);
        return { newState: null, private: new Uint8Array(), diagnostics: [] };
      }
      const id = req.priorState ? String(req.priorState.id) : `${String(req.plannedState.zone ?? 'System')}/${String(req.plannedState.name)}`;
      const obj: TfObject = { ...req.plannedState, id, token: null };
      all[id] = obj;
      save(all);
      return { newState: obj, private: req.plannedPrivate, diagnostics: [] };
    },
    importResourceState: async (req) => ({ importedResources: [{ typeName: req.typeName, state: { id: req.id }, private: new Uint8Array() }], diagnostics: [] }),
    stop: async () => {},
    close: async () => {},
  };
}
