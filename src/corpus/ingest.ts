import { canGraft, graftIndex } from '../db/fts5-segments.js';
import type { Db } from '../db/open-database.js';
import type { PaperRow } from '../db/paper-row.js';
import {
  fieldsFromRow,
  fieldsOf,
  mergeFields,
  sameFields,
  type PaperFields,
} from './merge-paper.js';
import { FTS_TOKENIZER } from '../search/index-terms.js';
import { startIndexWorker, type IndexWorker, type IndexWorkerOptions } from './index-worker.js';
import { paperIdOfKey, titleKey, type ParsedPaper } from './paper.js';

export interface IngestCounts {
  /** Papers that were not in the library before. */
  new: number;
  /** Papers already there whose metadata or sources grew. */
  updated: number;
  /** Papers already there with nothing new. */
  unchanged: number;
  /** Papers in the library after the run. */
  total: number;
}

export interface IngestOptions {
  now: Date;
  /**
   * Where new papers' text is tokenized for the full-text index. 'worker': in a worker
   * thread, into FTS5 segments grafted into the library's index (graftIndex), while this
   * thread writes the rows; 'inline': by FTS5 on this thread, row by row. 'auto' (the
   * default): the worker from WORKER_MIN_PAPERS papers on, where its start-up pays.
   */
  indexing?: 'auto' | 'worker' | 'inline';
  /** Starts the worker (tests wrap it, or make its segments small). */
  startWorker?: (options: IndexWorkerOptions) => IndexWorker;
}

/** From this many papers in one ingest on, their text is indexed in a worker thread. */
export const WORKER_MIN_PAPERS = 1_000;

interface Incoming {
  key: string;
  fields: PaperFields;
  sources: Set<string>;
}

/**
 * Upserts papers into the library in ONE transaction: either every paper lands or,
 * on any error, the database is left exactly as it was. A paper seen several times
 * (in this batch or before) is one row keeping the richest metadata and every source.
 * From WORKER_MIN_PAPERS papers on, a worker thread tokenizes the new papers' text for
 * the full-text index meanwhile (see IngestOptions.indexing).
 */
export function ingestPapers(
  db: Db,
  papers: Iterable<ParsedPaper>,
  options: IngestOptions,
): IngestCounts {
  const incoming = collapse(papers);
  const now = options.now.toISOString();
  const byKey = db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE title_key = ?');
  const byArxiv = db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE arxiv_id = ?');
  const idTaken = db.prepare<[string], { title_key: string }>(
    'SELECT title_key FROM papers WHERE id = ?',
  );
  // Positional parameters: binding by name costs a lookup per parameter per row.
  const insert = db.prepare<
    [
      string,
      string,
      string,
      string,
      number | null,
      string | null,
      string | null,
      string | null,
      number,
      number | null,
      string | null,
      string,
      string,
    ]
  >(
    `INSERT INTO papers (id, title, title_key, abstract, authors_count, organization, date_raw,
       published, date_year_inferred, upvotes, arxiv_id, added_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE papers SET abstract = @abstract, authors_count = @authorsCount,
       organization = @organization, date_raw = @dateRaw, published = @published,
       date_year_inferred = @dateYearInferred, upvotes = @upvotes, arxiv_id = @arxivId,
       updated_at = @now
     WHERE rowid = @rowid`,
  );
  // The FTS5 index is kept here, in the same transaction, rather than by triggers (see
  // migration 4); an UPDATE must never change the title without re-indexing it here.
  const indexText = db.prepare<[number | bigint, string, string]>(
    'INSERT INTO papers_fts (rowid, title, abstract) VALUES (?, ?, ?)',
  );
  const unindexText = db.prepare<[number | bigint, string, string]>(
    "INSERT INTO papers_fts (papers_fts, rowid, title, abstract) VALUES ('delete', ?, ?, ?)",
  );
  const addSource = db.prepare(
    'INSERT OR IGNORE INTO paper_sources (paper_rowid, source) VALUES (?, ?)',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers');

  const indexing = options.indexing ?? 'auto';
  const inWorker =
    indexing !== 'inline' &&
    (indexing === 'worker' || incoming.length >= WORKER_MIN_PAPERS) &&
    canGraft(db, 'papers_fts');

  const run = db.transaction((): IngestCounts => {
    const counts = { new: 0, updated: 0, unchanged: 0, total: 0 };
    // With the worker, re-indexing an updated paper waits until after the grafts: it may
    // be a paper added earlier in this batch, whose terms the worker still holds.
    const later: (() => void)[] = [];
    const worker: IndexWorker | undefined = inWorker
      ? (options.startWorker ?? startIndexWorker)({
          tokenizer: FTS_TOKENIZER,
          columns: ['title', 'abstract'],
          onIndex: (built) => graftIndex(db, 'papers_fts', built),
        })
      : undefined;
    try {
      ingestAll(counts, later, worker);
      worker?.finish();
    } finally {
      worker?.close();
    }
    for (const step of later) step();
    counts.total = count.get()!.n;
    return counts;
  });

  function ingestAll(counts: IngestCounts, later: (() => void)[], worker?: IndexWorker): void {
    for (const paper of incoming) {
      const existing =
        byKey.get(paper.key) ??
        (paper.fields.arxivId ? byArxiv.get(paper.fields.arxivId) : undefined);
      if (!existing) {
        const id = freeId(paper.key, (candidate) => idTaken.get(candidate)?.title_key);
        const f = paper.fields;
        const row = insert.run(
          id,
          f.title,
          paper.key,
          f.abstract,
          f.authorsCount,
          f.organization,
          f.dateRaw,
          f.published,
          f.dateYearInferred ? 1 : 0,
          f.upvotes,
          f.arxivId,
          now,
          now,
        );
        const rowid = Number(row.lastInsertRowid);
        if (worker) worker.add([rowid, f.title, f.abstract]);
        else indexText.run(rowid, f.title, f.abstract);
        for (const source of paper.sources) addSource.run(row.lastInsertRowid, source);
        counts.new++;
        continue;
      }
      const before = fieldsFromRow(existing);
      const after = mergeFields(before, paper.fields);
      let sourcesAdded = false;
      for (const source of paper.sources) {
        sourcesAdded = addSource.run(existing.rowid, source).changes > 0 || sourcesAdded;
      }
      if (sourcesAdded || !sameFields(before, after)) {
        update.run({ ...bind(after), rowid: existing.rowid, now });
        if (after.abstract !== before.abstract) {
          const reindex = () => {
            unindexText.run(existing.rowid, existing.title, before.abstract);
            indexText.run(existing.rowid, existing.title, after.abstract);
          };
          if (worker) later.push(reindex);
          else reindex();
        }
        counts.updated++;
      } else {
        counts.unchanged++;
      }
    }
  }
  const counts = run.immediate();
  // FTS5 merges its segments as the index grows and frees the pages of the merged ones;
  // give them back to the file system (a library created with auto_vacuum, see
  // openDatabase; elsewhere a no-op). A failure here loses nothing: the papers are in.
  try {
    db.pragma('incremental_vacuum');
  } catch {
    // the free pages stay in the file and are reused by the next write
  }
  return counts;
}

/** The same paper seen several times in one batch becomes one record. */
function collapse(papers: Iterable<ParsedPaper>): Incoming[] {
  const byKey = new Map<string, Incoming>();
  for (const paper of papers) {
    const key = titleKey(paper.title);
    if (key === '') continue;
    const seen = byKey.get(key);
    if (seen) {
      seen.fields = mergeFields(seen.fields, fieldsOf(paper));
      seen.sources.add(paper.source);
    } else {
      byKey.set(key, { key, fields: fieldsOf(paper), sources: new Set([paper.source]) });
    }
  }
  return [...byKey.values()];
}

/** The title's 8-character id, or a longer one in the rare case another title holds it. */
function freeId(key: string, holder: (id: string) => string | undefined): string {
  for (const length of [8, 13, 20]) {
    const id = paperIdOfKey(key, length);
    const owner = holder(id);
    if (owner === undefined || owner === key) return id;
  }
  throw new Error(`no free id for the title "${key}"`);
}

function bind(fields: PaperFields) {
  return { ...fields, dateYearInferred: fields.dateYearInferred ? 1 : 0 };
}
