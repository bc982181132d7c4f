/** Loads the plan fixtures in `test/fixtures/plans` (tests only; not exported from `index.ts`). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a plan fixture. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/plans/${name}`, import.meta.url));
}

/** The parsed JSON of a plan fixture. */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as unknown;
}
