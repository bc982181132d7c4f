import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverage, OPERATIONS_DOC, readHelp, renderOperationsDoc, renderTable, scanProvider, scanSource, spliceTable } from './diagnostic-summaries';

describe('scanSource', () => {
  const source = [
    "import { errorDiagnostic, warningDiagnostic } from './diagnostics';",
    "const a = errorDiagnostic('Plain Summary', 'd');",
    'const b = warningDiagnostic(`Unable to ${operation} ${resource.title}`, `d`);',
    "const c = { severity: 'warning', summary: 'Careful', detail: 'd' };",
    "const d = { summary: `Unknown ${kind.replace(/x/g, 'y')} Type`, detail: 'd' };",
    "const e = { ...p, summary: redactText(p.summary) };",
    "function f(summary: string) { return { summary, detail: '' }; }",
    "const g = { summary: pick(), detail: 'd' };",
  ].join('\n');
  const found = scanSource('src/x.ts', source);

  it('reads literal and template summaries from diagnostic constructors and object literals, with their severity and line', () => {
    expect(found.summaries).toEqual([
      { summary: 'Plain Summary', severity: 'error', where: 'src/x.ts:2' },
      { summary: 'Unable to <operation> <title>', severity: 'warning', where: 'src/x.ts:3' },
      { summary: 'Careful', severity: 'warning', where: 'src/x.ts:4' },
      { summary: 'Unknown <kind> Type', severity: 'error', where: 'src/x.ts:5' },
    ]);
  });

  it('skips summaries copied from another diagnostic and reports any other computed summary as unscannable', () => {
    expect(found.unscannable).toEqual(['src/x.ts:8: pick()']);
  });
});

describe('the troubleshooting table', () => {
  it('names a summary the code emits without a row, and a row the code no longer needs', () => {
    const help = new Map([['Old', { cause: 'c', action: 'a' }]]);
    expect(coverage([{ summary: 'New', severity: 'error', where: 'x:1' }], help)).toEqual({ missing: ['New'], stale: ['Old'] });
  });

  it('renders one sorted row per summary with every severity it is emitted at, escaping cells', () => {
    const table = renderTable(
      [
        { summary: 'B', severity: 'warning', where: 'x:1' },
        { summary: 'A', severity: 'error', where: 'x:2' },
        { summary: 'B', severity: 'error', where: 'x:3' },
      ],
      new Map([
        ['A', { cause: 'when | piped', action: 'fix it' }],
        ['B', { cause: 'c', action: 'a' }],
      ]),
    );
    expect(table).toContain('| A | error | when \\| piped | fix it |\n| B | error, warning | c | a |');
  });

  it('refuses a document without the markers rather than appending a table to it', () => {
    expect(() => spliceTable('# Runbook\n', 'table')).toThrow(/markers/);
  });

  it('covers every diagnostic summary the provider emits (add a row to scripts/troubleshooting.json, then run "npm run docs")', () => {
    const scan = scanProvider();
    // The scan must find the diagnostics of every layer, or an empty scan would pass.
    expect(scan.summaries.map((s) => s.summary)).toEqual(expect.arrayContaining(['Wrong Cluster', 'Unable to <operation> <title>', 'Invalid Attribute Value']));
    const current = readFileSync(OPERATIONS_DOC, 'utf8');
    const { doc, problems } = renderOperationsDoc(current, scan, readHelp());
    expect(problems).toEqual([]);
    expect(doc === current, 'docs/operations.md is out of date: run "npm run docs"').toBe(true);
  });
});
