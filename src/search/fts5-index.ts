import type { Db } from '../db/open-database.js';

/**
 * Reads the postings of an FTS5 table straight from its shadow tables (`%_data`,
 * `%_idx`, `%_docsize`), in the on-disk format documented at the top of SQLite's
 * ext/fts5/fts5_index.c. FTS5 stays the index of record: this only reads it, inside the
 * caller's read transaction, so that ranking can skip what bm25() would compute for
 * every matching row. Anything it does not recognise throws Fts5FormatError and the
 * caller falls back to FTS5's own exhaustive query.
 */

export class Fts5FormatError extends Error {
  override name = 'Fts5FormatError';
}

/**
 * A term's doclist: the rows holding it, ascending, and how often it is in each column
 * (`counts[i * columns + c]`). Typed arrays: a common term has a posting in most rows.
 */
export interface Doclist {
  length: number;
  rowids: Float64Array;
  counts: Uint32Array;
}

export interface IndexTotals {
  /** Rows in the index. */
  rows: number;
  /** Tokens in each column over all rows. */
  columnTokens: number[];
}

interface Segment {
  id: number;
  firstPage: number;
  lastPage: number;
}

const STRUCTURE_ROWID = 10;
const AVERAGES_ROWID = 1;
const PAGE_BITS = 31;
const HEIGHT_BITS = 5;
const DLIDX_BITS = 1;
/** The main index's terms are stored with this byte in front. */
const MAIN_PREFIX = 0x30;

export interface Fts5Index {
  /**
   * Reads the index's structure (its segments) and returns a key that changes whenever
   * the index does. Call it first in each read transaction: the other methods use the
   * structure it read, rather than reading it again for every term.
   */
  version(): string;
  totals(): IndexTotals;
  /** Total tokens of every row (all columns), indexed by rowid. */
  docLengths(): Uint32Array;
  /**
   * The term's doclist over all segments, the newest entry for a row winning, deletions
   * applied. With `keep`, only rows whose byte in it is 1 (the rest are skipped undecoded).
   */
  postings(term: string, keep?: Uint8Array): Doclist;
}

export function openFts5Index(db: Db, table: string, columnCount: number): Fts5Index {
  const dataBlock = db
    .prepare<[number], Buffer>(`SELECT block FROM "${table}_data" WHERE id = ?`)
    .pluck();
  const pages = db
    .prepare<[number, number], [number, Buffer]>(
      `SELECT id, block FROM "${table}_data" WHERE id >= ? AND id <= ?`,
    )
    .raw();
  const seek = db
    .prepare<[number, Buffer], number>(
      `SELECT pgno FROM "${table}_idx" WHERE segid = ? AND term <= ? ORDER BY term DESC LIMIT 1`,
    )
    .pluck();
  const docsize = db
    .prepare<[number], [number, Buffer]>(`SELECT id, sz FROM "${table}_docsize" WHERE id > ?`)
    .raw();

  let lengthsKey = '';
  let lengths = new Uint32Array(0);

  let snapshot: { key: string; segments: Segment[] } | undefined;
  function readStructure(): { key: string; segments: Segment[] } {
    const block = dataBlock.get(STRUCTURE_ROWID);
    snapshot = block
      ? { key: block.toString('base64'), segments: parseStructure(block) }
      : { key: 'empty', segments: [] };
    return snapshot;
  }
  const structure = () => snapshot ?? readStructure();

  return {
    version: () => readStructure().key,

    totals() {
      const block = dataBlock.get(AVERAGES_ROWID);
      if (!block) return { rows: 0, columnTokens: new Array<number>(columnCount).fill(0) };
      const values = readVarints(block, 0, block.length);
      if (values.length !== columnCount + 1)
        throw new Fts5FormatError('unexpected averages record');
      return { rows: values[0]!, columnTokens: values.slice(1) };
    },

    docLengths() {
      const key = structure().key;
      if (key === lengthsKey) return lengths;
      let maxRowid = 0;
      const rows: [number, number][] = [];
      for (const [id, sz] of docsize.iterate(0)) {
        let total = 0;
        for (const n of readVarints(sz, 0, sz.length)) total += n;
        rows.push([id, total]);
        if (id > maxRowid) maxRowid = id;
      }
      lengths = new Uint32Array(maxRowid + 1);
      for (const [id, total] of rows) lengths[id] = total;
      lengthsKey = key;
      return lengths;
    },

    postings(term, keep) {
      const key = Buffer.concat([Buffer.from([MAIN_PREFIX]), Buffer.from(term, 'utf8')]);
      // Newest segment first.
      const parts = structure()
        .segments.map((segment) => segmentDoclist(segment, key, keep))
        .filter((part) => part.length > 0);
      return mergeNewestFirst(parts, columnCount);
    },
  };

  /** Every entry of the term's doclist in one segment (empty if the term is not there). */
  function segmentDoclist(
    segment: Segment,
    key: Buffer,
    keep: Uint8Array | undefined,
  ): SegmentDoclist {
    const found = seek.get(segment.id, key);
    const page = found === undefined ? segment.firstPage : Math.max(segment.firstPage, found >> 1);
    if (page > segment.lastPage) return EMPTY;
    let expected = rowidOfPage(segment.id, page);
    const reader = new DoclistReader(columnCount, keep);
    const rowidOf = (pgno: number) => rowidOfPage(segment.id, pgno);
    let started = false;
    for (const [id, block] of pages.iterate(rowidOf(page), rowidOf(segment.lastPage))) {
      if (id !== expected++) throw new Fts5FormatError('a leaf page is missing');
      const leaf = parseLeaf(block);
      if (!started) {
        const at = findTerm(block, leaf, key);
        if (at === undefined) return EMPTY;
        const end = leaf.termOffsets[at.index + 1] ?? leaf.footer;
        reader.feed(block, at.doclistStart, end, false);
        started = true;
        if (at.index + 1 < leaf.termOffsets.length) break;
        continue;
      }
      // A continuation page: the rest of a poslist, then (maybe) a literal rowid, until
      // the page's first term, which ends the doclist.
      const end = leaf.termOffsets[0] ?? leaf.footer;
      if (leaf.firstRowid === 0) {
        reader.feed(block, 4, end, false);
      } else {
        reader.feed(block, 4, leaf.firstRowid, false);
        reader.feed(block, leaf.firstRowid, end, true);
      }
      if (leaf.termOffsets.length > 0) break;
    }
    return reader.finish();
  }
}

/** The rowid in %_data of a segment's leaf page. */
function rowidOfPage(segid: number, page: number): number {
  return segid * 2 ** (PAGE_BITS + HEIGHT_BITS + DLIDX_BITS) + page;
}

function parseStructure(block: Buffer): Segment[] {
  // 4-byte configuration cookie, then the legacy format; the V2 marker (0xff 00 00 01) is
  // only written for contentless_delete tables, which the library does not use.
  if (block.length >= 8 && block[4] === 0xff) throw new Fts5FormatError('structure record V2');
  const cursor = { at: 4 };
  const levels = varint(block, cursor);
  varint(block, cursor); // total segments
  varint(block, cursor); // write counter
  const byLevel: Segment[][] = [];
  for (let level = 0; level < levels; level++) {
    varint(block, cursor); // segments in an ongoing merge
    const count = varint(block, cursor);
    const segments: Segment[] = [];
    for (let i = 0; i < count; i++) {
      segments.push({
        id: varint(block, cursor),
        firstPage: varint(block, cursor),
        lastPage: varint(block, cursor),
      });
    }
    byLevel.push(segments);
  }
  if (cursor.at !== block.length) throw new Fts5FormatError('unexpected structure record');
  // Level 0 is the newest; within a level the last segment is the newest.
  return byLevel.flatMap((segments) => [...segments].reverse());
}

interface Leaf {
  /** Offset of the first rowid when it comes before the first term, else 0. */
  firstRowid: number;
  /** Where the page footer (the term offsets) starts. */
  footer: number;
  termOffsets: number[];
}

function parseLeaf(block: Buffer): Leaf {
  if (block.length < 4) throw new Fts5FormatError('short leaf page');
  const firstRowid = block.readUInt16BE(0);
  const footer = block.readUInt16BE(2);
  if (footer > block.length) throw new Fts5FormatError('leaf footer out of range');
  const termOffsets: number[] = [];
  let offset = 0;
  for (const delta of readVarints(block, footer, block.length)) termOffsets.push((offset += delta));
  return { firstRowid, footer, termOffsets };
}

/** The term on this page equal to `key`: its index and where its doclist starts. */
function findTerm(
  block: Buffer,
  leaf: Leaf,
  key: Buffer,
): { index: number; doclistStart: number } | undefined {
  let term = Buffer.alloc(0);
  for (let index = 0; index < leaf.termOffsets.length; index++) {
    const cursor = { at: leaf.termOffsets[index]! };
    const shared = index === 0 ? 0 : varint(block, cursor);
    const fresh = varint(block, cursor);
    term = Buffer.concat([term.subarray(0, shared), block.subarray(cursor.at, cursor.at + fresh)]);
    cursor.at += fresh;
    const order = Buffer.compare(term, key);
    if (order === 0) return { index, doclistStart: cursor.at };
    if (order > 0) return undefined;
  }
  return undefined;
}

/** One segment's entries for a term, deletions still in (flag 1 in `deleted`). */
interface SegmentDoclist extends Doclist {
  deleted: Uint8Array;
}

const EMPTY: SegmentDoclist = {
  length: 0,
  rowids: new Float64Array(0),
  counts: new Uint32Array(0),
  deleted: new Uint8Array(0),
};

/**
 * Decodes a doclist fed to it in pieces (it may span pages): rowid deltas, each followed
 * by a poslist whose column markers (0x01, column) split the positions by column.
 */
class DoclistReader {
  private length = 0;
  private rowids = new Float64Array(64);
  private counts: Uint32Array;
  private deleted = new Uint8Array(64);
  private rowid = 0;
  private started = false;
  /** Bytes of the current poslist still to come, and where in it we are. */
  private remaining = 0;
  private column = 0;
  private expectColumn = false;
  /** A varint cut by a page boundary: its value so far. */
  private partial = -1;
  /** The current entry is not wanted: its poslist is stepped over. */
  private skipping = false;

  constructor(
    private readonly columnCount: number,
    private readonly keep: Uint8Array | undefined,
  ) {
    this.counts = new Uint32Array(64 * columnCount);
  }

  feed(block: Buffer, start: number, end: number, literalRowid: boolean): void {
    let at = start;
    let absolute = literalRowid;
    const cols = this.columnCount;
    while (at < end) {
      if (this.remaining > 0) {
        // Inside a poslist: count positions per column.
        const stop = Math.min(end, at + this.remaining);
        this.remaining -= stop - at;
        if (this.skipping) {
          at = stop;
          continue;
        }
        const base = (this.length - 1) * cols;
        let value = this.partial;
        for (; at < stop; at++) {
          const byte = block[at]!;
          if (value >= 0) value = value * 128 + (byte & 0x7f);
          else value = byte & 0x7f;
          if (byte & 0x80) continue;
          if (this.expectColumn) {
            if (value >= cols) throw new Fts5FormatError('column out of range');
            this.column = value;
            this.expectColumn = false;
          } else if (value === 1) {
            this.expectColumn = true;
          } else {
            this.counts[base + this.column]!++;
          }
          value = -1;
        }
        this.partial = value;
        continue;
      }
      // A rowid (delta, or literal on a continuation page), then the poslist header; both
      // are one byte most of the time.
      let value = block[at]!;
      let header: number;
      if (value < 0x80 && block[at + 1]! < 0x80) {
        header = block[at + 1]!;
        at += 2;
      } else {
        const cursor = { at };
        value = varint(block, cursor);
        header = varint(block, cursor);
        at = cursor.at;
      }
      this.rowid = absolute || !this.started ? value : this.rowid + value;
      this.started = true;
      absolute = false;
      if (at > end) throw new Fts5FormatError('doclist runs past its page');
      this.skipping = this.keep !== undefined && this.keep[this.rowid] !== 1;
      // An entry with no positions is a tombstone. The delete flag alone is not: FTS5 sets
      // it on an entry that replaces a row deleted and re-inserted in the same flush.
      if (!this.skipping) this.push(this.rowid, header >> 1 === 0 ? 1 : 0);
      this.remaining = header >> 1;
      this.column = 0;
      this.expectColumn = false;
      this.partial = -1;
    }
  }

  private push(rowid: number, deleted: number): void {
    if (this.length === this.rowids.length) {
      const grow = <T extends Float64Array | Uint32Array | Uint8Array>(a: T, n: number): T => {
        const b = new (a.constructor as new (n: number) => T)(n);
        b.set(a);
        return b;
      };
      this.rowids = grow(this.rowids, this.length * 2);
      this.deleted = grow(this.deleted, this.length * 2);
      this.counts = grow(this.counts, this.length * 2 * this.columnCount);
    }
    this.rowids[this.length] = rowid;
    this.deleted[this.length] = deleted;
    this.length++;
  }

  finish(): SegmentDoclist {
    if (this.remaining !== 0 || this.partial >= 0) throw new Fts5FormatError('doclist cut short');
    return { length: this.length, rowids: this.rowids, counts: this.counts, deleted: this.deleted };
  }
}

/**
 * One doclist from the segments' (newest first): where segments hold the same row, the
 * newest entry is the current one, and a deletion entry removes the row.
 */
function mergeNewestFirst(parts: SegmentDoclist[], cols: number): Doclist {
  if (parts.length === 1 && !parts[0]!.deleted.subarray(0, parts[0]!.length).includes(1))
    return parts[0]!;
  // Segments written by successive ingests hold disjoint rowid ranges: then the merge is a
  // concatenation in rowid order. Overlaps (a row re-indexed later) go through a map.
  const ranges = parts.map((part, age) => ({
    part,
    age,
    first: part.rowids[0]!,
    last: part.rowids[part.length - 1]!,
  }));
  ranges.sort((a, b) => a.first - b.first);
  const disjoint = ranges.every((r, i) => i === 0 || r.first > ranges[i - 1]!.last);
  const total = parts.reduce((n, part) => n + part.length, 0);
  const out: Doclist = {
    length: 0,
    rowids: new Float64Array(total),
    counts: new Uint32Array(total * cols),
  };
  const append = (part: SegmentDoclist, i: number) => {
    if (part.deleted[i]) return;
    out.rowids[out.length] = part.rowids[i]!;
    out.counts.set(part.counts.subarray(i * cols, i * cols + cols), out.length * cols);
    out.length++;
  };
  if (disjoint) {
    for (const { part } of ranges) {
      if (part.deleted.subarray(0, part.length).includes(1)) {
        for (let i = 0; i < part.length; i++) append(part, i);
        continue;
      }
      out.rowids.set(part.rowids.subarray(0, part.length), out.length);
      out.counts.set(part.counts.subarray(0, part.length * cols), out.length * cols);
      out.length += part.length;
    }
    return out;
  }
  const newest = new Map<number, { part: SegmentDoclist; i: number }>();
  for (const part of parts) {
    for (let i = 0; i < part.length; i++)
      if (!newest.has(part.rowids[i]!)) newest.set(part.rowids[i]!, { part, i });
  }
  const rows = [...newest.keys()].sort((a, b) => a - b);
  for (const rowid of rows) {
    const { part, i } = newest.get(rowid)!;
    append(part, i);
  }
  return out;
}

/** SQLite's varint: big-endian groups of 7 bits; the 9th byte carries 8. */
function varint(block: Buffer, cursor: { at: number }): number {
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

function readVarints(block: Buffer, start: number, end: number): number[] {
  const cursor = { at: start };
  const values: number[] = [];
  while (cursor.at < end) values.push(varint(block, cursor));
  return values;
}
