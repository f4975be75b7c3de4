import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles, type IngestReport } from '../../src/corpus/ingest-files.js';
import { ingestPapers, type IngestCounts } from '../../src/corpus/ingest.js';
import type { ParsedPaper } from '../../src/corpus/paper.js';
import type { Subscription } from '../../src/db/digest-store.js';
import type { Db } from '../../src/db/open-database.js';
import { createFts5Indexer, type Fts5IndexerOptions } from '../../src/fts5/indexer.js';

export const PAGES_DIR = join(import.meta.dirname, '../../data/pages');
export const NOW = new Date('2025-11-22T12:00:00Z');

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'paperbot-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function paper(
  title: string,
  abstract: string,
  extra: Partial<ParsedPaper> = {},
): ParsedPaper {
  return { title, abstract, source: 'fixture.txt', ...extra };
}

/** Ingests papers into `db` as the library does: the FTS5 index written alongside. */
export function ingest(
  db: Db,
  papers: Iterable<ParsedPaper>,
  options: { now: Date } & Fts5IndexerOptions,
): IngestCounts {
  const { now, ...indexing } = options;
  return ingestPapers(db, papers, { now, indexer: createFts5Indexer(db, indexing) });
}

/** Parses listing pages into `db` as the library does. */
export function ingestPages(
  db: Db,
  paths: readonly string[],
  options: { now: Date; referenceDate?: Date },
): IngestReport {
  return ingestFiles(db, paths, { ...options, indexer: createFts5Indexer(db) });
}

/** A daily 08:30 Europe/Paris digest subscription, with any field replaced. */
export function subscription(over: Partial<Subscription> = {}): Subscription {
  return {
    channelId: '111111111111111111',
    guildId: null,
    cron: '30 8 * * *',
    tz: 'Europe/Paris',
    topic: null,
    count: 10,
    createdAt: '2026-03-01T00:00:00Z',
    ...over,
  };
}
