import { describe, expect, it, vi } from 'vitest';
import { UNKNOWN, type ClientCapabilities, type TfObject } from './contract';
import { DiagnosticError, PartialStateError } from './diagnostics';
import { createSilentLog } from './logger';
import { requiresReplace, useStateForUnknown } from './plan-modifiers';
import { defineProvider } from './provider';
import { defineResource, withPrivate, type ResourceSpec } from './resource';
import { createFrameworkServer } from './server';
import { oneOf } from './validators';
import { isUnknown } from './contract';

interface ThingModel {
  id: string | null;
  name: string | null;
  zone: string | null;
  token: string | null;
  version: string | null;
  triggers: Record<string, string> | null;
}

class FakeApiError extends Error {
  override readonly name = 'FakeApiError';
  constructor(readonly status: number) {
    super('boom');
  }
}

const caps: ClientCapabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
const signal = new AbortController().signal;

function thing(overrides: Partial<ResourceSpec<ThingModel>> = {}) {
  return defineResource<ThingModel>({
    typeName: 'test_thing',
    schema: {
      description: 'a thing',
      attributes: {
        id: { type: 'string', description: 'id', computed: true, planModifiers: [useStateForUnknown()] },
        name: { type: 'string', description: 'name', required: true },
        zone: { type: 'string', description: 'zone', optional: true, computed: true, default: 'System', validators: [oneOf('System', 'Other')], planModifiers: [requiresReplace()] },
        token: { type: 'string', description: 'token', optional: true, writeOnly: true },
        version: { type: 'string', description: 'version', computed: true },
        triggers: { type: ['map', 'string'], description: 'triggers', optional: true },
      },
    },
    async create({ plan, config }) {
      return { ...plan, id: `${plan.zone}/${plan.name}`, version: config.token === null ? 'v1' : 'v1-token' };
    },
    async read({ state }) {
      return state;
    },
    async update({ plan }) {
      return { ...plan, version: 'v2' };
    },
    async delete() {},
    importState: ({ id }) => ({ id, name: id.split('/')[1] ?? null }),
    ...overrides,
  });
}

const provider = defineProvider<{ endpoint: string | null }>({
  schema: { description: 'p', attributes: { endpoint: { type: 'string', description: 'e', optional: true } } },
  configure: () => ({ clients: { papi: {} as never, secrets: {} as never }, close: async () => {} }),
  describeError: (e) => (e instanceof FakeApiError ? `The API answered ${e.status}. Check the thing.` : undefined),
});

function server(overrides: Partial<ResourceSpec<ThingModel>> = {}, log = createSilentLog()) {
  return createFrameworkServer({ provider, resources: [thing(overrides)], log });
}

const config: TfObject = { id: null, name: 'a', zone: null, token: 'tok', version: null, triggers: null };

async function planCreate(s = server()) {
  return s.planResourceChange({ typeName: 'test_thing', priorState: null, proposedNewState: config, config, priorPrivate: new Uint8Array(), clientCapabilities: caps }, signal);
}

describe('framework server', () => {
  it('advertises the optional schema capability and the resource schema with snake_case names', () => {
    const schema = server().getProviderSchema();
    expect(schema.serverCapabilities.getProviderSchemaOptional).toBe(true);
    expect(schema.resourceSchemas.test_thing?.block.attributes.map((a) => a.name)).toEqual(['id', 'name', 'zone', 'token', 'version', 'triggers']);
    expect(schema.resourceSchemas.test_thing?.block.attributes.find((a) => a.name === 'token')?.writeOnly).toBe(true);
  });

  it('plans a create with computed values unknown, defaults applied and write-only values null', async () => {
    const plan = await planCreate();
    expect(plan.diagnostics).toEqual([]);
    expect(plan.plannedState).toEqual({ id: UNKNOWN, name: 'a', zone: 'System', token: null, version: UNKNOWN, triggers: null });
  });

  it('creates with the plan and the write-only config value, and stores no write-only value', async () => {
    const s = server();
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: plan.plannedPrivate }, signal);
    expect(applied.diagnostics).toEqual([]);
    expect(applied.newState).toEqual({ id: 'System/a', name: 'a', zone: 'System', token: null, version: 'v1-token', triggers: null });
  });

  it('renders a described client error as "Unable to Create <Title>" with its detail', async () => {
    const s = server({ create: async () => Promise.reject(new FakeApiError(503)) });
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.newState).toBeNull();
    expect(applied.diagnostics).toEqual([{ severity: 'error', summary: 'Unable to Create Thing', detail: 'The API answered 503. Check the thing.' }]);
  });

  it('returns both the partial state and the error when create fails after changing something', async () => {
    const partial: ThingModel = { id: 'System/a', name: 'a', zone: 'System', token: 'tok', version: 'v0', triggers: null };
    const s = server({ create: async () => Promise.reject(new PartialStateError(partial, new FakeApiError(500))) });
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.newState).toEqual({ ...partial, token: null });
    expect(applied.diagnostics[0]?.summary).toBe('Unable to Create Thing');
  });

  it('turns an unexpected exception into a provider-bug diagnostic with registered secrets redacted', async () => {
    const log = createSilentLog();
    log.addSecret('hunter2"\\ü');
    const s = server({ create: async () => Promise.reject(new TypeError('cannot read hunter2"\\ü')) }, log);
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.diagnostics).toHaveLength(1);
    expect(applied.diagnostics[0]?.summary).toBe('Unexpected Provider Error');
    expect(applied.diagnostics[0]?.detail).toMatch(/bug in the provider/);
    expect(applied.diagnostics[0]?.detail).not.toContain('hunter2');
  });

  it('answers with a diagnostic even when a hook throws synchronously outside the handler guard', async () => {
    const s = server({
      validate: () => {
        throw new Error('bad hook');
      },
    });
    const diags = await s.validateResourceConfig('test_thing', config);
    expect(diags[0]?.summary).toBe('Unexpected Provider Error');
  });

  it('reports an apply result that changes a known planned value, naming the attribute', async () => {
    const s = server({ create: async ({ plan }) => ({ ...plan, id: 'x', name: 'renamed', version: 'v' }) });
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.diagnostics.map((d) => d.attribute)).toEqual([[{ attribute: 'name' }]]);
  });

  it('drops a resource from state when read returns null', async () => {
    const s = server({ read: async () => null });
    const state = { id: 'System/a', name: 'a', zone: 'System', token: null, version: 'v1', triggers: null };
    const read = await s.readResource({ typeName: 'test_thing', currentState: state, private: new Uint8Array(), clientCapabilities: caps }, signal);
    expect(read).toEqual({ newState: null, private: new Uint8Array(), diagnostics: [] });
  });

  it('keeps the current state and points at the attribute when read throws a DiagnosticError', async () => {
    const s = server({ read: async () => Promise.reject(new DiagnosticError({ summary: 'Zone Gone', detail: 'zone was removed', attribute: 'zone' })) });
    const state = { id: 'System/a', name: 'a', zone: 'System', token: null, version: 'v1', triggers: null };
    const read = await s.readResource({ typeName: 'test_thing', currentState: state, private: new Uint8Array(), clientCapabilities: caps }, signal);
    expect(read.newState).toEqual(state);
    expect(read.diagnostics).toEqual([{ severity: 'error', summary: 'Zone Gone', detail: 'zone was removed', attribute: [{ attribute: 'zone' }] }]);
  });

  it('points a validator diagnostic at the offending attribute and names it', async () => {
    const diags = await server().validateResourceConfig('test_thing', { ...config, zone: 'Nope' });
    expect(diags).toHaveLength(1);
    expect(diags[0]?.attribute).toEqual([{ attribute: 'zone' }]);
    expect(diags[0]?.detail).toContain('zone');
  });

  it('skips validators for values not known yet', async () => {
    expect(await server().validateResourceConfig('test_thing', { ...config, zone: UNKNOWN })).toEqual([]);
  });

  it('lets modifyPlan mark values unknown, force replacement and plan private state', async () => {
    const modifyPlan = vi.fn(({ prior, planned }) => {
      if (prior && isUnknown(planned.triggers) === false && JSON.stringify(planned.triggers) !== JSON.stringify(prior.triggers)) {
        return { planned: { ...planned, version: UNKNOWN }, requiresReplace: ['triggers' as const], private: { rotate: true } };
      }
      return undefined;
    });
    const s = server({ modifyPlan });
    const prior = { id: 'System/a', name: 'a', zone: 'System', token: null, version: 'v1', triggers: { a: '1' } };
    const cfg = { ...prior, id: null, version: null, triggers: { a: '2' } };
    const plan = await s.planResourceChange({ typeName: 'test_thing', priorState: prior, proposedNewState: { ...prior, triggers: { a: '2' } }, config: cfg, priorPrivate: new Uint8Array(), clientCapabilities: caps }, signal);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.plannedState).toMatchObject({ id: 'System/a', version: UNKNOWN, triggers: { a: '2' } });
    expect(plan.requiresReplace).toEqual([[{ attribute: 'triggers' }]]);
    expect(JSON.parse(new TextDecoder().decode(plan.plannedPrivate))).toEqual({ rotate: true });
  });

  it('hands private state from create to read', async () => {
    const seen: unknown[] = [];
    const s = server({
      create: async ({ plan }) => withPrivate({ ...plan, id: 'i', version: 'v' }, { generation: 1 }),
      read: async ({ state, private: p }) => {
        seen.push(p);
        return state;
      },
    });
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    await s.readResource({ typeName: 'test_thing', currentState: applied.newState as TfObject, private: applied.private, clientCapabilities: caps }, signal);
    expect(seen).toEqual([{ generation: 1 }]);
  });

  it('imports a stub state carrying every attribute', async () => {
    const imported = await server().importResourceState({ typeName: 'test_thing', id: 'System/b', clientCapabilities: caps }, signal);
    expect(imported.importedResources).toEqual([{ typeName: 'test_thing', state: { id: 'System/b', name: 'b', zone: null, token: null, version: null, triggers: null }, private: new Uint8Array() }]);
  });

  it('hands the private state of an import stub to the read that follows it', async () => {
    const seen: unknown[] = [];
    const s = server({
      importState: ({ id }) => withPrivate({ id, name: id.split('/')[1] ?? null, zone: 'System' }, { imported: true }),
      read: async ({ state, private: priv }) => {
        seen.push(priv);
        return state;
      },
    });
    const imported = await s.importResourceState({ typeName: 'test_thing', id: 'System/b', clientCapabilities: caps }, signal);
    const first = imported.importedResources[0];
    expect(first?.state).toEqual({ id: 'System/b', name: 'b', zone: 'System', token: null, version: null, triggers: null });
    const read = await s.readResource({ typeName: 'test_thing', currentState: first?.state as TfObject, private: first?.private ?? new Uint8Array(), clientCapabilities: caps }, signal);
    expect(read.diagnostics).toEqual([]);
    expect(seen).toEqual([{ imported: true }]);
    // Read returned no private state of its own: the import's is kept.
    expect(read.private).toEqual(first?.private);
  });

  it('upgrades stored JSON by filling absent attributes with null and dropping unknown ones', async () => {
    const up = await server().upgradeResourceState({ typeName: 'test_thing', version: 0, rawStateJson: { id: 'i', name: 'n', retired: true, triggers: { k: 'v' } } });
    expect(up).toEqual({ upgradedState: { id: 'i', name: 'n', zone: null, token: null, version: null, triggers: { k: 'v' } }, diagnostics: [] });
  });

  it('refuses state written by a newer schema version', async () => {
    const up = await server().upgradeResourceState({ typeName: 'test_thing', version: 3, rawStateJson: {} });
    expect(up.upgradedState).toBeNull();
    expect(up.diagnostics[0]?.summary).toMatch(/Newer Provider/);
  });

  it('names the attribute when stored state cannot be decoded', async () => {
    const up = await server().upgradeResourceState({ typeName: 'test_thing', version: 0, rawStateJson: { triggers: 'not a map' } });
    expect(up.diagnostics[0]?.attribute).toEqual([{ attribute: 'triggers' }]);
  });

  it('keeps the prior state when an update fails', async () => {
    const s = server({ update: async () => Promise.reject(new FakeApiError(409)) });
    const prior = { id: 'System/a', name: 'a', zone: 'System', token: null, version: 'v1', triggers: null };
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: prior, plannedState: { ...prior, name: 'b', version: UNKNOWN }, config: { ...prior, name: 'b' }, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.newState).toEqual(prior);
    expect(applied.diagnostics[0]?.summary).toBe('Unable to Update Thing');
  });

  it('deletes and returns a null state', async () => {
    const del = vi.fn(async () => {});
    const prior = { id: 'System/a', name: 'a', zone: 'System', token: null, version: 'v1', triggers: null };
    const applied = await server({ delete: del }).applyResourceChange({ typeName: 'test_thing', priorState: prior, plannedState: null, config: null, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.newState).toBeNull();
    expect(del).toHaveBeenCalledOnce();
  });

  it('fails resource operations with a clear diagnostic when the provider was never configured', async () => {
    const s = server({ create: async ({ papi }) => papi.get('/platform/latest') as never });
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.diagnostics[0]?.summary).toBe('Provider Not Configured');
  });

  it('does not call configure while the provider config holds unknown values, and says so on use', async () => {
    const configure = vi.fn();
    const p = defineProvider<{ endpoint: string | null }>({ schema: provider.spec.schema as never, configure });
    const s = createFrameworkServer({ provider: p, resources: [thing({ create: async ({ papi }) => papi.get('/x') as never })] });
    expect(await s.configureProvider({ terraformVersion: '1.11.4', config: { endpoint: UNKNOWN }, clientCapabilities: caps })).toEqual([]);
    expect(configure).not.toHaveBeenCalled();
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.diagnostics[0]?.summary).toBe('Provider Configuration Not Known Yet');
  });
});

describe('errors tied to an attribute', () => {
  it('renders a described client error at the attribute the handler names', async () => {
    const { ErrorAtAttribute } = await import('./diagnostics');
    const s = server({ create: async () => Promise.reject(new ErrorAtAttribute('zone', new FakeApiError(404))) });
    const plan = await planCreate(s);
    const applied = await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(applied.diagnostics).toEqual([{ severity: 'error', summary: 'Unable to Create Thing', detail: 'The API answered 404. Check the thing.', attribute: [{ attribute: 'zone' }] }]);
  });
});

describe('cancellation', () => {
  it('aborts the signal handlers see when Terraform calls StopProvider', async () => {
    let seen: AbortSignal | undefined;
    const s = server({
      create: async ({ plan, signal: handlerSignal }) => {
        seen = handlerSignal;
        await s.stop();
        return { ...plan, id: 'i', version: 'v' };
      },
    });
    const plan = await planCreate(s);
    await s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: new Uint8Array() }, signal);
    expect(seen?.aborted).toBe(true);
  });
});

describe('work after an answer (afterAnswer)', () => {
  /** A gate a test opens by hand. */
  function gate(): { opened: Promise<void>; open: () => void } {
    let open = (): void => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { opened, open };
  }

  async function createWith(s: ReturnType<typeof createFrameworkServer>) {
    const plan = await planCreate(s);
    return s.applyResourceChange({ typeName: 'test_thing', priorState: null, plannedState: plan.plannedState, config, plannedPrivate: plan.plannedPrivate }, signal);
  }

  it('answers without waiting for it, and close() finishes it before the clients close', async () => {
    const events: string[] = [];
    const g = gate();
    const closing = defineProvider<{ endpoint: string | null }>({
      schema: { description: 'p', attributes: { endpoint: { type: 'string', description: 'e', optional: true } } },
      configure: () => ({ clients: { papi: {} as never, secrets: {} as never }, close: async () => void events.push('clients closed') }),
    });
    const s = createFrameworkServer({
      provider: closing,
      resources: [
        thing({
          async create({ plan, afterAnswer }) {
            void afterAnswer(async () => {
              await g.opened;
              events.push('work done');
            });
            return { ...plan, id: 'i', version: 'v' };
          },
        }),
      ],
    });
    expect(await s.configureProvider({ terraformVersion: '1.11.4', config: { endpoint: null }, clientCapabilities: caps })).toEqual([]);
    const applied = await createWith(s);
    expect(applied.diagnostics).toEqual([]);
    events.push('answered');
    const closed = s.close().then(() => events.push('close resolved'));
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['answered']);
    g.open();
    await closed;
    expect(events).toEqual(['answered', 'work done', 'clients closed', 'close resolved']);
  });

  it('gives the work a signal that StopProvider aborts, and logs its failure instead of throwing', async () => {
    const lines: string[] = [];
    const log = { ...createSilentLog(), debug: (m: string, f?: object) => void lines.push(`${m} ${JSON.stringify(f ?? {})}`) };
    let seen: AbortSignal | undefined;
    let done: Promise<void> | undefined;
    const s = server(
      {
        async create({ plan, afterAnswer }) {
          done = afterAnswer(async (workSignal) => {
            seen = workSignal;
            await new Promise<void>((_resolve, reject) => workSignal.addEventListener('abort', () => reject(new FakeApiError(499))));
          });
          return { ...plan, id: 'i', version: 'v' };
        },
      },
      log,
    );
    expect((await createWith(s)).diagnostics).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(seen?.aborted).toBe(false);
    await s.stop();
    await expect(done).resolves.toBeUndefined();
    expect(seen?.aborted).toBe(true);
    expect(lines).toEqual(['work after an answer failed {"name":"FakeApiError"}']);
    await s.idle?.();
  });

  it('idle() waits for work that the work itself started', async () => {
    const order: string[] = [];
    const s = server({
      async create({ plan, afterAnswer }) {
        void afterAnswer(async () => {
          await new Promise((r) => setTimeout(r, 5));
          order.push('first');
          void afterAnswer(async () => {
            await new Promise((r) => setTimeout(r, 5));
            order.push('second');
          });
        });
        return { ...plan, id: 'i', version: 'v' };
      },
    });
    expect((await createWith(s)).diagnostics).toEqual([]);
    expect(order).toEqual([]);
    await s.idle?.();
    expect(order).toEqual(['first', 'second']);
  });
});
