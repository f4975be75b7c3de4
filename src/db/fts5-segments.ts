import type { Db } from './open-database.js';

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

/** The structure record's layout is one SQLite never stores for this kind of table. */
export class Fts5FormatError extends Error {}

interface Segment {
  id: number;
  first: number;
  last: number;
}

export interface Structure {
  cookie: number;
  writeCounter: number;
  levels: { merging: number; segments: Segment[] }[];
}

const STRUCTURE_ROWID = 10;
const AVERAGES_ROWID = 1;
/** A page's `_data` rowid is segid × 2^37 + (doclist-index flag, height, page number). */
const SEGID_UNIT = 2 ** 37;
/** FTS5_MAX_SEGMENT: FTS5 gives out segment ids up to this and refuses more segments. */
const MAX_SEGID = 2000;
/** FTS5 (ext/fts5, FTS5_STRUCTURE_V2): the layout with per-segment tombstone counts. */
const V2_MARKER = [0xff, 0x00, 0x00, 0x01];

/** SQLite's varint: big-endian groups of 7 bits, the 9th byte whole. */
function readVarint(buf: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = buf[at + i];
    if (byte === undefined) throw new Fts5FormatError('FTS5 record ends inside a number');
    if (i === 8) return [checked(value * 256 + byte), at + 9];
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [checked(value), at + i + 1];
  }
  throw new Fts5FormatError('unreachable');
}

function checked(value: number): number {
  if (!Number.isSafeInteger(value)) throw new Fts5FormatError('FTS5 number out of range');
  return value;
}

function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Fts5FormatError(`bad varint ${value}`);
  const groups: number[] = [];
  do {
    groups.push(value % 128);
    value = Math.floor(value / 128);
  } while (value > 0);
  for (let i = groups.length - 1; i >= 0; i--) out.push(groups[i]! | (i > 0 ? 0x80 : 0));
}

export function decodeStructure(buf: Uint8Array): Structure {
  if (buf.length < 4) throw new Fts5FormatError('FTS5 structure record too short');
  if (V2_MARKER.every((byte, i) => buf[4 + i] === byte)) {
    throw new Fts5FormatError('FTS5 structure record in the V2 layout');
  }
  const cookie = ((buf[0]! << 24) | (buf[1]! << 16) | (buf[2]! << 8) | buf[3]!) >>> 0;
  let at = 4;
  const next = () => {
    const [value, after] = readVarint(buf, at);
    at = after;
    return value;
  };
  const levelCount = next();
  const segmentCount = next();
  const writeCounter = next();
  const levels: Structure['levels'] = [];
  for (let level = 0; level < levelCount; level++) {
    const merging = next();
    const segments: Segment[] = [];
    for (let n = next(); n > 0; n--) segments.push({ id: next(), first: next(), last: next() });
    levels.push({ merging, segments });
  }
  const counted = levels.reduce((sum, level) => sum + level.segments.length, 0);
  if (at !== buf.length || counted !== segmentCount) {
    throw new Fts5FormatError('FTS5 structure record does not add up');
  }
  return { cookie, writeCounter, levels };
}

export function encodeStructure(structure: Structure): Uint8Array {
  const c = structure.cookie;
  const out = [(c >>> 24) & 0xff, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff];
  writeVarint(out, structure.levels.length);
  writeVarint(
    out,
    structure.levels.reduce((sum, level) => sum + level.segments.length, 0),
  );
  writeVarint(out, structure.writeCounter);
  for (const level of structure.levels) {
    writeVarint(out, level.merging);
    writeVarint(out, level.segments.length);
    for (const s of level.segments) {
      writeVarint(out, s.id);
      writeVarint(out, s.first);
      writeVarint(out, s.last);
    }
  }
  return Uint8Array.from(out);
}

function decodeVarints(buf: Uint8Array | null | undefined): number[] {
  const values: number[] = [];
  for (let at = 0; buf && at < buf.length;) {
    const [value, after] = readVarint(buf, at);
    values.push(value);
    at = after;
  }
  return values;
}

function encodeVarints(values: number[]): Uint8Array {
  const out: number[] = [];
  for (const value of values) writeVarint(out, value);
  return Uint8Array.from(out);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
      pages += segment.last - segment.first + 1;
    }
    const segid = (id: number) => {
      const to = renamed.get(id);
      if (to === undefined) throw new Fts5FormatError(`page of unknown segment ${id}`);
      return to;
    };
    const addPage = db.prepare(`INSERT INTO ${table}_data (id, block) VALUES (?, ?)`);
    for (const [id, block] of built.data) {
      const from = Math.floor(id / SEGID_UNIT);
      addPage.run(id + (segid(from) - from) * SEGID_UNIT, block);
    }
    const addTerm = db.prepare(`INSERT INTO ${table}_idx (segid, term, pgno) VALUES (?, ?, ?)`);
    for (const [id, term, pgno] of built.idx) addTerm.run(segid(id), term, pgno);
    const addSize = db.prepare(`INSERT INTO ${table}_docsize (id, sz) VALUES (?, ?)`);
    for (const [id, size] of built.docsize) addSize.run(id, size);

    const ours = decodeVarints(
      db
        .prepare<[], Uint8Array>(`SELECT block FROM ${table}_data WHERE id = ${AVERAGES_ROWID}`)
        .pluck()
        .get(),
    );
    const theirs = decodeVarints(built.averages);
    const totals = Array.from(
      { length: Math.max(ours.length, theirs.length) },
      (_, i) => (ours[i] ?? 0) + (theirs[i] ?? 0),
    );
    db.prepare(`INSERT OR REPLACE INTO ${table}_data (id, block) VALUES (?, ?)`).run(
      AVERAGES_ROWID,
      encodeVarints(totals),
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
