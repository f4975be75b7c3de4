import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../db/open-database.js';
import {
  ingestPapers,
  ingestPapersInterruptibly,
  type IngestCounts,
  type InterruptibleIngestOptions,
} from './ingest.js';
import type { TextIndexer } from './text-indexer.js';
import type { ParsedPaper } from './paper.js';
import { pageReferenceDate } from './parse-date.js';
import { parsePage, type SkippedEntry } from './parse-page.js';

export interface IngestReport extends IngestCounts {
  files: number;
  /** Paper entries read from the pages, before duplicates were merged. */
  entries: number;
  skipped: SkippedEntry[];
  warnings: SkippedEntry[];
}

export interface IngestFilesOptions {
  now: Date;
  /**
   * Dates written without a year resolve against this day. Default: the day each page
   * says it was made (pageReferenceDate), else `now`.
   */
  referenceDate?: Date;
  indexer: TextIndexer;
}

/** A page the caller named (or one in a folder it named) cannot be read: nothing was ingested. */
export class UnreadablePagesError extends Error {
  constructor(readonly problems: { path: string; reason: string }[]) {
    super(problems.map((p) => `cannot read ${p.path}: ${p.reason}`).join('\n'));
  }
}

interface ReadPages {
  files: number;
  papers: ParsedPaper[];
  skipped: SkippedEntry[];
  warnings: SkippedEntry[];
}

/**
 * Parses listing pages (files, or folders of `.txt` pages) and ingests every paper in
 * one transaction. A page that cannot be read stops it before anything is written
 * (UnreadablePagesError); an unusable entry inside a page is skipped and reported.
 */
export function ingestFiles(
  db: Db,
  paths: readonly string[],
  options: IngestFilesOptions,
): IngestReport {
  const read = readPages(paths, options);
  const counts = ingestPapers(db, read.papers, options);
  return report(read, counts);
}

/** ingestFiles that an aborted signal rolls back (ingestPapersInterruptibly). */
export async function ingestFilesInterruptibly(
  db: Db,
  paths: readonly string[],
  options: IngestFilesOptions & Omit<InterruptibleIngestOptions, 'now' | 'indexer'>,
): Promise<IngestReport> {
  const read = readPages(paths, options);
  const counts = await ingestPapersInterruptibly(db, read.papers, options);
  return report(read, counts);
}

function report(read: ReadPages, counts: IngestCounts): IngestReport {
  const { files, papers, skipped, warnings } = read;
  return { ...counts, files, entries: papers.length, skipped, warnings };
}

function readPages(
  paths: readonly string[],
  dates: { referenceDate?: Date | undefined; now: Date },
): ReadPages {
  const problems: { path: string; reason: string }[] = [];
  const texts: { file: string; text: string }[] = [];
  for (const file of expand(paths, problems)) {
    try {
      texts.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      problems.push({ path: file, reason: describe(error) });
    }
  }
  if (problems.length > 0) throw new UnreadablePagesError(problems);
  const read: ReadPages = { files: texts.length, papers: [], skipped: [], warnings: [] };
  for (const { file, text } of texts) {
    const referenceDate = dates.referenceDate ?? pageReferenceDate(text) ?? dates.now;
    const page = parsePage(text, { source: basename(file), referenceDate });
    read.papers.push(...page.papers);
    read.skipped.push(...page.skipped);
    read.warnings.push(...page.warnings);
  }
  return read;
}

function expand(paths: readonly string[], problems: { path: string; reason: string }[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) {
        const pages = readdirSync(path)
          .filter((name) => name.endsWith('.txt'))
          .sort();
        files.push(...pages.map((name) => join(path, name)));
      } else {
        files.push(path);
      }
    } catch (error) {
      problems.push({ path, reason: describe(error) });
    }
  }
  return files;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'a folder';
  return error instanceof Error ? error.message : String(error);
}
