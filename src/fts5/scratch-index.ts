import type Database from 'better-sqlite3';
import type { BuiltIndex } from './graft.js';

/** A row to index: its rowid in the library, then the text of each column. */
export type IndexRow = [number, ...string[]];

export interface ScratchIndex {
  add(rows: readonly IndexRow[]): void;
  /** Rows added since the last cut. */
  pending(): number;
  /** The index of the rows added since the last cut (null if none); then starts empty. */
  cut(): BuiltIndex | null;
  close(): void;
}

/**
 * An in-memory, contentless FTS5 table with the library's columns and tokenizer, whose
 * segments graftIndex adds to the library's index.
 *
 * SELF-CONTAINED: the index worker runs this function from its source text, so the body
 * may use nothing but its parameters and globals.
 */
export function createScratchIndex(
  Sqlite: typeof Database,
  tokenizer: string,
  columns: readonly string[],
): ScratchIndex {
  const db = new Sqlite(':memory:');
  const list = columns.join(', ');
  // automerge off: the segments FTS5 writes here are grafted as they are and merged
  // there. 64 MB of pending terms (as in the library) make a batch one segment.
  db.exec(`
    CREATE VIRTUAL TABLE scratch USING fts5(${list}, content = '', tokenize = '${tokenizer}');
    INSERT INTO scratch (scratch, rank) VALUES ('hashsize', 67108864);
    INSERT INTO scratch (scratch, rank) VALUES ('automerge', 0);
  `);
  const insert = db.prepare(
    `INSERT INTO scratch (rowid, ${list}) VALUES (?${', ?'.repeat(columns.length)})`,
  );
  const record = db
    .prepare<[number], Uint8Array>('SELECT block FROM scratch_data WHERE id = ?')
    .pluck();
  const pages = db.prepare('SELECT id, block FROM scratch_data WHERE id > 10').raw();
  const terms = db.prepare('SELECT segid, term, pgno FROM scratch_idx').raw();
  const sizes = db.prepare('SELECT id, sz FROM scratch_docsize').raw();
  let rows = 0;
  let open = false;
  return {
    add(batch) {
      // One transaction until the cut: FTS5 writes its pending terms out at each commit.
      if (!open) db.exec('BEGIN');
      open = true;
      for (const row of batch) insert.run(...row);
      rows += batch.length;
    },
    pending() {
      return rows;
    },
    cut() {
      if (open) db.exec('COMMIT');
      open = false;
      if (rows === 0) return null;
      const block = (id: number) => (record.get(id) as Uint8Array | undefined) ?? null;
      const built = {
        structure: block(10)!,
        averages: block(1),
        data: pages.all(),
        idx: terms.all(),
        docsize: sizes.all(),
      } as BuiltIndex;
      db.exec("INSERT INTO scratch (scratch) VALUES ('delete-all')");
      rows = 0;
      return built;
    },
    close() {
      db.close();
    },
  };
}
