export { secretEphemeral, secretEphemeralSchema } from './ephemeral';
export type { SecretEphemeralModel } from './ephemeral';
