/**
 * The bucket naming rule the constructs check at synth time: the provider's rule (what OneFS's S3
 * service accepts: `bucketNameProblem` in rules.ts, no dots), plus the prefixes and suffixes AWS
 * reserves, which S3 clients and SDKs treat specially. A name that passes here also passes the
 * provider's plan-time check, so a stack never synthesizes what the plan then refuses.
 */
import { bucketNameProblem, quoteName } from './rules';

/** The rule in words, for messages and docs. */
export const S3_BUCKET_NAME_RULE =
  'a bucket name is 3 to 63 characters: lowercase letters, digits and "-" (OneFS accepts no "."); it starts and ends with a letter or digit, and does not start with "xn--" or "sthree-" or end with "-s3alias" or "--ol-s3"';

const CHARACTERS = /^[a-z0-9-]{3,63}$/;
const ENDS = /^[a-z0-9](.*[a-z0-9])?$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3'];

/** undefined when `name` follows the S3 bucket naming rule, otherwise a sentence naming what breaks it. */
export function s3BucketNameProblem(name: string): string | undefined {
  const why = (reason: string) => `bucket name ${quoteName(name)} ${reason}; ${S3_BUCKET_NAME_RULE}.`;
  if (name.length < 3 || name.length > 63) return why(`has ${name.length} characters`);
  if (!CHARACTERS.test(name)) return why('has a character other than lowercase letters, digits and "-"');
  if (!ENDS.test(name)) return why('does not start and end with a letter or digit');
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p)) || RESERVED_SUFFIXES.some((s) => name.endsWith(s))) return why('uses a reserved prefix or suffix');
  // The provider's rule has the last word: the checks above only explain its refusals better.
  return bucketNameProblem(name);
}
