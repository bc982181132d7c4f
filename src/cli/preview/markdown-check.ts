/**
 * Tests only (not exported from `index.ts`): parses Markdown with a real GitHub-flavoured Markdown
 * parser (micromark + mdast) and reports what would render wrongly on GitHub: a table row whose cell
 * count differs from its header (a raw `|` split a cell, or a newline ended a row), and `<details>`
 * blocks that do not balance.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/** A node of the mdast tree, as far as the checks read it. */
interface MdNode {
  readonly type: string;
  readonly value?: string;
  readonly children?: readonly MdNode[];
}

/** What the parser saw. */
export interface MarkdownReport {
  /** Every table: rows of cell texts, the header row first. */
  readonly tables: readonly (readonly (readonly string[])[])[];
  /** The raw HTML the document holds, block and inline. */
  readonly html: readonly string[];
  /** Heading texts in order. */
  readonly headings: readonly string[];
  /** Everything that would render wrongly; empty when the document is sound. */
  readonly problems: readonly string[];
}

function textOf(node: MdNode): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map(textOf).join('');
}

function walk(node: MdNode, visit: (n: MdNode) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/** Parses `markdown` as GitHub does and checks its tables and `<details>` blocks. */
export function checkMarkdown(markdown: string): MarkdownReport {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as MdNode;
  const tables: string[][][] = [];
  const html: string[] = [];
  const headings: string[] = [];
  const problems: string[] = [];
  walk(tree, (n) => {
    if (n.type === 'html' && typeof n.value === 'string') html.push(n.value);
    if (n.type === 'heading') headings.push(textOf(n));
    if (n.type !== 'table') return;
    const rows = (n.children ?? []).map((row) => (row.children ?? []).map(textOf));
    tables.push(rows);
    const width = rows[0]?.length ?? 0;
    rows.forEach((row, i) => {
      if (row.length !== width) problems.push(`table ${tables.length} row ${i} has ${row.length} cells, its header ${width}: ${row.join(' | ')}`);
    });
  });
  let depth = 0;
  for (const chunk of html) {
    for (const tag of chunk.matchAll(/<(\/?)details\b/g)) {
      depth += tag[1] === '/' ? -1 : 1;
      if (depth < 0) problems.push('a </details> closes no <details>');
    }
  }
  if (depth > 0) problems.push(`${depth} <details> block(s) never closed`);
  return { tables, html, headings, problems };
}
