// Seam to the simulator server (re-exports only): it serves `handlers` over HTTPS next to the
// OneFS handlers and wires the control API to reset/setOptions/peek.
export { createDapSimulator } from './simulator';
export type { DapCredentials, DapSecretInfo, DapSimulator, DapSimulatorOptions } from './simulator';
export { createDapHandlers, dapErrorBody } from './handlers';
export type { DapErrorEnvelope } from './handlers';
export { DAP_VERSIONS, DapFailure, DapModel, checkKey, featuresOf, schemaProblem } from './model';
export type { DapBehaviour, DapFeatures, DapRole, DapUser, DapVersion, StoredSecret, Visibility } from './model';
