import type { Db } from '../db/open-database.js';
import type { PaperRow } from '../db/paper-row.js';
import { mergeFields, sameFields } from './merge-paper.js';
import {
  fieldsFromRow,
  renormalised,
  fieldsOf,
  paperIdOfKey,
  titleKey,
  type PaperFields,
  type ParsedPaper,
} from './paper.js';
import type { TextIndexBatch, TextIndexer } from './text-indexer.js';

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
  /** Keeps the full-text index in step with the papers, in the same transaction. */
  indexer: TextIndexer;
}

export interface InterruptibleIngestOptions extends IngestOptions {
  /** Aborted: the transaction is rolled back and the call rejects with the signal's reason. */
  signal: AbortSignal;
  /** Papers written so far, of how many (distinct papers in the batch). */
  onProgress?: (done: number, total: number) => void;
}

/** Papers written between two looks at the event loop (a signal, a progress redraw). */
const STEP = 2_000;

interface Incoming {
  key: string;
  fields: PaperFields;
  sources: Set<string>;
}

/**
 * Upserts papers into the library in ONE transaction: either every paper lands or,
 * on any error, the database is left exactly as it was. A paper seen several times
 * (in this batch or before) is one row keeping the richest metadata and every source.
 * The indexer indexes new papers' text, and again a paper's whose abstract grew.
 */
export function ingestPapers(
  db: Db,
  papers: Iterable<ParsedPaper>,
  options: IngestOptions,
): IngestCounts {
  const steps = ingestSteps(db, papers, options);
  const run = db.transaction((): IngestCounts => {
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  });
  const counts = run.immediate();
  freePages(db);
  return counts;
}

/**
 * ingestPapers that looks at the event loop every few thousand papers and once more just
 * before its commit, so that a Ctrl-C (an aborted `signal`) rolls everything back and a
 * progress display can redraw. Needs a database not already in a transaction.
 */
export async function ingestPapersInterruptibly(
  db: Db,
  papers: Iterable<ParsedPaper>,
  options: InterruptibleIngestOptions,
): Promise<IngestCounts> {
  options.signal.throwIfAborted();
  if (db.inTransaction) throw new Error('an interruptible ingest needs its own transaction');
  const steps = ingestSteps(db, papers, options);
  db.exec('BEGIN IMMEDIATE');
  try {
    let step = steps.next();
    while (!step.done) {
      options.onProgress?.(step.value.done, step.value.total);
      await nextTurn();
      options.signal.throwIfAborted();
      step = steps.next();
    }
    await nextTurn();
    options.signal.throwIfAborted();
    db.exec('COMMIT');
    freePages(db);
    return step.value;
  } catch (error) {
    steps.return({ new: 0, updated: 0, unchanged: 0, total: 0 });
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** One turn of the event loop: signal handlers and timers run before this resolves. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The ingest's writes, for the caller's transaction: yields every STEP papers (how many
 * are done) and returns the counts. Returning early (`return()`) releases the index batch.
 */
function* ingestSteps(
  db: Db,
  papers: Iterable<ParsedPaper>,
  options: IngestOptions,
): Generator<{ done: number; total: number }, IngestCounts> {
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
      string | null,
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
    `INSERT INTO papers (id, title, title_key, abstract, abstract_original, authors_count,
       organization, date_raw, published, date_year_inferred, upvotes, arxiv_id, added_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE papers SET abstract = @abstract, abstract_original = @abstractOriginal,
       authors_count = @authorsCount,
       organization = @organization, date_raw = @dateRaw, published = @published,
       date_year_inferred = @dateYearInferred, upvotes = @upvotes, arxiv_id = @arxivId,
       updated_at = @now
     WHERE rowid = @rowid`,
  );
  const addSource = db.prepare(
    'INSERT OR IGNORE INTO paper_sources (paper_rowid, source) VALUES (?, ?)',
  );
  // A vector is of the text it was computed from: a new abstract needs a new one.
  const dropVectors = db.prepare('DELETE FROM paper_vectors WHERE paper_rowid = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers');

  const counts = { new: 0, updated: 0, unchanged: 0, total: 0 };
  const batch = options.indexer.begin(incoming.length);
  try {
    for (let from = 0; from < incoming.length; from += STEP) {
      ingestSome(incoming.slice(from, from + STEP), counts, batch);
      if (from + STEP < incoming.length) yield { done: from + STEP, total: incoming.length };
    }
    batch.finish();
  } finally {
    batch.close();
  }
  counts.total = count.get()!.n;
  return counts;

  function ingestSome(some: Incoming[], counts: IngestCounts, index: TextIndexBatch): void {
    for (const paper of some) {
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
          f.abstractOriginal,
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
        index.add(Number(row.lastInsertRowid), f.title, f.abstract);
        for (const source of paper.sources) addSource.run(row.lastInsertRowid, source);
        counts.new++;
        continue;
      }
      const stored = fieldsFromRow(existing);
      // A row stored before abstracts were normalised is normalised now (migration 10).
      const before = stored.abstractOriginal === null ? renormalised(stored) : stored;
      const after = mergeFields(before, paper.fields);
      let sourcesAdded = false;
      for (const source of paper.sources) {
        sourcesAdded = addSource.run(existing.rowid, source).changes > 0 || sourcesAdded;
      }
      if (sourcesAdded || !sameFields(stored, after)) {
        update.run({ ...bind(after), rowid: existing.rowid, now });
        // An UPDATE never changes the title: only the abstract is indexed again.
        if (after.abstract !== stored.abstract) {
          index.replace(existing.rowid, existing.title, stored.abstract, after.abstract);
          dropVectors.run(existing.rowid);
        }
        counts.updated++;
      } else {
        counts.unchanged++;
      }
    }
  }
}

/**
 * FTS5 merges its segments as the index grows and frees the pages of the merged ones;
 * give them back to the file system (a library created with auto_vacuum, see openDatabase;
 * elsewhere a no-op). A failure here loses nothing: the papers are in.
 */
function freePages(db: Db): void {
  try {
    db.pragma('incremental_vacuum');
  } catch {
    // the free pages stay in the file and are reused by the next write
  }
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
