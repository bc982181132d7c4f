/**
 * Entry point of the test-only fake provider binary (bundled by the e2e test into a temp dir):
 * the same start-up as ../../main.ts, serving the fake server instead of the real one.
 */
import { claimStdout } from '../stdout';
import { hasMagicCookie, NOT_A_PLUGIN_MESSAGE } from '../handshake';
import { serve } from '../serve';
import { createFakeProviderServer } from './fake-provider';

const writeStdout = claimStdout();
if (!hasMagicCookie(process.env)) {
  process.stderr.write(NOT_A_PLUGIN_MESSAGE);
  process.exit(1);
}
process.on('SIGINT', () => {});
process.on('SIGTERM', () => process.exit(143));
serve(createFakeProviderServer(), { writeHandshake: writeStdout }).catch((err: unknown) => {
  process.stderr.write(`fake provider: ${String(err)}\n`);
  process.exit(1);
});
