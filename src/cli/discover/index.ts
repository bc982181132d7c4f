// `cdktf-powerscale discover`: existing objects → import blocks (re-exports only).
export type { DiscoverContext, DiscoveredObject, Discoverer, Discovery, HclValue, SkippedObject } from './types';
export { activeDiscoverers, discoverers } from './registry';
export { parsePattern, selected } from './filter';
export type { ObjectPattern } from './filter';
export { addressNames, baseAddressName } from './naming';
export { hclString, renderHcl } from './hcl';
export { bindingClassName, renderTypeScript } from './typescript';
export type { CdkFlavour } from './typescript';
export { decodeManaged, managedKey } from './state';
export type { ManagedSet } from './state';
export { runDiscovery, UnknownZoneError } from './run';
export type { DiscoveryInput } from './run';
export type { AddressedObject, DiscoveryResult } from './result';
