/**
 * `npm run contract [-- --check] [-- --reference FILE]`: writes
 * src/simulator/onefs/contract/papi.generated.ts from the OneFS API schema reference file
 * (default: ../shared/reference/onefs-api/onefs-9.5-papi-subset.json beside the repository).
 * With `--check`, exits 1 when the committed file differs. The reference file itself is never
 * committed: only this project's compact form of it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { contractFromReference, renderContract } from '../src/simulator/onefs/contract/convert';

const DEFAULT_REFERENCE = fileURLToPath(new URL('../../shared/reference/onefs-api/onefs-9.5-papi-subset.json', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../src/simulator/onefs/contract/papi.generated.ts', import.meta.url));

const { values } = parseArgs({ options: { check: { type: 'boolean' }, reference: { type: 'string' } } });
const reference = values.reference ?? DEFAULT_REFERENCE;
if (!existsSync(reference)) {
  process.stderr.write(`gen-papi-contract: no reference file at ${reference}; pass --reference FILE\n`);
  process.exit(1);
}
const text = renderContract(contractFromReference(JSON.parse(readFileSync(reference, 'utf8'))));
if (values.check === true) {
  const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
  if (current !== text) {
    process.stderr.write('gen-papi-contract: src/simulator/onefs/contract/papi.generated.ts is out of date: run npm run contract\n');
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, text);
}
