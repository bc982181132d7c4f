/**
 * Importing this module claims stdout for the handshake (see ./stdout). main.ts imports it first,
 * so the claim happens before any other module of the bundle is evaluated: even code that printed
 * while loading would reach stderr, not Terraform's handshake reader.
 */
import { claimStdout } from './stdout';

/** The only writer left for the real stdout. */
export const writeStdout = claimStdout();
