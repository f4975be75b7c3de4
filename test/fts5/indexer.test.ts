import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import type { Fts5IndexerOptions } from '../../src/fts5/indexer.js';
import { IndexWorkerError, startIndexWorker } from '../../src/fts5/index-worker.js';
import { ingest, ingestPages, NOW, PAGES_DIR, paper, tempDir } from '../support/library.js';
import { librarySnapshot, useCleanups } from '../support/scratch.js';

/** The library's FTS5 index, written by the ingest through createFts5Indexer. */

const { defer, memoryDb } = useCleanups();
const snapshot = librarySnapshot;

describe('the full-text index follows the library', () => {
  const matches = (db: Db, word: string) =>
    db.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?').pluck().all(`"${word}"`);
  const ftsIntact = (db: Db) =>
    db.prepare("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)").run();

  it('GIVEN a paper whose abstract grows on a later page THEN the index holds the new words and drops the old ones', () => {
    const db = memoryDb();
    ingest(db, [paper('Tiny Lanterns', 'We study glowworms.')], { now: NOW });
    expect(matches(db, 'glowworms')).toHaveLength(1);
    ingest(
      db,
      [paper('Tiny Lanterns', 'We study fireflies and their flashing in long summer nights.')],
      {
        now: NOW,
      },
    );
    expect(matches(db, 'fireflies')).toHaveLength(1);
    expect(matches(db, 'glowworms')).toHaveLength(0);
    expect(matches(db, 'lanterns')).toHaveLength(1);
    expect(() => ftsIntact(db)).not.toThrow();
  });

  it('GIVEN the bundled pages ingested twice THEN FTS5 finds its index consistent with the papers', () => {
    const db = memoryDb();
    ingestPages(db, [PAGES_DIR], { now: NOW });
    ingestPages(db, [PAGES_DIR], { now: NOW, referenceDate: NOW });
    expect(() => ftsIntact(db)).not.toThrow();
    const indexed = db.prepare('SELECT count(*) FROM papers_fts_docsize').pluck().get();
    expect(indexed).toBe(251);
  });

  it('GIVEN the index was corrupted by hand THEN the integrity check used above does fail', () => {
    const db = memoryDb();
    ingest(db, [paper('Tiny Lanterns', 'We study glowworms.')], { now: NOW });
    db.prepare("UPDATE papers SET abstract = 'Something else entirely.'").run();
    expect(() => ftsIntact(db)).toThrow(/checksum mismatch/);
  });
});

describe('ingest atomicity, indexing in a worker or not', () => {
  it.each(['inline', 'worker'])(
    'GIVEN the process is killed in the middle of a write (indexing %s) THEN the file holds the state before it',
    (indexing) => {
      const { dir, cleanup } = tempDir();
      defer(cleanup);
      const dbPath = join(dir, 'lib.db');
      const script = join(dir, 'crash.ts');
      const src = (p: string) => JSON.stringify(join(import.meta.dirname, '../../src', p));
      writeFileSync(
        script,
        `import { writeSync } from 'node:fs';
       import { openDatabase } from ${src('db/open-database.ts')};
       import { ingestPapers } from ${src('corpus/ingest.ts')};
       import { createFts5Indexer } from ${src('fts5/indexer.ts')};
       import { startIndexWorker } from ${src('fts5/index-worker.ts')};
       const { db } = openDatabase(${JSON.stringify(dbPath)});
       ingestPapers(db, [{ title: 'Before The Crash', abstract: 'Kept.', source: 'a' }], { now: new Date(), indexer: createFts5Indexer(db) });
       let n = 0;
       let grafts = 0;
       db.function('crash_now', () => {
         // Slowly, so that the worker hands back segments (grafted as rows go on) first: while
         // none has come back, slower still, and the kill waits for one up to the last row (a
         // loaded machine may not run the worker for a while; by the clock alone it flaked).
         const waiting = ${JSON.stringify(indexing)} === 'worker' && grafts === 0;
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waiting ? 20 : 2);
         if (++n < 150 || (waiting && n < 200)) return 0;
         writeSync(1, 'grafts before the kill: ' + grafts + '\\n');
         process.kill(process.pid, 'SIGKILL');
       });
       db.exec("CREATE TEMP TRIGGER boom AFTER INSERT ON papers BEGIN SELECT crash_now(); END");
       const many = Array.from({ length: 200 }, (_, i) => ({ title: 'Paper ' + i, abstract: 'Text ' + i, source: 'b' }));
       ingestPapers(db, many, {
         now: new Date(),
         indexer: createFts5Indexer(db, {
           indexing: ${JSON.stringify(indexing)},
           startWorker: (o) => startIndexWorker({ ...o, segmentRows: 20, chunkRows: 10, onIndex: (built) => { o.onIndex(built); grafts++; } }),
         }),
       });
       console.log('not reached');`,
      );
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).not.toContain('not reached');
      const grafts = Number(/grafts before the kill: (\d+)/.exec(child.stdout)?.[1]);
      if (indexing === 'worker') expect(grafts).toBeGreaterThan(0);
      else expect(grafts).toBe(0);
      const { db } = openDatabase(dbPath);
      defer(() => db.close());
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT title FROM papers').all()).toEqual([{ title: 'Before The Crash' }]);
      expect(
        db.prepare("SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH 'kept'").get(),
      ).toEqual({ n: 1 });
      expect(() =>
        db.prepare("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)").run(),
      ).not.toThrow();
    },
  );
});

describe('the index and the file as the library grows', () => {
  /** `count` papers of about `words` words each, drawn from a 3,000-word vocabulary. */
  function papers(from: number, count: number, words: number) {
    let state = from + 1;
    const next = () => (state = (state * 48271) % 2147483647);
    return Array.from({ length: count }, (_, i) => {
      const text = Array.from({ length: words }, () => `w${next() % 3000}`).join(' ');
      return paper(`Generated Paper ${from + i}`, `${text}.`);
    });
  }
  const segments = (db: Db) =>
    db.prepare('SELECT count(DISTINCT segid) FROM papers_fts_idx').pluck().get() as number;
  const freePages = (db: Db) => db.pragma('freelist_count', { simple: true }) as number;

  it('GIVEN one ingest of more text than FTS5 keeps in memory by default (1 MB) THEN it is written as one segment', () => {
    const db = memoryDb();
    // Several MB of terms and positions: six segments at FTS5's default, even after merging.
    // Row by row, on this thread (the worker's share is another segment, see below).
    ingest(db, papers(0, 3000, 250), { now: NOW, indexing: 'inline' });
    expect(segments(db)).toBe(1);
  });

  it('GIVEN ingests whose segments FTS5 merges THEN the pages the merges free go back to the file system', () => {
    const { dir, cleanup } = tempDir();
    defer(cleanup);
    const grow = (db: Db) => {
      for (let batch = 0; batch < 12; batch++) {
        ingest(db, papers(batch * 100, 100, 120), { now: NOW });
      }
    };
    const created = openDatabase(join(dir, 'new.db')).db;
    defer(() => created.close());
    grow(created);

    // A library file made before auto_vacuum (a table already in it): the same ingests
    // leave free pages behind, which shows the merges above did free some.
    const oldPath = join(dir, 'old.db');
    const raw = new Database(oldPath);
    raw.exec('CREATE TABLE made_earlier (x)');
    raw.close();
    const old = openDatabase(oldPath).db;
    defer(() => old.close());
    grow(old);

    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    expect(freePages(old)).toBeGreaterThan(0);
    expect(created.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(freePages(created)).toBe(0);
    expect(created.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() =>
      created
        .prepare("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)")
        .run(),
    ).not.toThrow();
    expect(created.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(1200);
  });
});

describe('indexing in a worker thread', () => {
  /** Papers of ~`words` words from a 400-word vocabulary, with hostile text among them. */
  function generated(from: number, count: number, words = 60) {
    let state = from + 11;
    const next = () => (state = (state * 48271) % 2147483647);
    const text = (n: number) => Array.from({ length: n }, () => `v${next() % 400}`).join(' ');
    const odd = ['\u0000nul', 'naïve café', '🧪 emoji', 'שלום עולם', 'x'.repeat(3000), "'); DROP"];
    return Array.from({ length: count }, (_, i) =>
      paper(`Worker Paper ${from + i} ${text(5)}`, `${text(words)} ${odd[i % 97] ?? ''}.`, {
        arxivId: `2501.${String(from + i).padStart(5, '0')}`,
      }),
    );
  }
  const QUERIES = ['v1', 'v2 OR v3', 'v10 v11', '"v5 v6"', 'title:v7', 'nul OR naive', 'zeta'];
  const state = (db: Db) => ({
    papers: db.prepare('SELECT * FROM papers ORDER BY rowid').all(),
    sources: db.prepare('SELECT * FROM paper_sources ORDER BY paper_rowid, source').all(),
    answers: QUERIES.map((q) =>
      db
        .prepare(
          'SELECT rowid, bm25(papers_fts) AS score FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank, rowid',
        )
        .all(q),
    ),
  });
  /** Ingests with the real worker, counting the rows it took. */
  function counting(
    options: { now: Date } & Omit<Fts5IndexerOptions, 'startWorker'>,
    segmentRows: number,
  ) {
    const taken = { rows: 0 };
    const ingestCounting = (db: Db, papers: ReturnType<typeof generated>) =>
      ingest(db, papers, {
        ...options,
        startWorker: (o) => {
          const worker = startIndexWorker({ ...o, segmentRows });
          return {
            ...worker,
            add: (row) => {
              taken.rows++;
              worker.add(row);
            },
          };
        },
      });
    return { taken, ingest: ingestCounting };
  }

  it('GIVEN the same ingests with and without the worker THEN the library and every FTS5 answer are identical', () => {
    const apart = memoryDb();
    const inline = memoryDb();
    const { taken, ingest: viaWorker } = counting({ now: NOW, indexing: 'worker' }, 300);
    const runs = [
      generated(0, 1500),
      generated(1500, 1500),
      // Papers already in with longer abstracts; one new paper matching another new one
      // of the same batch by arXiv id (re-indexed after the grafts); unchanged ones.
      [
        ...generated(0, 200, 90),
        ...generated(3000, 500),
        paper('A Retitled Version', `Longer, in its own words: ${'zeta '.repeat(200)}`, {
          arxivId: '2501.03001',
        }),
        ...generated(1500, 100),
      ],
    ];
    const counts = runs.map((papers) => [
      viaWorker(apart, papers),
      ingest(inline, papers, { now: NOW, indexing: 'inline' }),
    ]);
    for (const [a, b] of counts) expect(a).toEqual(b);
    expect(counts[2]![0]).toMatchObject({ new: 500, updated: 201, unchanged: 100 });
    expect(taken.rows).toBe(counts.reduce((n, [a]) => n + a!.new, 0));
    const want = state(inline);
    expect(want.answers.every((a) => a.length > 0)).toBe(true);
    expect(state(apart)).toEqual(want);
    expect(() =>
      apart
        .prepare("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)")
        .run(),
    ).not.toThrow();
  });

  it('GIVEN a worker that fails THEN the ingest says so and the library is as it was', () => {
    const db = memoryDb();
    ingest(db, generated(0, 50), { now: NOW });
    const before = snapshot(db);
    expect(() =>
      ingest(db, generated(50, 1200), {
        now: NOW,
        indexing: 'worker',
        startWorker: (o) => startIndexWorker({ ...o, tokenizer: 'no_such_tokenizer' }),
      }),
    ).toThrow(IndexWorkerError);
    expect(snapshot(db)).toEqual(before);
    expect(() => ingest(db, generated(50, 1200), { now: NOW })).not.toThrow();
    expect(db.prepare('SELECT count(*) FROM papers_fts_docsize').pluck().get()).toBe(1250);
  });
});
