import { checkRequest } from '../answer/compare-offline.js';
import { comparisonSource, type Compare, type Comparison } from '../answer/compare-papers.js';
import type { Paper } from '../corpus/paper.js';
import type { Db } from '../db/open-database.js';
import { UserFacingError } from '../errors.js';
import { findPaper } from '../search/find-paper.js';
import type { Search } from '../search/search-papers.js';
import { shortLink, terminalWidth } from './ask-command.js';
import { EXAMPLE_PAPER_ID } from './help.js';
import { CliError, type CliIo } from './io.js';
import { notFoundMessage } from './paper-command.js';
import { wrapText } from './wrap.js';

/** The table's width when output is not a terminal (a file, a pipe). */
const DEFAULT_WIDTH = 100;
const MIN_COLUMN = 16;
const GAP = ' │ ';

/** `paperbot compare A B [--aspect text] [--json]` — two papers side by side, cited. */
export async function compareCommand(
  deps: { db: Db; search: Search; compare: Compare },
  wanted: [string, string],
  options: { aspect?: string; json?: boolean },
  io: CliIo,
): Promise<number> {
  if (wanted.some((w) => w.trim() === ''))
    throw new CliError(
      `Give two papers (ids, links or titles), e.g. paperbot compare ${EXAMPLE_PAPER_ID} "a title"`,
      2,
    );
  const papers: Paper[] = [];
  for (const text of wanted) {
    const lookup = findPaper(deps.db, deps.search, text);
    if (lookup.found) {
      papers.push(lookup.paper);
      continue;
    }
    if (options.json) {
      const missing = { query: text, found: false, suggestions: lookup.suggestions };
      io.stdout.write(`${JSON.stringify(missing)}\n`);
    } else io.stderr.write(notFoundMessage(text, lookup.suggestions));
    return 1;
  }
  const [first, second] = papers as [Paper, Paper];
  let aspect: string | undefined;
  try {
    aspect = checkRequest(first, second, options.aspect);
  } catch (error) {
    if (error instanceof UserFacingError) throw new CliError(error.message, 2);
    throw error;
  }
  const comparison = await deps.compare(first, second, aspect);
  io.stdout.write(
    options.json
      ? `${JSON.stringify(compareJson(comparison))}\n`
      : renderComparison(comparison, terminalWidth(io.stdout)),
  );
  return 0;
}

/** The JSON of `paperbot compare --json` (its shape is in the README). */
export function compareJson(c: Comparison) {
  return {
    papers: c.papers,
    aspect: c.aspect,
    rows: c.rows,
    difference: c.difference,
    model: c.model,
    ...(c.notice ? { notice: c.notice } : {}),
  };
}

/**
 * The comparison as a two-column table the terminal's width (DEFAULT_WIDTH when output is
 * not a terminal; there links are printed whole, on a terminal as short hyperlinks).
 */
export function renderComparison(c: Comparison, terminal: number | undefined): string {
  const width = terminal ?? DEFAULT_WIDTH;
  const column = Math.max(MIN_COLUMN, Math.floor((width - GAP.length) / 2));
  const out = [c.aspect ? `Two papers compared, on ${c.aspect}` : 'Two papers compared', ''];
  for (const p of c.papers) {
    out.push(
      wrapText(`[${p.n}] ${p.title} · ${p.id}`, width, '    '),
      `    ${terminal ? shortLink(p.link) : p.link}`,
    );
  }
  for (const row of c.rows) {
    out.push('', row.label);
    const left = cell(row.first, column);
    const right = cell(row.second, column);
    for (let i = 0; i < Math.max(left.length, right.length); i++)
      out.push(`${(left[i] ?? '').padEnd(column)}${GAP}${right[i] ?? ''}`.trimEnd());
  }
  out.push('', 'How they differ', wrapText(c.difference, width));
  out.push('', wrapText(comparisonSource(c), width));
  return `${out.join('\n')}\n`;
}

/** A cell's lines: wrapped to the column, a word longer than it cut into pieces. */
function cell(text: string, column: number): string[] {
  return wrapText(text, column)
    .split('\n')
    .flatMap((line) => {
      const pieces: string[] = [];
      for (let i = 0; i < line.length; i += column) pieces.push(line.slice(i, i + column));
      return pieces;
    });
}
