/** What one discovery run found, ready for a renderer. */
import type { DiscoveredObject, SkippedObject } from './types';

/** A discovered object with its resource name (unique within its type). */
export interface AddressedObject {
  readonly object: DiscoveredObject;
  /** The resource name: the address is `<type>.<name>`. */
  readonly name: string;
}

/** Everything a renderer prints. */
export interface DiscoveryResult {
  /** Objects to import, in output order. */
  readonly objects: readonly AddressedObject[];
  /** Objects the provider cannot manage, with the reason. */
  readonly skipped: readonly SkippedObject[];
  /** Objects left out because the given state already manages them. */
  readonly alreadyManaged: number;
}
