/**
 * The ephemeral-resource RPCs of the framework server (protocol 6.7): validate, open, renew,
 * close. Results go to Terraform for this run only; the framework never logs them.
 */
import type { Diagnostic, OpenEphemeralResourceResponse, ProviderServer, RenewEphemeralResourceResponse } from './contract';
import type { EphemeralResourceDefinition } from './ephemeral';
import { decodePrivate, encodePrivate, type ServerCore } from './server-core';
import { encodeReadResult } from './server-data-sources';
import { validateConfig } from './server-validate';
import { problemsToDiagnostics } from './validate';
import { objectToModel } from './values';

export type { EphemeralResourceDefinition } from './ephemeral';

type EphemeralRpcs = Pick<ProviderServer, 'validateEphemeralResourceConfig' | 'openEphemeralResource' | 'renewEphemeralResource' | 'closeEphemeralResource'>;

/** The ephemeral-resource members of a ProviderServer. */
export function createEphemeralRpcs(core: ServerCore, definitions: readonly EphemeralResourceDefinition[]): EphemeralRpcs {
  const byName = new Map(definitions.map((d) => [d.typeName, d]));
  const unknown = (typeName: string) => core.unknownType('ephemeral resource', typeName);
  return {
    validateEphemeralResourceConfig(typeName, config) {
      return core.guard('Validate', typeName, (d) => d, async () => {
        const definition = byName.get(typeName);
        return definition ? validateConfig(definition, config) : unknown(typeName);
      });
    },

    openEphemeralResource(req, signal) {
      const fallback = (d: Diagnostic[]): OpenEphemeralResourceResponse => ({ result: null, diagnostics: d });
      return core.scoped(signal, (linked) =>
        core.guard('Open', req.typeName, fallback, async () => {
          const definition = byName.get(req.typeName);
          if (!definition) return fallback(unknown(req.typeName));
          const config = objectToModel(definition.schema, req.config, 'null');
          try {
            const opened = await definition.spec.open(core.request({ config }, linked));
            const out: OpenEphemeralResourceResponse = { result: encodeReadResult(definition.schema, opened.result, req.config), diagnostics: problemsToDiagnostics(definition.schema, opened.problems) };
            if (opened.private !== undefined) out.private = encodePrivate(opened.private);
            if (opened.renewAt !== undefined) out.renewAt = opened.renewAt;
            return out;
          } catch (error) {
            return fallback(core.failed('Open', definition.title, error, definition.schema, definition.typeName));
          }
        }),
      );
    },

    renewEphemeralResource(req, signal) {
      const fallback = (d: Diagnostic[]): RenewEphemeralResourceResponse => (req.private === undefined ? { diagnostics: d } : { private: req.private, diagnostics: d });
      return core.scoped(signal, (linked) =>
        core.guard('Renew', req.typeName, fallback, async () => {
          const definition = byName.get(req.typeName);
          if (!definition) return fallback(unknown(req.typeName));
          if (!definition.spec.renew) return fallback([]);
          try {
            const renewed = await definition.spec.renew(core.request({ private: decodePrivate(req.private, core.log) }, linked));
            const out: RenewEphemeralResourceResponse = { diagnostics: [] };
            if (renewed.private !== undefined) out.private = encodePrivate(renewed.private);
            else if (req.private !== undefined) out.private = req.private;
            if (renewed.renewAt !== undefined) out.renewAt = renewed.renewAt;
            return out;
          } catch (error) {
            return fallback(core.failed('Renew', definition.title, error, definition.schema, definition.typeName));
          }
        }),
      );
    },

    closeEphemeralResource(req, signal) {
      return core.scoped(signal, (linked) =>
        core.guard('Close', req.typeName, (d) => d, async () => {
          const definition = byName.get(req.typeName);
          if (!definition) return unknown(req.typeName);
          if (!definition.spec.close) return [];
          try {
            await definition.spec.close(core.request({ private: decodePrivate(req.private, core.log) }, linked));
            return [];
          } catch (error) {
            return core.failed('Close', definition.title, error, definition.schema, definition.typeName);
          }
        }),
      );
    },
  };
}
