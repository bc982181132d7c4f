/**
 * Byte counts in binary units, for props whose names end in `Bytes` (a quota's `hardBytes`):
 * `Size.gibibytes(500)` is 536870912000. Each function returns a plain number of bytes, so a prop
 * takes a literal, a `Size` call or a token alike.
 */

const KIB = 1024;

function times(unit: number, name: string): (amount: number) => number {
  return (amount: number) => {
    // A negative or non-finite size is always a mistake; the props that take a size check the
    // rest (whole, positive, within the cluster's limits) with their own names in the message.
    if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`Size.${name} takes a finite amount of 0 or more, but ${String(amount)} was given`);
    return Math.round(amount * unit);
  };
}

/** Binary size units (1 KiB = 1024 bytes), each returning a number of bytes rounded to a whole byte. */
export const Size = {
  /** `amount` bytes. */
  bytes: times(1, 'bytes'),
  /** `amount` KiB (1024 bytes each). */
  kibibytes: times(KIB, 'kibibytes'),
  /** `amount` MiB (1024² bytes each). */
  mebibytes: times(KIB ** 2, 'mebibytes'),
  /** `amount` GiB (1024³ bytes each). */
  gibibytes: times(KIB ** 3, 'gibibytes'),
  /** `amount` TiB (1024⁴ bytes each). */
  tebibytes: times(KIB ** 4, 'tebibytes'),
} as const;
