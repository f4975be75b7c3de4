/**
 * FTS5's on-disk records, as documented at the top of SQLite's ext/fts5/fts5_index.c:
 * what the search reads (src/search/fts5-index.ts) and the ingest writes
 * (./fts5-segments.ts) besides FTS5 itself.
 */

/** An FTS5 record in a layout this code does not know; the callers fall back to FTS5. */
export class Fts5FormatError extends Error {
  override name = 'Fts5FormatError';
}

/** `%_data` rowids of the two records every FTS5 index has. */
export const AVERAGES_ROWID = 1;
export const STRUCTURE_ROWID = 10;
const PAGE_BITS = 31;
const HEIGHT_BITS = 5;
const DLIDX_BITS = 1;
/** A page's `%_data` rowid is its segment id times this, plus (doclist-index, height, page). */
export const SEGMENT_ROWID_UNIT = 2 ** (PAGE_BITS + HEIGHT_BITS + DLIDX_BITS);

/** The rowid in `%_data` of a segment's leaf page. */
export function rowidOfPage(segid: number, page: number): number {
  return segid * SEGMENT_ROWID_UNIT + page;
}

export interface Segment {
  id: number;
  firstPage: number;
  lastPage: number;
}

export interface Structure {
  /** The configuration cookie. */
  cookie: number;
  /** Leaf pages written so far; FTS5's automerge paces itself by it. */
  writeCounter: number;
  /** Level 0 first; within a level, oldest segment first. `merging`: segments in an ongoing merge. */
  levels: { merging: number; segments: Segment[] }[];
}

/** SQLite's varint: big-endian groups of 7 bits; the 9th byte carries 8. */
export function varint(block: Uint8Array, cursor: { at: number }): number {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = block[cursor.at++];
    if (byte === undefined) throw new Fts5FormatError('varint past the end of a record');
    if (i === 8) return value * 256 + byte;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  return value;
}

export function readVarints(block: Uint8Array, start: number, end: number): number[] {
  const cursor = { at: start };
  const values: number[] = [];
  while (cursor.at < end) values.push(varint(block, cursor));
  return values;
}

export function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Fts5FormatError(`bad varint ${value}`);
  const groups: number[] = [];
  do {
    groups.push(value % 128);
    value = Math.floor(value / 128);
  } while (value > 0);
  for (let i = groups.length - 1; i >= 0; i--) out.push(groups[i]! | (i > 0 ? 0x80 : 0));
}

/** FTS5_STRUCTURE_V2: the layout with per-segment origins and tombstones, written only
 * for contentless_delete tables, which the library does not use. */
const V2_MARKER = [0xff, 0x00, 0x00, 0x01];

export function decodeStructure(block: Uint8Array): Structure {
  if (block.length < 4) throw new Fts5FormatError('structure record too short');
  if (V2_MARKER.every((byte, i) => block[4 + i] === byte)) {
    throw new Fts5FormatError('structure record V2');
  }
  const cookie = ((block[0]! << 24) | (block[1]! << 16) | (block[2]! << 8) | block[3]!) >>> 0;
  const cursor = { at: 4 };
  const next = () => {
    const value = varint(block, cursor);
    if (!Number.isSafeInteger(value)) throw new Fts5FormatError('structure value out of range');
    return value;
  };
  const levelCount = next();
  const segmentCount = next();
  const writeCounter = next();
  const levels: Structure['levels'] = [];
  for (let level = 0; level < levelCount; level++) {
    const merging = next();
    const segments: Segment[] = [];
    for (let n = next(); n > 0; n--) {
      segments.push({ id: next(), firstPage: next(), lastPage: next() });
    }
    levels.push({ merging, segments });
  }
  const counted = levels.reduce((sum, level) => sum + level.segments.length, 0);
  if (cursor.at !== block.length || counted !== segmentCount) {
    throw new Fts5FormatError('unexpected structure record');
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
      writeVarint(out, s.firstPage);
      writeVarint(out, s.lastPage);
    }
  }
  return Uint8Array.from(out);
}
