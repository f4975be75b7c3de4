import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import type { ByteStream, Part } from './doclist.js';
import {
  decodeStructure,
  Fts5FormatError,
  readVarints,
  rowidOfPage,
  STRUCTURE_ROWID,
  AVERAGES_ROWID,
  varint,
  type Segment,
} from './format.js';

/** The main index's terms are stored with this byte in front. */
const MAIN_PREFIX = 0x30;

/**
 * An FTS5 table's leaf pages, read straight from its shadow tables (`%_data`, `%_idx`):
 * the structure and averages records, and a term's doclist in each segment, gathered
 * into one ByteStream. Reads only, inside the caller's read transaction.
 */
export class SegmentPages {
  private readonly dataBlock: Statement<[number], Buffer>;
  private readonly pageRun: Statement<
    [number, number],
    { sizes: string | null; blocks: Buffer | null }
  >;
  private readonly seek: Statement<[number, Buffer], number>;
  private readonly nextTermPage: Statement<[number, Buffer], number>;

  constructor(db: Db, table: string) {
    this.dataBlock = db
      .prepare<[number], Buffer>(`SELECT block FROM "${table}_data" WHERE id = ?`)
      .pluck();
    // A run of leaf pages in one row (the driver costs microseconds a row): their sizes,
    // and their bytes concatenated in page order.
    this.pageRun = db.prepare<[number, number], { sizes: string | null; blocks: Buffer | null }>(
      `SELECT group_concat(length(block), ',') AS sizes,
              CAST(group_concat(CAST(block AS TEXT), '') AS BLOB) AS blocks
         FROM (SELECT block FROM "${table}_data" WHERE id >= ? AND id <= ? ORDER BY id)`,
    );
    this.seek = db
      .prepare<[number, Buffer], number>(
        `SELECT pgno FROM "${table}_idx" WHERE segid = ? AND term <= ? ORDER BY term DESC LIMIT 1`,
      )
      .pluck();
    this.nextTermPage = db
      .prepare<[number, Buffer], number>(
        `SELECT pgno FROM "${table}_idx" WHERE segid = ? AND term > ? ORDER BY term LIMIT 1`,
      )
      .pluck();
  }

  /** The structure record, or undefined for an index never written to. */
  structure(): { key: string; segments: Segment[] } | undefined {
    const block = this.dataBlock.get(STRUCTURE_ROWID);
    return block ? { key: block.toString('base64'), segments: parseStructure(block) } : undefined;
  }

  /** The averages record's values: rows, then tokens per column; undefined when absent. */
  averages(): number[] | undefined {
    const block = this.dataBlock.get(AVERAGES_ROWID);
    return block ? readVarints(block, 0, block.length) : undefined;
  }

  /** The term's doclist in every segment holding it, newest segment first, into `stream`. */
  gather(segments: readonly Segment[], term: string, stream: ByteStream): Part[] {
    const key = Buffer.concat([Buffer.from([MAIN_PREFIX]), Buffer.from(term, 'utf8')]);
    stream.reset();
    const parts: Part[] = [];
    for (const segment of segments) {
      const start = stream.length;
      if (this.gatherSegment(segment, key, stream) && stream.length > start)
        parts.push({ start, end: stream.length });
    }
    return parts;
  }

  /** Appends one segment's doclist for `key` to `stream`; false if the term is not there. */
  private gatherSegment(segment: Segment, key: Buffer, stream: ByteStream): boolean {
    const found = this.seek.get(segment.id, key);
    const page = found === undefined ? segment.firstPage : Math.max(segment.firstPage, found >> 1);
    if (page > segment.lastPage) return false;
    const rowidOf = (pgno: number) => rowidOfPage(segment.id, pgno);
    const block = this.dataBlock.get(rowidOf(page));
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
    const next = this.nextTermPage.get(segment.id, key);
    const last = next === undefined ? segment.lastPage : Math.min(segment.lastPage, next >> 1);
    const run = this.pageRun.get(rowidOf(page + 1), rowidOf(last))!;
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
