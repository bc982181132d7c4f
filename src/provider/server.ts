/**
 * `createProviderServer()`: the ProviderServer for `dapcli/powerscale` that the protocol layer
 * (`./main.ts`) drives: the provider block (`./provider.ts`), the resources, data sources and
 * ephemeral resources (`./resources`), and the process logger with its redaction registry.
 */
import { createFrameworkServer } from './framework/server';
import type { ProviderServer } from './framework/contract';
import type { Log } from './framework/logger';
import { log as processLog, redactText, registerSecret } from './log';
import { createPowerScaleProvider } from './provider';
import { dataSources, ephemeralResources, resources } from './resources';

/** The framework's Log over the provider's stderr logger: one redaction registry for both. */
export const providerLog: Log = {
  trace: (m, f) => processLog.trace(m, f),
  debug: (m, f) => processLog.debug(m, f),
  info: (m, f) => processLog.info(m, f),
  warn: (m, f) => processLog.warn(m, f),
  error: (m, f) => processLog.error(m, f),
  addSecret: (secret) => registerSecret(secret),
  redact: (text) => redactText(text),
};

export function createProviderServer(): ProviderServer {
  return createFrameworkServer({ provider: createPowerScaleProvider(), resources, dataSources, ephemeralResources, log: providerLog });
}
