/**
 * The `/platform` handlers, composed from one module per OneFS API area (as `src/papi` is split):
 * `/platform/latest`, then each area's resources, then a catch-all that answers 404 for unknown
 * paths, after authentication, as Apache does. Most specific first.
 */
import { http, type RequestHandler } from 'msw';
import { bucketRoutes } from './buckets';
import { clusterRoutes } from './cluster';
import type { OneFsContext } from './context';
import { aec, pathNotFound } from './errors';
import { groupRoutes } from './groups';
import { guarded, platformPath } from './platform-resource';
import { quotaRoutes } from './quotas';
import { s3KeyRoutes } from './s3-key-routes';
import { s3SettingsRoutes } from './s3-settings';
import { userRoutes } from './users';
import { zoneRoutes } from './zones';
import { papiJson } from './wire';

export function platformRoutes(ctx: OneFsContext): RequestHandler[] {
  return [
    http.all(
      '*/platform/latest',
      guarded(ctx, async ({ request, url }) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') throw aec('AEC_METHOD_NOT_ALLOWED', 'Only methods GET, HEAD are allowed for this resource.');
        if (url.pathname.replace(/\/$/, '') !== '/platform/latest') throw pathNotFound(platformPath(url));
        return papiJson(200, { latest: String(ctx.model.apiVersion) });
      }),
    ),
    ...clusterRoutes(ctx),
    ...zoneRoutes(ctx),
    ...userRoutes(ctx),
    ...groupRoutes(ctx),
    ...s3KeyRoutes(ctx),
    ...quotaRoutes(ctx),
    ...s3SettingsRoutes(ctx),
    ...bucketRoutes(ctx),
    http.all(
      '*/platform/*',
      guarded(ctx, async ({ url }) => {
        throw pathNotFound(platformPath(url));
      }),
    ),
  ];
}
