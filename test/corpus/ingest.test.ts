import { describe, expect, it } from 'vitest';
import { paperId } from '../../src/corpus/paper.js';
import { ingest, ingestPages, NOW, PAGES_DIR, paper } from '../support/library.js';
import { librarySnapshot, useCleanups } from '../support/scratch.js';

const { memoryDb } = useCleanups();
const snapshot = librarySnapshot;

describe('ingest of the bundled pages', () => {
  it('GIVEN the five pages THEN the library holds exactly 251 papers with every page remembered', () => {
    const db = memoryDb();
    const report = ingestPages(db, [PAGES_DIR], { now: NOW });
    expect(report).toMatchObject({
      files: 5,
      entries: 327,
      new: 251,
      updated: 0,
      unchanged: 0,
      total: 251,
    });
    expect(report.skipped).toEqual([]);
    const count = db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
    expect(count.n).toBe(251);
    const wildbench = db
      .prepare(
        `SELECT p.*, group_concat(s.source) AS sources FROM papers p
         JOIN paper_sources s ON s.paper_rowid = p.rowid WHERE p.title LIKE 'WildBench:%' GROUP BY p.rowid`,
      )
      .get() as { sources: string; authors_count: number; upvotes: number; published: string };
    // Seen on three pages; only one carries the author block: the row keeps it.
    expect(wildbench.sources.split(',').sort()).toEqual([
      '000_2b22f76d907bb47b.txt',
      '002_9c3dae211aa2b8a9.txt',
      '003_eb4604d107750bd3.txt',
    ]);
    expect(wildbench).toMatchObject({ authors_count: 9, upvotes: 1, published: '2024-06-07' });
  });

  it('GIVEN the same pages twice THEN the second run changes nothing and says so', () => {
    const db = memoryDb();
    ingestPages(db, [PAGES_DIR], { now: NOW });
    const before = snapshot(db);
    const later = new Date(NOW.getTime() + 86_400_000);
    const again = ingestPages(db, [PAGES_DIR], { now: later, referenceDate: NOW });
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 251, total: 251 });
    expect(snapshot(db)).toEqual(before);
  });

  it('GIVEN a paper already ingested WHEN a page brings it with richer details THEN it is updated, not duplicated', () => {
    const db = memoryDb();
    const bare = paper('A Study of Things', 'Short abstract about things. It has two sentences.');
    ingest(db, [bare], { now: NOW });
    const counts = ingest(
      db,
      [
        {
          ...bare,
          source: 'other.txt',
          authorsCount: 4,
          upvotes: 7,
          dateRaw: 'Apr 5, 2024',
          published: '2024-04-05',
        },
      ],
      { now: NOW },
    );
    expect(counts).toMatchObject({ new: 0, updated: 1, unchanged: 0, total: 1 });
    const row = db.prepare('SELECT * FROM papers').get();
    expect(row).toMatchObject({
      authors_count: 4,
      upvotes: 7,
      published: '2024-04-05',
      id: paperId('A Study of Things'),
    });
  });

  it('GIVEN a written year and an inferred one for the same paper THEN the written year wins in either order', () => {
    const inferred = paper('Dated', 'x', {
      dateRaw: 'Jun 18',
      published: '2025-06-18',
      dateYearInferred: true,
    });
    const written = paper('Dated', 'x', {
      dateRaw: 'Jun 18, 2024',
      published: '2024-06-18',
      dateYearInferred: false,
    });
    for (const order of [
      [inferred, written],
      [written, inferred],
    ]) {
      const db = memoryDb();
      ingest(db, order, { now: NOW });
      expect(db.prepare('SELECT published, date_year_inferred FROM papers').get()).toEqual({
        published: '2024-06-18',
        date_year_inferred: 0,
      });
    }
  });

  it('GIVEN titles differing only in case and punctuation THEN they are one paper with one id', () => {
    const db = memoryDb();
    const counts = ingest(
      db,
      [paper('Ruler: A Method', 'abc'), paper('ruler - a method', 'abcd')],
      { now: NOW },
    );
    expect(counts.total).toBe(1);
    expect(paperId('Ruler: A Method')).toBe(paperId('RULER  a method!'));
  });
});

describe('ingest atomicity', () => {
  it('GIVEN an error in the middle of a batch THEN the database is left exactly as it was', () => {
    const db = memoryDb();
    ingest(db, [paper('Existing Paper', 'Already here before the failing run.')], {
      now: NOW,
    });
    const before = snapshot(db);
    // A write failure on the third paper of the batch, raised by SQLite itself.
    db.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON papers WHEN NEW.title = 'Third'
             BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const batch = ['First', 'Second', 'Third', 'Fourth'].map((t) => paper(t, `${t} abstract.`));
    batch.unshift(paper('Existing Paper', 'Already here before the failing run, now longer.'));
    expect(() => ingest(db, batch, { now: NOW })).toThrow(/disk on fire/);
    expect(snapshot(db)).toEqual(before);
  });
});

describe('LaTeX residue at ingest', () => {
  const abstractOf = (db: ReturnType<typeof memoryDb>, like: string) =>
    db
      .prepare<[string, string], { abstract: string; abstract_original: string | null }>(
        'SELECT abstract, abstract_original FROM papers WHERE abstract LIKE ? OR abstract_original LIKE ?',
      )
      .get(like, like);

  it('GIVEN the bundled pages THEN abstracts read as meant and the original is kept for the record', () => {
    const db = memoryDb();
    ingestPages(db, [PAGES_DIR], { now: NOW });
    const recycling = abstractOf(db, '%Token Recycling requires%')!;
    expect(recycling.abstract).toContain('Token Recycling requires <2MB of additional storage');
    expect(recycling.abstract_original).toContain('requires \\textless2MB of additional storage');
    const plain = db
      .prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM papers WHERE abstract_original IS NULL AND instr(abstract, '\\') = 0",
      )
      .get()!;
    expect(plain.n).toBeGreaterThan(200);
    expect(
      db.prepare("SELECT count(*) AS n FROM papers WHERE instr(abstract, '\\%') > 0").get(),
    ).toEqual({ n: 0 });
  });

  it('GIVEN a row stored before abstracts were normalised THEN the next ingest normalises it and its index', () => {
    const db = memoryDb();
    const raw = 'We reach 88.7\\% of the speed. It matters a lot in practice.';
    ingest(db, [paper('A Percent Paper', raw)], { now: NOW });
    // As an older paperbot stored it: the raw text, no original beside it.
    db.prepare('UPDATE papers SET abstract = ?, abstract_original = NULL').run(raw);
    const counts = ingest(db, [paper('A Percent Paper', raw)], { now: NOW });
    expect(counts).toMatchObject({ updated: 1 });
    expect(abstractOf(db, '%88.7%')).toEqual({
      abstract: 'We reach 88.7% of the speed. It matters a lot in practice.',
      abstract_original: raw,
    });
    const found = db.prepare("SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'speed'").all();
    expect(found).toHaveLength(1);
    expect(ingest(db, [paper('A Percent Paper', raw)], { now: NOW })).toMatchObject({
      unchanged: 1,
    });
  });
});
