/**
 * Figures as the bench reports them: every timed row is a median over repeated runs with its min and
 * max, or an explicit "unavailable" with the reason (never a made-up number).
 */

/** A measured row: median, min and max over `runs` samples (milliseconds unless `unit` says otherwise). */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
  unit: string;
  samples: number[];
}

/** A row that could not be measured, and why. */
export interface Unavailable {
  unavailable: string;
}

export type Result = Figure | Unavailable;

export function isFigure(r: Result | undefined): r is Figure {
  return r !== undefined && 'median' in r;
}

/** Median (the lower middle for an even count), min and max of the samples. */
export function summarize(samples: number[], unit = 'ms'): Result {
  const sorted = samples.filter((s) => Number.isFinite(s)).sort((a, b) => a - b);
  if (sorted.length === 0) return { unavailable: 'no successful run' };
  const mid = sorted[(sorted.length - 1) >> 1] as number;
  return { median: round(mid), min: round(sorted[0] as number), max: round(sorted[sorted.length - 1] as number), runs: sorted.length, unit, samples: sorted.map(round) };
}

/** The ratio of two medians (and of the mins, as the less noise-prone estimate on a busy machine). */
export interface Ratio {
  median: number;
  ofMins: number;
}

export function ratio(a: Result | undefined, b: Result | undefined): Ratio | Unavailable {
  if (!isFigure(a)) return { unavailable: a ? a.unavailable : 'not measured' };
  if (!isFigure(b)) return { unavailable: b ? b.unavailable : 'not measured' };
  if (b.median === 0 || b.min === 0) return { unavailable: 'baseline is zero' };
  return { median: round(a.median / b.median, 2), ofMins: round(a.min / b.min, 2) };
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** An error's message, for "unavailable: <reason>" rows. */
export function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').slice(0, 3).join(' ').slice(0, 300);
}
