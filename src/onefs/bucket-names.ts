/**
 * The S3 bucket naming rule (the one AWS documents for general purpose buckets, which S3 clients
 * and SDKs assume), for synth-time checks in the constructs. OneFS itself only bounds a bucket name
 * to 1..255 characters; a name outside the S3 rule is accepted by the cluster but breaks
 * virtual-hosted-style addressing and many clients, so the constructs refuse it early.
 */
import { quoteName } from './rules';

/** The rule in words, for messages and docs. */
export const S3_BUCKET_NAME_RULE =
  'a bucket name is 3 to 63 characters: lowercase letters, digits, "-" and "."; it starts and ends with a letter or digit, has no "..", ".-" or "-.", is not an IP address (like 192.168.5.4), and does not start with "xn--" or "sthree-" or end with "-s3alias" or "--ol-s3"';

const CHARACTERS = /^[a-z0-9.-]{3,63}$/;
const ENDS = /^[a-z0-9](.*[a-z0-9])?$/;
const IPV4_FORM = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3'];

/** undefined when `name` follows the S3 bucket naming rule, otherwise a sentence naming what breaks it. */
export function s3BucketNameProblem(name: string): string | undefined {
  const why = (reason: string) => `bucket name ${quoteName(name)} ${reason}; ${S3_BUCKET_NAME_RULE}.`;
  if (name.length < 3 || name.length > 63) return why(`has ${name.length} characters`);
  if (!CHARACTERS.test(name)) return why('has a character other than lowercase letters, digits, "-" and "."');
  if (!ENDS.test(name)) return why('does not start and end with a letter or digit');
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return why('has "..", ".-" or "-."');
  if (IPV4_FORM.test(name)) return why('is in IP address form');
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p)) || RESERVED_SUFFIXES.some((s) => name.endsWith(s))) return why('uses a reserved prefix or suffix');
  return undefined;
}
