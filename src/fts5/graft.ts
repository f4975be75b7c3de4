import {
  AVERAGES_ROWID,
  decodeStructure,
  encodeStructure,
  Fts5FormatError,
  readVarints,
  SEGMENT_ROWID_UNIT,
  STRUCTURE_ROWID,
  writeVarint,
  type Structure,
} from './format.js';
import type { Db } from '../db/open-database.js';

/**
 * An FTS5 index built by another connection (an in-memory, contentless table with the
 * same columns and tokenizer, filled in a worker thread): its shadow tables' rows, to be
 * grafted into a library's index as new segments. FTS5 stays the index of record: the
 * segments are FTS5's own pages, and FTS5 reads, merges and checks them afterwards.
 */
export interface BuiltIndex {
  /** The builder's structure record (`_data` row 10): which segments it wrote. */
  structure: Uint8Array;
  /** The builder's averages record (`_data` row 1): rows and tokens per column. */
  averages: Uint8Array | null;
  /** Segment pages: `_data` rows past the two records, [id, block]. */
  data: [number, Uint8Array][];
  /** The segments' term index: `_idx` rows, [segid, term, pgno]. */
  idx: [number, Uint8Array, number][];
  /** Each new row's token count per column: `_docsize` rows, [id, sz]. */
  docsize: [number, Uint8Array][];
}

/** FTS5_MAX_SEGMENT: FTS5 gives out segment ids up to this and refuses more segments. */
const MAX_SEGID = 2000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const varints = (block: Uint8Array | null | undefined) =>
  block ? readVarints(block, 0, block.length) : [];

function structureOf(db: Db, table: string): Structure {
  const block = db
    .prepare<[], Uint8Array>(`SELECT block FROM ${table}_data WHERE id = ${STRUCTURE_ROWID}`)
    .pluck()
    .get();
  if (!block) throw new Fts5FormatError(`${table} has no FTS5 structure record`);
  return decodeStructure(block);
}

/**
 * Whether `table`'s index can take grafted segments: its structure record is in the
 * layout decodeStructure knows (FTS5's V1, used by tables without secure-delete or
 * contentless delete). Anything else is indexed by FTS5 row by row instead.
 */
export function canGraft(db: Db, table: string): boolean {
  if (!IDENTIFIER.test(table)) return false;
  try {
    structureOf(db, table);
    return true;
  } catch (error) {
    if (error instanceof Fts5FormatError) return false;
    throw error;
  }
}

/**
 * Adds `built`'s segments to `table`'s index (at its newest level, as FTS5 adds the
 * segment of each commit), inside the caller's transaction, and then has FTS5 merge as
 * its automerge would after writing the same pages. Rows the caller indexes through FTS5
 * in the same transaction are fine, but must not be rows of `built`.
 */
export function graftIndex(db: Db, table: string, built: BuiltIndex): void {
  if (!IDENTIFIER.test(table)) throw new Error(`not a table name: ${table}`);
  const segments = decodeStructure(built.structure).levels.flatMap((level) => level.segments);
  if (segments.length === 0) return;
  const command = db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES (?, ?)`);
  // FTS5 caches the structure record per connection, and re-reads it only after another
  // connection's commit, a rollback or a merge. 'flush' writes out the terms pending in
  // FTS5 (their segment comes before the grafted ones); a merge of nothing then drops
  // the cached record, so that FTS5's next read is of the record as written below.
  command.run('flush', null);
  command.run('merge', 0);
  let pages = 0;
  let levels: number;
  // Defensive mode (better-sqlite3's default) forbids writing FTS5's shadow tables.
  db.unsafeMode(true);
  try {
    const structure = structureOf(db, table);
    const taken = new Set(structure.levels.flatMap((level) => level.segments.map((s) => s.id)));
    const renamed = new Map<number, number>();
    let free = 1;
    for (const segment of segments) {
      while (taken.has(free)) free++;
      if (free > MAX_SEGID) throw new Fts5FormatError(`${table} has no free segment id`);
      renamed.set(segment.id, free);
      taken.add(free);
      pages += segment.lastPage - segment.firstPage + 1;
    }
    const segid = (id: number) => {
      const to = renamed.get(id);
      if (to === undefined) throw new Fts5FormatError(`page of unknown segment ${id}`);
      return to;
    };
    const addPage = db.prepare(`INSERT INTO ${table}_data (id, block) VALUES (?, ?)`);
    for (const [id, block] of built.data) {
      const from = Math.floor(id / SEGMENT_ROWID_UNIT);
      addPage.run(id + (segid(from) - from) * SEGMENT_ROWID_UNIT, block);
    }
    const addTerm = db.prepare(`INSERT INTO ${table}_idx (segid, term, pgno) VALUES (?, ?, ?)`);
    for (const [id, term, pgno] of built.idx) addTerm.run(segid(id), term, pgno);
    const addSize = db.prepare(`INSERT INTO ${table}_docsize (id, sz) VALUES (?, ?)`);
    for (const [id, size] of built.docsize) addSize.run(id, size);

    const ours = varints(
      db
        .prepare<[], Uint8Array>(`SELECT block FROM ${table}_data WHERE id = ${AVERAGES_ROWID}`)
        .pluck()
        .get(),
    );
    const theirs = varints(built.averages);
    const totals = Array.from(
      { length: Math.max(ours.length, theirs.length) },
      (_, i) => (ours[i] ?? 0) + (theirs[i] ?? 0),
    );
    db.prepare(`INSERT OR REPLACE INTO ${table}_data (id, block) VALUES (?, ?)`).run(
      AVERAGES_ROWID,
      Uint8Array.from(
        totals.flatMap((total) => {
          const out: number[] = [];
          writeVarint(out, total);
          return out;
        }),
      ),
    );

    if (structure.levels.length === 0) structure.levels.push({ merging: 0, segments: [] });
    for (const s of segments) structure.levels[0]!.segments.push({ ...s, id: segid(s.id) });
    structure.writeCounter += pages;
    levels = structure.levels.length;
    db.prepare(`UPDATE ${table}_data SET block = ? WHERE id = ${STRUCTURE_ROWID}`).run(
      encodeStructure(structure),
    );
  } finally {
    db.unsafeMode(false);
  }
  // What FTS5's automerge does after writing `pages` leaves: about that many pages of
  // merging per level, on levels holding 'usermerge' (4) segments or more.
  command.run('merge', pages * levels);
}
