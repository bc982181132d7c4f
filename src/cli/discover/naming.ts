/**
 * Resource addresses for discovered objects: derived from the object's zone and name only, so the
 * same object gets the same address on every run (whatever else exists), valid as Terraform
 * identifiers (letters, digits, `_`, `-`; not starting with a digit or `-`), and unique. A name
 * whose characters had to be replaced, or whose address another object shares, gets 8 hex digits
 * of a SHA-256 of its type and import id appended: still stable, and never a collision by chance
 * of order.
 */
import { createHash } from 'node:crypto';
import type { DiscoveredObject } from './types';

/** The longest identifier written (Terraform has no limit; this keeps plans readable). */
const MAX_BASE = 64;

function tag(object: DiscoveredObject): string {
  return createHash('sha256').update(`${object.type}\0${object.importId}`).digest('hex').slice(0, 8);
}

/** The plain form of an address: parts joined with `_`, unsafe characters as `_`; and whether that lost anything. */
export function baseAddressName(parts: readonly string[]): { name: string; lossy: boolean } {
  const joined = parts.join('_');
  let name = joined.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  const lossy = name !== joined || name.length > MAX_BASE;
  return { name: name.slice(0, MAX_BASE), lossy };
}

/**
 * The resource name of each object (same order as `objects`). Objects of different types may
 * share a name: addresses are `<type>.<name>`.
 */
export function addressNames(objects: readonly DiscoveredObject[]): string[] {
  const bases = objects.map((o) => baseAddressName(o.addressParts));
  const count = new Map<string, number>();
  for (const [i, b] of bases.entries()) {
    const key = `${objects[i]?.type}.${b.name}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return bases.map((b, i) => {
    const object = objects[i] as DiscoveredObject;
    const shared = (count.get(`${object.type}.${b.name}`) ?? 0) > 1;
    return b.lossy || shared ? `${b.name}_${tag(object)}` : b.name;
  });
}
