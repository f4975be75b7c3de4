import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createScratchIndex, type IndexRow } from '../../src/fts5/scratch-index.js';
import { decodeStructure, encodeStructure, Fts5FormatError } from '../../src/fts5/format.js';
import { canGraft, graftIndex } from '../../src/fts5/graft.js';
import type { Db } from '../../src/db/open-database.js';
import { FTS_TOKENIZER } from '../../src/fts5/schema.js';
import { useCleanups } from '../support/scratch.js';

const { defer, memoryDb: library } = useCleanups();

/** `count` rows from `from + 1` on, of about `words` words from a small vocabulary. */
function rows(from: number, count: number, words = 40): IndexRow[] {
  let state = from + 7;
  const next = () => (state = (state * 48271) % 2147483647);
  const text = (n: number) => Array.from({ length: n }, () => `w${next() % 150}`).join(' ');
  return Array.from({ length: count }, (_, i) => [from + i + 1, text(6), `${text(words)}.`]);
}

/** The papers rows that go with index rows (the index is external-content). */
function addPapers(db: Db, batch: readonly IndexRow[]): void {
  const insert = db.prepare(
    `INSERT INTO papers (rowid, id, title, title_key, abstract, added_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'now', 'now')`,
  );
  for (const [rowid, title, abstract] of batch) {
    insert.run(rowid, `id${rowid}`, title, `key${rowid}`, abstract);
  }
}

function indexInline(db: Db, batch: readonly IndexRow[]): void {
  const insert = db.prepare('INSERT INTO papers_fts (rowid, title, abstract) VALUES (?, ?, ?)');
  db.transaction(() => {
    addPapers(db, batch);
    for (const row of batch) insert.run(...row);
  })();
}

function indexGrafted(db: Db, batch: readonly IndexRow[]): void {
  const scratch = createScratchIndex(Database, FTS_TOKENIZER, ['title', 'abstract']);
  try {
    scratch.add(batch);
    const built = scratch.cut();
    expect(built).not.toBeNull();
    db.transaction(() => {
      addPapers(db, batch);
      graftIndex(db, 'papers_fts', built!);
    })();
  } finally {
    scratch.close();
  }
}

/** What FTS5 answers: every match with its bm25 score, and its per-term statistics. */
function answers(db: Db, queries: readonly string[]) {
  const match = db.prepare(
    'SELECT rowid, bm25(papers_fts) AS score FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank, rowid',
  );
  db.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'papers_fts', 'row')",
  );
  return {
    matches: queries.map((q) => match.all(q)),
    vocab: db.prepare('SELECT term, doc, cnt FROM temp.vocab ORDER BY term').all(),
  };
}

const QUERIES = ['w1', 'w2 OR w3', 'w10 w11', '"w5 w6"', 'title:w7', 'w149 OR w0 OR w75'];
const intact = (db: Db) =>
  db.prepare("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)").run();

describe('FTS5 structure records', () => {
  it('GIVEN the records FTS5 itself wrote THEN decoding and encoding gives back the same bytes', () => {
    const db = library();
    for (let batch = 0; batch < 9; batch++) indexInline(db, rows(batch * 300, 300));
    const record = db.prepare('SELECT block FROM papers_fts_data WHERE id = 10').pluck();
    const bytes = record.get() as Buffer;
    const structure = decodeStructure(bytes);
    // Nine commits with automerge at 4: merged levels as well as new segments.
    expect(structure.levels.length).toBeGreaterThan(1);
    expect(Buffer.from(encodeStructure(structure))).toEqual(bytes);
  });

  it('GIVEN numbers needing every varint length THEN they survive encoding', () => {
    const structure = {
      cookie: 0xfedcba98,
      writeCounter: 2 ** 53 - 1,
      levels: [
        { merging: 0, segments: [{ id: 65_535, firstPage: 1, lastPage: 2 ** 31 - 1 }] },
        { merging: 1, segments: [{ id: 1, firstPage: 127, lastPage: 128 }] },
      ],
    };
    expect(decodeStructure(encodeStructure(structure))).toEqual(structure);
  });

  it('GIVEN a truncated, padded or V2 record THEN it is refused, not misread', () => {
    const good = encodeStructure({
      cookie: 1,
      writeCounter: 5,
      levels: [{ merging: 0, segments: [{ id: 1, firstPage: 1, lastPage: 9 }] }],
    });
    expect(() => decodeStructure(good.subarray(0, good.length - 1))).toThrow(Fts5FormatError);
    expect(() => decodeStructure(Uint8Array.from([...good, 0]))).toThrow(Fts5FormatError);
    const v2 = Uint8Array.from([...good.subarray(0, 4), 0xff, 0, 0, 1, ...good.subarray(4)]);
    expect(() => decodeStructure(v2)).toThrow(/V2/);
  });

  it('GIVEN a table whose FTS5 keeps the V2 layout THEN it is not grafted into', () => {
    const db = library();
    db.exec(`CREATE VIRTUAL TABLE other USING fts5(x, content = '', contentless_delete = 1)`);
    expect(canGraft(db, 'other')).toBe(false);
    expect(canGraft(db, 'papers_fts')).toBe(true);
    expect(canGraft(db, 'papers_fts; DROP TABLE papers')).toBe(false);
  });
});

describe('grafting segments built elsewhere', () => {
  it('GIVEN the same rows indexed by FTS5 or grafted THEN FTS5 answers every query identically', () => {
    const inline = library();
    const grafted = library();
    for (let batch = 0; batch < 9; batch++) {
      const some = rows(batch * 250, 250);
      indexInline(inline, some);
      indexGrafted(grafted, some);
    }
    expect(() => intact(grafted)).not.toThrow();
    const want = answers(inline, QUERIES);
    expect(want.matches.every((m) => m.length > 0)).toBe(true);
    expect(answers(grafted, QUERIES)).toEqual(want);
    // FTS5 merged the grafted segments as it goes: nine grafts, fewer segments.
    const segments = decodeStructure(
      grafted.prepare('SELECT block FROM papers_fts_data WHERE id = 10').pluck().get() as Buffer,
    ).levels.flatMap((level) => level.segments);
    expect(segments.length).toBeLessThan(9);
  });

  it('GIVEN rows indexed by FTS5 and rows grafted in the same transaction THEN both count in the statistics', () => {
    const mixed = library();
    const inline = library();
    const insert = mixed.prepare(
      'INSERT INTO papers_fts (rowid, title, abstract) VALUES (?, ?, ?)',
    );
    for (let batch = 0; batch < 4; batch++) {
      const own = rows(batch * 200, 100);
      const apart = rows(batch * 200 + 100, 100);
      const scratch = createScratchIndex(Database, FTS_TOKENIZER, ['title', 'abstract']);
      scratch.add(apart);
      const built = scratch.cut()!;
      scratch.close();
      mixed.transaction(() => {
        addPapers(mixed, [...own, ...apart]);
        // Pending in FTS5 (terms and row counts) when the graft comes.
        for (const row of own) insert.run(...row);
        graftIndex(mixed, 'papers_fts', built);
      })();
      indexInline(inline, [...own, ...apart]);
    }
    expect(answers(mixed, QUERIES)).toEqual(answers(inline, QUERIES));
    expect(() => intact(mixed)).not.toThrow();
  });

  it('GIVEN a connection that has just searched THEN a graft on it is what its next search sees', () => {
    const db = library();
    const reference = library();
    // Five segments left unmerged, in the structure FTS5 caches on the search below.
    for (const lib of [db, reference]) {
      lib.exec("INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 0)");
      for (let batch = 0; batch < 5; batch++) indexInline(lib, rows(batch * 100, 100));
    }
    // FTS5 re-reads its structure record only after its own writes or another
    // connection's commit; the graft must not let FTS5 go on from the cached one.
    const count = db.prepare("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'w1'").pluck();
    const before = count.get() as number;
    indexGrafted(db, rows(500, 100));
    indexInline(reference, rows(500, 100));
    expect(count.get()).toBe(reference.prepare(count.source).pluck().get());
    expect(count.get()).toBeGreaterThan(before);
    expect(() => intact(db)).not.toThrow();
  });

  it('GIVEN a graft THEN the shadow tables are protected again afterwards', () => {
    const db = library();
    indexGrafted(db, rows(0, 50));
    expect(() => db.exec('DELETE FROM papers_fts_data')).toThrow(/may not be modified/);
  });

  it('GIVEN a graft that fails halfway THEN the transaction leaves the index as it was', () => {
    const db = library();
    indexInline(db, rows(0, 100));
    const want = answers(db, QUERIES);
    const scratch = createScratchIndex(Database, FTS_TOKENIZER, ['title', 'abstract']);
    defer(() => scratch.close());
    scratch.add(rows(100, 100));
    const built = scratch.cut()!;
    // A docsize row for an id the library already has: the insert fails after the pages.
    built.docsize.push([1, Uint8Array.from([1, 1])]);
    expect(() => db.transaction(() => graftIndex(db, 'papers_fts', built))()).toThrow(
      /UNIQUE|constraint/,
    );
    expect(answers(db, QUERIES)).toEqual(want);
    expect(() => intact(db)).not.toThrow();
  });
});
