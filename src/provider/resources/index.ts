/**
 * Every resource type the provider serves. A new resource is one folder beside `cluster/` and one
 * line here.
 */
import type { ResourceDefinition } from '../framework/resource';
import { clusterResource } from './cluster';

export const resources: readonly ResourceDefinition[] = [clusterResource];
