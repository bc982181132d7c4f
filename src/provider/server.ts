/**
 * PLACEHOLDER seam: `createProviderServer()` builds the framework-level ProviderServer for
 * `dapcli/powerscale` (provider config schema, resources). The framework work replaces this body,
 * keeping the signature; the protocol layer (`src/provider/protocol`) only calls this function.
 */
import type { ProviderServer } from './framework/contract';

export function createProviderServer(): ProviderServer {
  const none = async () => [];
  return {
    getProviderSchema: () => ({
      provider: { version: 0, block: { attributes: [], blockTypes: [], description: '' } },
      resourceSchemas: {},
      dataSourceSchemas: {},
      serverCapabilities: { planDestroy: false, getProviderSchemaOptional: true, moveResourceState: false },
      diagnostics: [],
    }),
    validateProviderConfig: none,
    configureProvider: none,
    validateResourceConfig: none,
    validateDataResourceConfig: none,
    upgradeResourceState: async () => ({ upgradedState: null, diagnostics: [] }),
    readResource: async (req) => ({ newState: req.currentState, private: req.private, diagnostics: [] }),
    planResourceChange: async (req) => ({ plannedState: req.proposedNewState, requiresReplace: [], plannedPrivate: req.priorPrivate, diagnostics: [] }),
    applyResourceChange: async (req) => ({ newState: req.plannedState, private: req.plannedPrivate, diagnostics: [] }),
    importResourceState: async () => ({ importedResources: [], diagnostics: [] }),
    stop: async () => {},
    close: async () => {},
  };
}
