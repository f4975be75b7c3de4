import { pageDate, type Paper } from '../corpus/paper.js';
import { paperLink } from '../corpus/paper-link.js';
import type { Db } from '../db/open-database.js';
import { findPaper } from '../search/find-paper.js';
import type { Search } from '../search/search-papers.js';
import { EXAMPLE_PAPER_ID } from './help.js';
import { CliError, type CliIo } from './io.js';

/** `paperbot paper ID|TITLE` — one paper in full. */
export function paperCommand(
  db: Db,
  search: Search,
  wanted: string,
  options: { json?: boolean },
  io: CliIo,
): number {
  if (wanted.trim() === '')
    throw new CliError(`Give a paper id or title, e.g. paperbot paper ${EXAMPLE_PAPER_ID}`, 2);
  const lookup = findPaper(db, search, wanted);
  if (!lookup.found) {
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ query: wanted, found: false, suggestions: lookup.suggestions })}\n`,
      );
      return 1;
    }
    io.stderr.write(notFoundMessage(wanted, lookup.suggestions));
    return 1;
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ found: true, paper: lookup.paper })}\n`);
    return 0;
  }
  io.stdout.write(renderPaper(lookup.paper));
  return 0;
}

/** What the terminal says when no paper matches, with the nearest titles. */
export function notFoundMessage(
  wanted: string,
  suggestions: readonly { id: string; title: string }[],
): string {
  const hint = suggestions.length
    ? `\nDid you mean:\n${suggestions.map((s) => `  ${s.id}  ${s.title}`).join('\n')}`
    : '';
  return `No paper with the id or title "${wanted.trim()}".${hint}\n`;
}

export function renderPaper(paper: Paper): string {
  const facts: [string, string | undefined][] = [
    ['id', paper.id],
    ['date', pageDate(paper)],
    ['authors', paper.authorsCount === null ? undefined : String(paper.authorsCount)],
    ['organisation', paper.organization ?? undefined],
    ['upvotes', paper.upvotes === null ? undefined : String(paper.upvotes)],
    ['arXiv', paper.arxivId ?? undefined],
    ['link', paperLink(paper)],
    ['seen in', paper.sources.join(', ')],
  ];
  const lines = facts
    .filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== '')
    .map(([label, value]) => `  ${label.padEnd(13)}${value}`);
  return `${paper.title}\n\n${lines.join('\n')}\n\n${wrap(paper.abstract, 88)}\n`;
}

function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  return out.join('\n');
}
