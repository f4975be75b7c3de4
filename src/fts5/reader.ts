import type { Db } from '../db/open-database.js';
import { DocLengths } from './doc-lengths.js';
import {
  ByteStream,
  countEntries,
  disjoint,
  DoclistMerger,
  type Part,
  type Postings,
} from './doclist.js';
import { Fts5FormatError, type Segment } from './format.js';
import { SegmentPages } from './pages.js';

/**
 * Reads the postings of an FTS5 table straight from its shadow tables (`%_data`,
 * `%_idx`, `%_docsize`), in the on-disk format documented at the top of SQLite's
 * ext/fts5/fts5_index.c. FTS5 stays the index of record: this only reads it, inside the
 * caller's read transaction, so that ranking can skip what bm25() would compute for
 * every matching row. Anything it does not recognise throws Fts5FormatError and the
 * caller falls back to FTS5's own exhaustive query. See ./README.md.
 */

export { Fts5FormatError };
export type { Postings };

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
  return new Fts5Reader(db, table, columnCount);
}

interface Snapshot {
  key: string;
  segments: Segment[];
}

class Fts5Reader implements Fts5Index {
  private readonly pages: SegmentPages;
  private readonly docSizes: DocLengths;
  private readonly stream = new ByteStream();
  private readonly merger = new DoclistMerger();
  /** Doclists gathered by stats(), for postings() in the same query: read once, not twice. */
  private readonly kept = new Map<string, { key: string; parts: Part[]; stream: ByteStream }>();
  private keptBytes = 0;
  private lengthsKey = '';
  private lengths: Uint32Array = new Uint32Array(0);
  private snapshot: Snapshot | undefined;

  constructor(
    db: Db,
    table: string,
    private readonly columnCount: number,
  ) {
    this.pages = new SegmentPages(db, table);
    this.docSizes = new DocLengths(db, table, columnCount);
  }

  version(): string {
    return this.readStructure().key;
  }

  totals(): IndexTotals {
    const values = this.pages.averages();
    if (!values) return { rows: 0, columnTokens: new Array<number>(this.columnCount).fill(0) };
    if (values.length !== this.columnCount + 1)
      throw new Fts5FormatError('unexpected averages record');
    return { rows: values[0]!, columnTokens: values.slice(1) };
  }

  docLengths(): Uint32Array {
    const key = this.structure().key;
    if (key === this.lengthsKey) return this.lengths;
    this.lengths = this.docSizes.load();
    this.lengthsKey = key;
    return this.lengths;
  }

  stats(term: string): TermStats {
    const parts = this.gather(term);
    const stream = this.stream;
    const ranges = parts.map((part) => countEntries(stream, part.start, part.end));
    const bytes = parts.reduce((n, part) => n + part.end - part.start, 0);
    if (stream.length <= KEPT_DOCLIST_BYTES) this.keep(term, parts);
    if (disjoint(ranges)) {
      return { docs: ranges.reduce((n, r) => n + r.entries - r.tombstones, 0), bytes };
    }
    // A row re-indexed in a newer segment: count after the merge.
    const ones = new Array<number>(this.columnCount).fill(1);
    return { docs: this.merger.merge(parts, stream, this.columnCount, ones).length, bytes };
  }

  postings(term: string, weights: readonly number[], keep?: Uint8Array): Postings {
    if (weights.length !== this.columnCount)
      throw new Error(`expected ${this.columnCount} weights`);
    const saved = this.kept.get(term);
    if (saved) {
      this.kept.delete(term);
      this.keptBytes -= saved.stream.length;
      // Kept from before the index last changed: read again.
      if (saved.key === this.structure().key)
        return this.merger.merge(saved.parts, saved.stream, this.columnCount, weights, keep);
    }
    const parts = this.gather(term);
    return this.merger.merge(parts, this.stream, this.columnCount, weights, keep);
  }

  release(): void {
    this.kept.clear();
    this.keptBytes = 0;
  }

  private readStructure(): Snapshot {
    this.snapshot = this.pages.structure() ?? { key: 'empty', segments: [] };
    return this.snapshot;
  }

  private structure(): Snapshot {
    return this.snapshot ?? this.readStructure();
  }

  private gather(term: string): Part[] {
    return this.pages.gather(this.structure().segments, term, this.stream);
  }

  /** Keeps the doclist just gathered for `term`; the oldest kept go first past the cap. */
  private keep(term: string, parts: Part[]): void {
    const previous = this.kept.get(term);
    if (previous) this.keptBytes -= previous.stream.length;
    this.kept.set(term, { key: this.structure().key, parts, stream: this.stream.copy() });
    this.keptBytes += this.stream.length;
    // A query reads its terms after asking for all their stats.
    for (const [oldest, entry] of this.kept) {
      if (this.keptBytes <= KEPT_DOCLIST_BYTES) break;
      this.kept.delete(oldest);
      this.keptBytes -= entry.stream.length;
    }
  }
}
