import {
  AVERAGES_ROWID,
  decodeStructure,
  Fts5FormatError,
  readVarints,
  rowidOfPage,
  STRUCTURE_ROWID,
  varint,
  type Segment,
} from '../db/fts5-format.js';
import type { Db } from '../db/open-database.js';

/**
 * Reads the postings of an FTS5 table straight from its shadow tables (`%_data`,
 * `%_idx`, `%_docsize`), in the on-disk format documented at the top of SQLite's
 * ext/fts5/fts5_index.c. FTS5 stays the index of record: this only reads it, inside the
 * caller's read transaction, so that ranking can skip what bm25() would compute for
 * every matching row. Anything it does not recognise throws Fts5FormatError and the
 * caller falls back to FTS5's own exhaustive query.
 */

export { Fts5FormatError };

/**
 * A term's postings: the rows holding it (in no particular order) and, for each, the
 * term's frequency as bm25() weighs it: the sum over columns of weight × occurrences.
 * The arrays are the reader's scratch space, valid until its next call.
 */
export interface Postings {
  length: number;
  rowids: Int32Array;
  freqs: Float64Array;
}

/** What a term costs to rank by: rows holding it, and the size of its doclists in bytes. */
export interface TermStats {
  docs: number;
  bytes: number;
}

export interface IndexTotals {
  /** Rows in the index. */
  rows: number;
  /** Tokens in each column over all rows. */
  columnTokens: number[];
}

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
  /** Rows holding the term (deletions applied) and the bytes of its doclists. */
  stats(term: string): TermStats;
  /**
   * The term's postings over all segments, the newest entry for a row winning, deletions
   * applied, frequencies weighted by `weights` (one per column). With `keep`, only rows
   * whose byte in it is 1: the others' positions are stepped over undecoded.
   */
  postings(term: string, weights: readonly number[], keep?: Uint8Array): Postings;
  /**
   * Drops the doclists stats() kept for a postings() call on the same term (a query asks
   * for every term's statistics, then reads some of the terms): call when a query ends.
   */
  release(): void;
}

/**
 * Doclists kept from stats() for postings(), at most this many bytes (they are copies of
 * the pages read, held only until the query ends).
 */
const KEPT_DOCLIST_BYTES = 24 << 20;

export function openFts5Index(db: Db, table: string, columnCount: number): Fts5Index {
  const dataBlock = db
    .prepare<[number], Buffer>(`SELECT block FROM "${table}_data" WHERE id = ?`)
    .pluck();
  // A run of leaf pages in one row (the driver costs microseconds a row): their sizes,
  // and their bytes concatenated in page order.
  const pageRun = db.prepare<[number, number], { sizes: string | null; blocks: Buffer | null }>(
    `SELECT group_concat(length(block), ',') AS sizes,
            CAST(group_concat(CAST(block AS TEXT), '') AS BLOB) AS blocks
       FROM (SELECT block FROM "${table}_data" WHERE id >= ? AND id <= ? ORDER BY id)`,
  );
  const seek = db
    .prepare<[number, Buffer], number>(
      `SELECT pgno FROM "${table}_idx" WHERE segid = ? AND term <= ? ORDER BY term DESC LIMIT 1`,
    )
    .pluck();
  const nextTermPage = db
    .prepare<[number, Buffer], number>(
      `SELECT pgno FROM "${table}_idx" WHERE segid = ? AND term > ? ORDER BY term LIMIT 1`,
    )
    .pluck();
  // Row lengths are read in one statement (a row at a time costs microseconds each in
  // the driver: seconds at a million rows): every row's %_docsize record, concatenated
  // in rowid order, and the rowids themselves only where some are missing.
  const docsizeAll = db.prepare<
    [],
    { rows: number; first: number | null; last: number | null; records: Buffer | null }
  >(
    `SELECT count(*) AS rows, min(id) AS first, max(id) AS last,
            CAST(group_concat(CAST(sz AS TEXT), '') AS BLOB) AS records
       FROM (SELECT id, sz FROM "${table}_docsize" ORDER BY id)`,
  );
  const docsizeIds = db
    .prepare<[], string | null>(
      `SELECT group_concat(id, ',') FROM (SELECT id FROM "${table}_docsize" ORDER BY id)`,
    )
    .pluck();

  let lengthsKey = '';
  let lengths = new Uint32Array(0);
  const stream = new ByteStream();
  const out = new PostingsBuffer();
  /** Doclists gathered by stats(), for postings() in the same query: read once, not twice. */
  const kept = new Map<string, { key: string; parts: Part[]; stream: ByteStream }>();
  let keptBytes = 0;
  /** Rows already taken from a newer segment, while merging overlapping segments. */
  let taken = new Uint8Array(0);

  let snapshot: { key: string; segments: Segment[] } | undefined;
  function readStructure(): { key: string; segments: Segment[] } {
    const block = dataBlock.get(STRUCTURE_ROWID);
    snapshot = block
      ? { key: block.toString('base64'), segments: parseStructure(block) }
      : { key: 'empty', segments: [] };
    return snapshot;
  }
  const structure = () => snapshot ?? readStructure();

  /** The term's doclist in every segment holding it, newest segment first, in `stream`. */
  function gather(term: string): Part[] {
    const key = Buffer.concat([Buffer.from([MAIN_PREFIX]), Buffer.from(term, 'utf8')]);
    stream.reset();
    const parts: Part[] = [];
    for (const segment of structure().segments) {
      const start = stream.length;
      if (gatherSegment(segment, key) && stream.length > start)
        parts.push({ start, end: stream.length });
    }
    return parts;
  }

  /** Appends one segment's doclist for `key` to `stream`; false if the term is not there. */
  function gatherSegment(segment: Segment, key: Buffer): boolean {
    const found = seek.get(segment.id, key);
    const page = found === undefined ? segment.firstPage : Math.max(segment.firstPage, found >> 1);
    if (page > segment.lastPage) return false;
    const rowidOf = (pgno: number) => rowidOfPage(segment.id, pgno);
    const block = dataBlock.get(rowidOf(page));
    if (!block) throw new Fts5FormatError('a leaf page is missing');
    const leaf = parseLeaf(block);
    const at = findTerm(block, leaf, key);
    if (at === undefined) return false;
    // The doclist's first rowid is literal too.
    stream.literal();
    stream.append(block, at.doclistStart, leaf.termOffsets[at.index + 1] ?? leaf.footer);
    if (at.index + 1 < leaf.termOffsets.length || page === segment.lastPage) return true;
    // The doclist goes on until the next term, on the next page that starts one (the next
    // entry of %_idx), or to the segment's end: read those pages in one statement.
    const next = nextTermPage.get(segment.id, key);
    const last = next === undefined ? segment.lastPage : Math.min(segment.lastPage, next >> 1);
    const run = pageRun.get(rowidOf(page + 1), rowidOf(last))!;
    const sizes = run.sizes === null ? [] : run.sizes.split(',').map(Number);
    if (sizes.length !== last - page) throw new Fts5FormatError('a leaf page is missing');
    const blocks = run.blocks ?? Buffer.alloc(0);
    let offset = 0;
    for (const size of sizes) {
      const block = blocks.subarray(offset, (offset += size));
      // A continuation page: the rest of a poslist, then (maybe) a literal rowid, until
      // the page's first term, which ends the doclist.
      const { firstRowid, footer, firstTerm } = leafHeader(block);
      const end = firstTerm ?? footer;
      if (firstRowid === 0) {
        stream.append(block, 4, end);
      } else {
        if (firstRowid < 4 || firstRowid > end) throw new Fts5FormatError('rowid out of range');
        stream.append(block, 4, firstRowid);
        stream.literal();
        stream.append(block, firstRowid, end);
      }
      if (firstTerm !== undefined) return true;
    }
    if (offset !== blocks.length) throw new Fts5FormatError('leaf pages out of step');
    if (last !== segment.lastPage) throw new Fts5FormatError('a doclist runs past the next term');
    return true;
  }

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
      const { rows, first, last, records } = docsizeAll.get()!;
      if (rows === 0 || first === null || last === null) {
        lengths = new Uint32Array(0);
      } else {
        const ids =
          last - first + 1 === rows ? undefined : (docsizeIds.get() ?? '').split(',').map(Number);
        if (ids && ids.length !== rows) throw new Fts5FormatError('unexpected %_docsize rowids');
        lengths = new Uint32Array(last + 1);
        const cursor = { at: 0 };
        for (let row = 0; row < rows; row++) {
          let total = 0;
          for (let c = 0; c < columnCount; c++) total += varint(records!, cursor);
          lengths[ids ? ids[row]! : first + row] = total;
        }
        if (cursor.at !== records!.length) throw new Fts5FormatError('unexpected %_docsize record');
      }
      lengthsKey = key;
      return lengths;
    },

    stats(term) {
      const parts = gather(term);
      const ranges = parts.map((part) => countEntries(stream, part.start, part.end));
      const bytes = parts.reduce((n, part) => n + part.end - part.start, 0);
      if (stream.length <= KEPT_DOCLIST_BYTES) {
        const previous = kept.get(term);
        if (previous) keptBytes -= previous.stream.length;
        kept.set(term, { key: structure().key, parts, stream: stream.copy() });
        keptBytes += stream.length;
        // The oldest go first: a query reads its terms after asking for all their stats.
        for (const [oldest, entry] of kept) {
          if (keptBytes <= KEPT_DOCLIST_BYTES) break;
          kept.delete(oldest);
          keptBytes -= entry.stream.length;
        }
      }
      if (disjoint(ranges)) {
        return { docs: ranges.reduce((n, r) => n + r.entries - r.tombstones, 0), bytes };
      }
      // A row re-indexed in a newer segment: count after the merge.
      return {
        docs: merge(parts, columnCount, new Array<number>(columnCount).fill(1)).length,
        bytes,
      };
    },

    postings(term, weights, keep) {
      if (weights.length !== columnCount) throw new Error(`expected ${columnCount} weights`);
      const saved = kept.get(term);
      if (saved) {
        kept.delete(term);
        keptBytes -= saved.stream.length;
        // Kept from before the index last changed: read again.
        if (saved.key === structure().key)
          return merge(saved.parts, columnCount, weights, keep, saved.stream);
      }
      return merge(gather(term), columnCount, weights, keep);
    },

    release() {
      kept.clear();
      keptBytes = 0;
    },
  };

  /** Decodes every part into `out` and applies newest-wins and deletions. */
  function merge(
    parts: Part[],
    cols: number,
    weights: readonly number[],
    keep?: Uint8Array,
    source: ByteStream = stream,
  ): Postings {
    out.length = 0;
    const ranges = parts.map((part) => {
      const from = out.length;
      decodeEntries(source, part.start, part.end, cols, weights, keep, out);
      return {
        from,
        to: out.length,
        first: out.rowids[from] ?? 0,
        last: out.rowids[out.length - 1] ?? 0,
        entries: out.length - from,
        tombstones: 0,
      };
    });
    const live = ranges.filter((r) => r.entries > 0);
    if (disjoint(live)) {
      // Segments written by successive ingests hold disjoint rowid ranges; a deletion
      // entry there removes nothing else, so the result is every entry but deletions.
      if (out.hasDeletions) out.compact(() => true);
      return out;
    }
    // Overlapping segments (a row re-indexed later): parts come newest first, so the
    // first entry seen for a row is its current one.
    let maxRowid = 0;
    for (let i = 0; i < out.length; i++) maxRowid = Math.max(maxRowid, out.rowids[i]!);
    if (taken.length <= maxRowid) taken = new Uint8Array(maxRowid + 1);
    out.compact((rowid) => {
      if (taken[rowid] === 1) return false;
      taken[rowid] = 1;
      return true;
    });
    // Clear the marks: every row marked is still in `out`, or was a deletion, which
    // compact() reports back.
    for (let i = 0; i < out.length; i++) taken[out.rowids[i]!] = 0;
    for (const rowid of out.deletedRows) taken[rowid] = 0;
    return out;
  }
}

/** One segment's doclist for a term: its bytes in the stream. */
interface Part {
  start: number;
  end: number;
}

/** A term's doclist bytes gathered from its pages, and where literal rowids start. */
class ByteStream {
  length = 0;
  /** Offsets where the rowid is literal (a doclist's or a page's first), ascending. */
  literals: number[] = [];

  constructor(public bytes = new Uint8Array(1 << 16)) {}

  reset(): void {
    this.length = 0;
    this.literals = [];
  }

  literal(): void {
    this.literals.push(this.length);
  }

  /** A copy holding just the bytes gathered, for reading later. */
  copy(): ByteStream {
    const copy = new ByteStream(this.bytes.slice(0, this.length));
    copy.length = this.length;
    copy.literals = this.literals.slice();
    return copy;
  }

  append(block: Uint8Array, start: number, end: number): void {
    if (start > end || end > block.length) throw new Fts5FormatError('doclist out of page');
    const n = end - start;
    if (this.length + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(block.subarray(start, end), this.length);
    this.length += n;
  }
}

/** Decoded postings, with deletion entries flagged until compact() drops them. */
class PostingsBuffer implements Postings {
  length = 0;
  rowids = new Int32Array(1024);
  freqs = new Float64Array(1024);
  deleted = new Uint8Array(1024);
  hasDeletions = false;
  /** Rows of the deletion entries dropped by the last compact(). */
  deletedRows: number[] = [];

  push(rowid: number, freq: number, deleted: boolean): void {
    if (this.length === this.rowids.length) {
      const n = this.length * 2;
      const rowids = new Int32Array(n);
      rowids.set(this.rowids);
      const freqs = new Float64Array(n);
      freqs.set(this.freqs);
      const flags = new Uint8Array(n);
      flags.set(this.deleted);
      this.rowids = rowids;
      this.freqs = freqs;
      this.deleted = flags;
    }
    this.rowids[this.length] = rowid;
    this.freqs[this.length] = freq;
    this.deleted[this.length] = deleted ? 1 : 0;
    if (deleted) this.hasDeletions = true;
    this.length++;
  }

  /** Keeps the entries `first(rowid)` accepts, deletions dropped after being offered. */
  compact(first: (rowid: number) => boolean): void {
    this.deletedRows = [];
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const rowid = this.rowids[i]!;
      if (!first(rowid)) continue;
      if (this.deleted[i]) {
        this.deletedRows.push(rowid);
        continue;
      }
      this.rowids[kept] = rowid;
      this.freqs[kept] = this.freqs[i]!;
      this.deleted[kept] = 0;
      kept++;
    }
    this.length = kept;
    this.hasDeletions = false;
  }
}

/** True when no two ranges of rowids overlap. */
function disjoint(ranges: readonly { first: number; last: number }[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  return sorted.every((r, i) => i === 0 || r.first > sorted[i - 1]!.last);
}

/**
 * Steps through the entries of one segment's doclist without reading positions: a
 * rowid (a delta, or literal where the stream says so), the poslist header
 * (size × 2 + delete flag), the poslist.
 */
function countEntries(
  stream: ByteStream,
  start: number,
  end: number,
): { entries: number; tombstones: number; first: number; last: number } {
  const bytes = stream.bytes;
  const literals = stream.literals;
  let next = firstLiteralFrom(literals, start);
  let li = literals.indexOf(next);
  let at = start;
  let rowid = 0;
  let first = -1;
  let entries = 0;
  let tombstones = 0;
  const cursor = { at: 0 };
  while (at < end) {
    const literal = at === next;
    if (literal) next = literals[++li] ?? Infinity;
    let delta = bytes[at]!;
    let header = bytes[at + 1]!;
    if (delta < 0x80 && header < 0x80) {
      at += 2;
    } else {
      cursor.at = at;
      delta = varint(bytes, cursor);
      header = varint(bytes, cursor);
      at = cursor.at;
    }
    rowid = literal ? delta : rowid + delta;
    if (first < 0) first = rowid;
    entries++;
    // An entry with no positions is a tombstone (see decodeEntries).
    if (header >> 1 === 0) tombstones++;
    at += header >> 1;
  }
  if (at !== end) throw new Fts5FormatError('doclist runs past its end');
  return { entries, tombstones, first, last: rowid };
}

/**
 * Decodes the entries of one segment's doclist into `out`: each row's frequency is
 * the sum over its poslist of the weight of the column each position is in. Positions
 * are varints; a 0x01 where a position would start is a column marker, followed by the
 * column number.
 */
function decodeEntries(
  stream: ByteStream,
  start: number,
  end: number,
  cols: number,
  weights: readonly number[],
  keep: Uint8Array | undefined,
  out: PostingsBuffer,
): void {
  const bytes = stream.bytes;
  const literals = stream.literals;
  let next = firstLiteralFrom(literals, start);
  let li = literals.indexOf(next);
  let at = start;
  let rowid = 0;
  const cursor = { at: 0 };
  const weight0 = weights[0]!;
  const lastColumn = cols - 1;
  const weightLast = weights[lastColumn]!;
  while (at < end) {
    const literal = at === next;
    if (literal) next = literals[++li] ?? Infinity;
    let delta = bytes[at]!;
    let header = bytes[at + 1]!;
    if (delta < 0x80 && header < 0x80) {
      at += 2;
    } else {
      cursor.at = at;
      delta = varint(bytes, cursor);
      header = varint(bytes, cursor);
      at = cursor.at;
    }
    rowid = literal ? delta : rowid + delta;
    if (rowid > 0x7fffffff) throw new Fts5FormatError('rowid beyond 2^31');
    const size = header >> 1;
    const stop = at + size;
    if (stop > end) throw new Fts5FormatError('poslist runs past its doclist');
    if (keep !== undefined && keep[rowid] !== 1) {
      at = stop;
      continue;
    }
    // An entry with no positions is a tombstone. The delete flag alone is not: FTS5 sets
    // it on an entry that replaces a row deleted and re-inserted in the same flush.
    if (size === 0) {
      out.push(rowid, 0, true);
      continue;
    }
    if (size >= 2 && bytes[at] === 0x01 && bytes[at + 1] === lastColumn) {
      // Positions in the last column only (most rows: the abstract): no marker can
      // follow, so the count is the number of varints, i.e. of bytes below 0x80.
      let n = 0;
      for (let p = at + 2; p < stop; p++) n += (bytes[p]! >> 7) ^ 1;
      at = stop;
      out.push(rowid, weightLast * n, false);
      continue;
    }
    let freq = 0;
    let weight = weight0;
    let n = 0;
    while (at < stop) {
      let byte = bytes[at++]!;
      if (byte === 0x01) {
        const column = bytes[at++]!;
        if (column >= cols) throw new Fts5FormatError('column out of range');
        freq += weight * n;
        n = 0;
        weight = weights[column]!;
        continue;
      }
      while (byte & 0x80) byte = bytes[at++]!;
      n++;
    }
    if (at !== stop) throw new Fts5FormatError('poslist cut short');
    out.push(rowid, freq + weight * n, false);
  }
  if (at !== end) throw new Fts5FormatError('doclist runs past its end');
}

function firstLiteralFrom(literals: readonly number[], start: number): number {
  for (const offset of literals) if (offset >= start) return offset;
  return Infinity;
}

function parseStructure(block: Buffer): Segment[] {
  // Level 0 is the newest; within a level the last segment is the newest.
  return decodeStructure(block).levels.flatMap((level) => [...level.segments].reverse());
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

/** A continuation page's header and the offset of its first term, if it has one. */
function leafHeader(block: Buffer): { firstRowid: number; footer: number; firstTerm?: number } {
  if (block.length < 4) throw new Fts5FormatError('short leaf page');
  const firstRowid = block.readUInt16BE(0);
  const footer = block.readUInt16BE(2);
  if (footer > block.length) throw new Fts5FormatError('leaf footer out of range');
  if (footer === block.length) return { firstRowid, footer };
  const firstTerm = varint(block, { at: footer });
  if (firstTerm > footer) throw new Fts5FormatError('term offset out of range');
  return { firstRowid, footer, firstTerm };
}
