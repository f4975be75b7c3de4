import type { ParsedPaper } from './paper.js';
import { isDateLine, parseDateLine } from './parse-date.js';

export interface SkippedEntry {
  source: string;
  /** 1-based line in the page where the skipped text starts (0 for the whole page). */
  line: number;
  reason: string;
  excerpt: string;
}

export interface ParsedPage {
  papers: ParsedPaper[];
  skipped: SkippedEntry[];
  /** Details that could not be read; the paper itself was kept. */
  warnings: SkippedEntry[];
}

export interface ParseOptions {
  /** Name recorded as the paper's source, usually the file name. */
  source: string;
  /** Dates with no year are resolved against this day. */
  referenceDate: Date;
}

/** Text the listing site puts around the papers; never a paper. */
const CHROME = new Set(
  [
    'new',
    'get trending papers in your email inbox!',
    'subscribe',
    'daily papers',
    'byak and the research community',
  ].map((s) => s.toLowerCase()),
);

const AUTHORS_LINE = /^[•*-]\s*(\d{1,5})\s+authors?$/i;
const MIDDLE_DOT = '·';
const MAX_TITLE_CHARS = 300;

interface Block {
  line: number;
  lines: string[];
  text: string;
}

/**
 * Turns one "Daily Papers" listing page into papers. Each paper is a title block,
 * then an abstract block, then optionally a details block (`• N authors` or an
 * organisation line, `·`, a date with an optional upvote count). Anything that does
 * not fit is skipped with a reason; this function never throws on page content.
 */
export function parsePage(text: string, options: ParseOptions): ParsedPage {
  const { source } = options;
  const papers: ParsedPaper[] = [];
  const skipped: SkippedEntry[] = [];
  const warnings: SkippedEntry[] = [];
  const skip = (block: Block, reason: string) =>
    skipped.push({ source, line: block.line, reason, excerpt: excerpt(block.text) });
  const warn = (block: Block, reason: string) =>
    warnings.push({ source, line: block.line, reason, excerpt: excerpt(block.text) });

  if (text.includes('\u0000')) {
    skipped.push({ source, line: 0, reason: 'not a text page (binary content)', excerpt: '' });
    return { papers, skipped, warnings };
  }
  const blocks = toBlocks(text);
  if (blocks.length === 0) {
    skipped.push({ source, line: 0, reason: 'empty page', excerpt: '' });
    return { papers, skipped, warnings };
  }

  let last: ParsedPaper | undefined;
  let lastDetailsFilled = false;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (isChrome(block)) {
      last = undefined;
      continue;
    }
    if (isDetails(block)) {
      if (last && !lastDetailsFilled) {
        applyDetails(last, block, options.referenceDate, (reason) => warn(block, reason));
        lastDetailsFilled = true;
      } else if (papers.length > 0) {
        skip(block, 'paper details with no paper before them');
      }
      // A lone date before the first paper is the page's own date: chrome.
      continue;
    }

    const next = blocks[i + 1];
    if (isAbstractLike(block)) {
      skip(block, 'abstract with no title');
      last = undefined;
      continue;
    }
    if (block.lines.length > 1 || block.text.length > MAX_TITLE_CHARS) {
      skip(block, 'not a paper: text that is neither a title nor an abstract');
      last = undefined;
      continue;
    }
    if (!next || isChrome(next) || isDetails(next) || !isAbstractLike(next)) {
      skip(block, next ? 'title with no abstract' : 'title with no abstract (page ends here)');
      last = undefined;
      continue;
    }
    i++;
    if (i === blocks.length - 1 && looksCutOff(next.text)) {
      skip(next, 'abstract cut off at the end of the page (truncated file?)');
      last = undefined;
      continue;
    }
    last = { title: block.text, abstract: next.text, source };
    lastDetailsFilled = false;
    papers.push(last);
  }
  return { papers, skipped, warnings };
}

/** Splits a page into blocks separated by blank lines, whatever the line endings. */
function toBlocks(text: string): Block[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/[\s\u00a0\u200b]+/g, ' ').trim());
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((line, index) => {
    if (line === '') {
      current = undefined;
      return;
    }
    if (!current) {
      current = { line: index + 1, lines: [], text: '' };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  for (const block of blocks) block.text = block.lines.join(' ');
  return blocks;
}

function isChrome(block: Block): boolean {
  return block.lines.length === 1 && CHROME.has(block.text.toLowerCase());
}

function isDetails(block: Block): boolean {
  if (block.lines.includes(MIDDLE_DOT)) return true;
  return block.lines.length === 1 && (isDateLine(block.text) || AUTHORS_LINE.test(block.text));
}

/** An abstract is prose: long, or several sentences. Titles are one short line. */
function isAbstractLike(block: Block): boolean {
  const text = block.text;
  if (text.length > MAX_TITLE_CHARS) return true;
  const sentenceBreaks = text.match(/[.!?] +\p{Lu}/gu)?.length ?? 0;
  if (sentenceBreaks === 0 || text.length < 100) return false;
  // Prose is mostly lower-case words; a long title with a "?" inside is Title Case.
  const words = text.split(' ');
  const lower = words.filter((word) => /^\p{Ll}/u.test(word)).length;
  return lower / words.length > 0.5;
}

function looksCutOff(abstract: string): boolean {
  if (/[.!?)\]}"'”’]$/.test(abstract)) return false;
  const lastWord = abstract.slice(abstract.lastIndexOf(' ') + 1);
  return !/\/|^https?:/.test(lastWord);
}

function applyDetails(
  paper: ParsedPaper,
  block: Block,
  referenceDate: Date,
  warn: (reason: string) => void,
): void {
  for (const line of block.lines) {
    if (line === MIDDLE_DOT) continue;
    const authors = AUTHORS_LINE.exec(line);
    if (authors) {
      paper.authorsCount = Number(authors[1]);
      continue;
    }
    const date = parseDateLine(line, referenceDate);
    if (date) {
      paper.dateRaw = date.dateRaw;
      paper.dateYearInferred = date.dateYearInferred;
      if (date.published) paper.published = date.published;
      else warn(`date "${line}" is not a real day; kept as text`);
      if (date.upvotes !== undefined) paper.upvotes = date.upvotes;
      continue;
    }
    const organization = parseOrganization(line);
    if (organization) paper.organization = organization;
    else warn(`unreadable paper detail "${excerpt(line)}"`);
  }
}

/** "nvidia NVIDIA" (a handle, then the display name) → "NVIDIA". */
function parseOrganization(line: string): string | undefined {
  if (line.length > 120) return undefined;
  const [handle, ...rest] = line.split(' ');
  if (rest.length > 0 && /^[\w.-]+$/.test(handle!)) return rest.join(' ');
  return /^[\p{L}\p{N}][\p{L}\p{N} .&'-]*$/u.test(line) ? line : undefined;
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
