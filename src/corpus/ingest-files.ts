import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../db/open-database.js';
import { ingestPapers, type IngestCounts } from './ingest.js';
import type { TextIndexer } from './text-indexer.js';
import type { ParsedPaper } from './paper.js';
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
  /** Dates written without a year resolve against this day (default: `now`). */
  referenceDate?: Date;
  indexer: TextIndexer;
}

/**
 * Parses listing pages (files, or folders of `.txt` pages) and ingests every paper in
 * one transaction. Unreadable files and unusable entries are reported, never fatal.
 */
export function ingestFiles(
  db: Db,
  paths: readonly string[],
  options: IngestFilesOptions,
): IngestReport {
  const referenceDate = options.referenceDate ?? options.now;
  const papers: ParsedPaper[] = [];
  const skipped: SkippedEntry[] = [];
  const warnings: SkippedEntry[] = [];
  const files = expand(paths, skipped);
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      skipped.push(unreadable(file, error));
      continue;
    }
    const page = parsePage(text, { source: basename(file), referenceDate });
    papers.push(...page.papers);
    skipped.push(...page.skipped);
    warnings.push(...page.warnings);
  }
  const counts = ingestPapers(db, papers, { now: options.now, indexer: options.indexer });
  return { ...counts, files: files.length, entries: papers.length, skipped, warnings };
}

function expand(paths: readonly string[], skipped: SkippedEntry[]): string[] {
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
      skipped.push(unreadable(path, error));
    }
  }
  return files;
}

function unreadable(source: string, error: unknown): SkippedEntry {
  return { source, line: 0, reason: `cannot read: ${describe(error)}`, excerpt: '' };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
