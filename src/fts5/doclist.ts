import { Fts5FormatError, varint } from './format.js';

/**
 * A term's doclists as FTS5 writes them (ext/fts5/fts5_index.c): per segment, entries of
 * a rowid (a delta, or literal at a doclist's or a page's start), a poslist header
 * (size × 2 + delete flag) and the poslist (varint positions; 0x01 then a column number
 * marks a column change). Gathered into one byte stream, stepped over for statistics,
 * decoded into postings, merged across segments newest first. See ./README.md.
 */

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

/** One segment's doclist for a term: its bytes in the stream. */
export interface Part {
  start: number;
  end: number;
}

/** A term's doclist bytes gathered from its pages, and where literal rowids start. */
export class ByteStream {
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
export class PostingsBuffer implements Postings {
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
export function disjoint(ranges: readonly { first: number; last: number }[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  return sorted.every((r, i) => i === 0 || r.first > sorted[i - 1]!.last);
}

/**
 * Steps through the entries of one segment's doclist without reading positions: a
 * rowid (a delta, or literal where the stream says so), the poslist header
 * (size × 2 + delete flag), the poslist. Its entry-header step is written out again in
 * decodeEntries on purpose: both are the search's innermost loops, run per posting.
 */
export function countEntries(
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

/**
 * Decodes a term's parts (one per segment, newest first) into postings, applying
 * newest-wins and deletions. Holds the output buffer and the row marks, reused call after
 * call.
 */
export class DoclistMerger {
  private readonly out = new PostingsBuffer();
  /** Rows already taken from a newer segment, while merging overlapping segments. */
  private taken = new Uint8Array(0);

  merge(
    parts: readonly Part[],
    source: ByteStream,
    cols: number,
    weights: readonly number[],
    keep?: Uint8Array,
  ): Postings {
    const out = this.out;
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
    if (this.taken.length <= maxRowid) this.taken = new Uint8Array(maxRowid + 1);
    const taken = this.taken;
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
