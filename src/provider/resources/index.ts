/**
 * Every resource type the provider serves. A new resource is one folder beside `cluster/` and one
 * line here.
 */
import type { ResourceDefinition } from '../framework';
import { clusterResource } from './cluster';
import { s3KeyResource } from './s3-key';

export const resources: readonly ResourceDefinition[] = [clusterResource, s3KeyResource];
