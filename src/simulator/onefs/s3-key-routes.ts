/**
 * OneFS API area "S3 keys", routes half: `/platform/N/protocols/s3/keys/<user>` (API 10+). The key
 * table with its rotation rules is `s3-keys.ts`, as `sessions.ts` is to `session-routes.ts`.
 */
import type { RequestHandler } from 'msw';
import type { OneFsContext } from './context';
import { aec, PapiFailure, parseJsonObject } from './errors';
import { booleanArg, param, resource, zoneOf } from './platform-resource';
import { MAX_EXISTING_KEY_EXPIRY_MINUTES } from './s3-keys';
import { papiEmpty, papiJson } from './wire';

/** Decodes the POST s3/keys body: absent, `{}` or `{"existing_key_expiry_time": 0..1440}`. */
async function expiryMinutes(request: Request): Promise<number> {
  const text = (await request.text()).trim();
  if (text === '') return 0;
  const record = parseJsonObject(text);
  const unknown = Object.keys(record).filter((k) => k !== 'existing_key_expiry_time');
  if (unknown.length > 0) throw new PapiFailure(unknown.map((k) => ({ code: 'AEC_BAD_REQUEST', field: k, message: `Field: ${k} is not a valid input field.` })));
  const value = record.existing_key_expiry_time;
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw aec('AEC_BAD_REQUEST', `Field: existing_key_expiry_time had an invalid value: expected an integer.`, 'existing_key_expiry_time');
  }
  if (value < 0 || value > MAX_EXISTING_KEY_EXPIRY_MINUTES) {
    throw aec('AEC_BAD_REQUEST', `Field: existing_key_expiry_time had value ${value}, which is not between 0 and ${MAX_EXISTING_KEY_EXPIRY_MINUTES}.`, 'existing_key_expiry_time');
  }
  return value;
}

/** The S3-keys area's routes. */
export function s3KeyRoutes(ctx: OneFsContext): RequestHandler[] {
  const { model } = ctx;
  return [
    resource(ctx, '/protocols/s3/keys/:user', 10, {
      GET: ({ url, params }) => {
        const user = param(params, 'user');
        const view = model.getKey(zoneOf(url), user);
        if (view) return papiJson(200, { keys: view });
        if (ctx.behaviour.s3MissingKey === 'not-found') throw aec('AEC_NOT_FOUND', `No S3 key found for user '${user}'.`);
        return papiJson(200, { keys: { access_id: null, old_key_expiry: null, old_key_timestamp: null, secret_key_timestamp: null } });
      },
      POST: async ({ request, url, params }) => {
        // Without force over an existing key the answer is invented either way (see OneFsBehaviour).
        const force = booleanArg(url, 'force') || ctx.behaviour.s3CreateExistingKey === 'rotate';
        const minutes = await expiryMinutes(request);
        const keys = model.createKey(zoneOf(url), param(params, 'user'), { force, existingKeyExpiryMinutes: minutes });
        return papiJson(201, { keys });
      },
      DELETE: ({ url, params }) => {
        const user = param(params, 'user');
        const existed = model.deleteKey(zoneOf(url), user);
        if (!existed && ctx.behaviour.s3DeleteMissingKeyStatus === 404) throw aec('AEC_NOT_FOUND', `No S3 key found for user '${user}'.`);
        return papiEmpty(204);
      },
    }),
  ];
}
