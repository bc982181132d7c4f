/**
 * Every discoverer, one per resource type. A new resource type adds its discoverer here
 * (docs/adding-a-resource.md); `discover` runs those whose type the provider serves, so a
 * discoverer may land before its resource type and wakes up when the type is registered.
 */
import { accessZoneDiscoverer } from './accesszones';
import { s3BucketDiscoverer } from './s3-buckets';
import { s3KeyDiscoverer } from './s3-keys';
import type { Discoverer } from './types';

/** All discoverers, in the order their blocks are written (zones before what lives in them). */
export const discoverers: readonly Discoverer[] = [accessZoneDiscoverer, s3KeyDiscoverer, s3BucketDiscoverer];

/** The discoverers whose resource type is among `servedTypes` (the provider's resources). */
export function activeDiscoverers(servedTypes: readonly string[], all: readonly Discoverer[] = discoverers): Discoverer[] {
  const served = new Set(servedTypes);
  return all.filter((d) => served.has(d.type));
}
