/**
 * A small seeded random source (mulberry32). Every round draws from its own generator derived from
 * (seed, round), so the choices of round R do not depend on how many draws earlier rounds made:
 * replaying seed S up to round R makes the same choices.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Up to `n` distinct elements, in random order. */
  sample<T>(items: readonly T[], n: number): T[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator of one round of one seed. */
export function roundRng(seed: number, round: number): Rng {
  // Mix seed and round so neighbouring seeds and rounds do not share sequences.
  const next = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(round + 1, 0xc2b2ae35));
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p) => next() < p,
    sample: (items, n) => {
      const pool = [...items];
      const out = [];
      while (out.length < n && pool.length > 0) out.push(...pool.splice(Math.floor(next() * pool.length), 1));
      return out;
    },
  };
  return rng;
}
