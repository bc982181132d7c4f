/** Schemas of `resource "powerscale_s3_bucket"` and `data "powerscale_s3_bucket"`. */
import { BUCKET_NAME_RULE, bucketNameProblem, zoneNameProblem, zonePathProblem } from '../../../onefs/rules';
import { BUCKET_PERMISSIONS, OBJECT_ACL_POLICIES } from '../../../papi/buckets';
import { lengthBetween, oneOf, requiresReplace, stringValidator, useStateForUnknown, type ModelOf, type ObjectSchemaSpec } from '../../framework';
import { replacingZoneAttribute } from '../shared-attributes';

/** The persona types a grant may name. */
export const GRANTEE_TYPES = ['user', 'group', 'wellknown'] as const;

/** The schema's bound of `description`. */
const MAX_DESCRIPTION = 8192;

const ACL_DESCRIPTION =
  "The bucket ACL: grants of one permission each to a user, group or well-known persona of the zone. Set: exactly these grants (`[]` removes every grant). Omitted: the ACL is not managed and shows what the cluster reports. The order of the grants does not matter. Assumed (no public source shows a cluster's order): OneFS keeps a bucket's grants, not their order, and may answer them in its own order; a reordered answer, or a reordered list in the configuration, changes nothing on the cluster and is never a perpetual diff. After an import the grants are in the cluster's order: a configuration listing them in another order plans one in-place update that only records that order (nothing is sent to the cluster). A grant repeated in the list is kept once by the cluster.";

/** One grant, as the resource and the data source show it. */
const grantAttributes = (computed: boolean) =>
  ({
    grantee: {
      ...(computed ? { computed: true } : { required: true }),
      description: 'Who the grant is for.',
      nested: {
        nesting: 'single',
        attributes: {
          name: { type: 'string', ...(computed ? { computed: true } : { required: true }), description: 'The persona name, e.g. a local user of the zone.', validators: [lengthBetween(1, 255)] },
          type: { type: 'string', ...(computed ? { computed: true } : { required: true }), description: '`user`, `group` or `wellknown`.', validators: [oneOf(...GRANTEE_TYPES)] },
        },
      },
    },
    permission: {
      type: 'string',
      ...(computed ? { computed: true } : { required: true }),
      description: `One of ${BUCKET_PERMISSIONS.join(', ')}.`,
      validators: [oneOf(...BUCKET_PERMISSIONS)],
    },
  }) as const;

export const s3BucketSchema = {
  description:
    'An S3 bucket of an access zone: a name for a directory under the zone\'s base path. Deleting the bucket (or replacing it) never deletes its directory or the objects in it: the API removes the bucket only, and the data stays on disk.',
  attributes: {
    id: { type: 'string', computed: true, description: '`<zone>/<name>`; also the import id.', planModifiers: [useStateForUnknown()] },
    name: {
      type: 'string',
      required: true,
      description: `The bucket name; ${BUCKET_NAME_RULE}. Changing it replaces the bucket (its data stays on disk).`,
      validators: [stringValidator('a bucket name', bucketNameProblem)],
      planModifiers: [requiresReplace()],
    },
    zone: replacingZoneAttribute('The access zone of the bucket. Default System. Changing it replaces the bucket (its data stays on disk).', 'an access zone name'),
    path: {
      type: 'string',
      required: true,
      description:
        "The bucket's directory: the zone's base path or a directory below it (like /ifs/tenants/acme/data). It must exist unless `create_path` is true. Changing it replaces the bucket (the data stays in the old directory).",
      validators: [stringValidator('a path under /ifs', zonePathProblem)],
      planModifiers: [requiresReplace()],
    },
    createPath: {
      type: 'bool',
      optional: true,
      description: "Create `path` (and its parents) when it does not exist. Used only when the bucket is created. Default false: a missing path is the cluster's error.",
    },
    owner: {
      type: 'string',
      optional: true,
      computed: true,
      description: 'The user of the zone that owns the bucket. Default: the user the provider logs in as. The API cannot change it in place: changing it replaces the bucket (its data stays on disk).',
      validators: [lengthBetween(1, 255)],
      planModifiers: [useStateForUnknown(), requiresReplace()],
    },
    description: { type: 'string', optional: true, computed: true, default: '', description: `A description (up to ${MAX_DESCRIPTION} characters).`, validators: [lengthBetween(0, MAX_DESCRIPTION)] },
    objectAclPolicy: {
      type: 'string',
      optional: true,
      computed: true,
      default: 'replace',
      description: 'What the S3 service does with an object ACL a client sends: `replace` the object\'s ACL with it, or `deny` the request.',
      validators: [oneOf(...OBJECT_ACL_POLICIES)],
    },
    acl: {
      optional: true,
      computed: true,
      description: ACL_DESCRIPTION,
      nested: { nesting: 'list', attributes: grantAttributes(false) },
      planModifiers: [useStateForUnknown()],
    },
    zid: { type: 'number', computed: true, description: 'The integer id of the bucket\'s access zone.', planModifiers: [useStateForUnknown()] },
  },
} satisfies ObjectSchemaSpec;

export type S3BucketModel = ModelOf<typeof s3BucketSchema>;

export const s3BucketDataSchema = {
  description: 'The S3 buckets of an access zone: one by name, or all of them (every page of the list). A named bucket that does not exist is an error.',
  attributes: {
    id: { type: 'string', computed: true, description: '`<zone>/<name>` for one bucket, `<zone>` for all.' },
    zone: { type: 'string', optional: true, description: 'The access zone. Default System.', validators: [stringValidator('an access zone name', zoneNameProblem)] },
    name: { type: 'string', optional: true, description: 'One bucket by name. Omitted: every bucket of the zone.', validators: [stringValidator('a bucket name', bucketNameProblem)] },
    buckets: {
      computed: true,
      description: 'The buckets found, in the order the cluster lists them.',
      nested: {
        nesting: 'list',
        attributes: {
          id: { type: 'string', computed: true, description: '`<zone>/<name>`.' },
          name: { type: 'string', computed: true, description: 'The bucket name.' },
          path: { type: 'string', computed: true, description: "The bucket's directory." },
          owner: { type: 'string', computed: true, description: 'The user that owns the bucket.' },
          description: { type: 'string', computed: true, description: 'The description.' },
          objectAclPolicy: { type: 'string', computed: true, description: '`replace` or `deny`.' },
          acl: { computed: true, description: 'The grants, in the order the cluster answers them.', nested: { nesting: 'list', attributes: grantAttributes(true) } },
          zid: { type: 'number', computed: true, description: "The integer id of the bucket's access zone." },
        },
      },
    },
  },
} satisfies ObjectSchemaSpec;

export type S3BucketDataModel = ModelOf<typeof s3BucketDataSchema>;
