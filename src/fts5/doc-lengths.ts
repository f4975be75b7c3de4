import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open-database.js';
import { Fts5FormatError, varint } from './format.js';

/**
 * Every row's length (tokens over all columns) from an FTS5 table's `%_docsize`, indexed
 * by rowid, 4 bytes a row. Read in one statement: a row at a time costs microseconds each
 * in the driver, seconds at a million rows. The rowids themselves are read only where
 * some are missing.
 */
export class DocLengths {
  private readonly all: Statement<
    [],
    { rows: number; first: number | null; last: number | null; records: Buffer | null }
  >;
  private readonly ids: Statement<[], string | null>;

  constructor(
    db: Db,
    table: string,
    private readonly columnCount: number,
  ) {
    this.all = db.prepare(
      `SELECT count(*) AS rows, min(id) AS first, max(id) AS last,
              CAST(group_concat(CAST(sz AS TEXT), '') AS BLOB) AS records
         FROM (SELECT id, sz FROM "${table}_docsize" ORDER BY id)`,
    );
    this.ids = db
      .prepare<[], string | null>(
        `SELECT group_concat(id, ',') FROM (SELECT id FROM "${table}_docsize" ORDER BY id)`,
      )
      .pluck();
  }

  load(): Uint32Array {
    const { rows, first, last, records } = this.all.get()!;
    if (rows === 0 || first === null || last === null) return new Uint32Array(0);
    const ids =
      last - first + 1 === rows ? undefined : (this.ids.get() ?? '').split(',').map(Number);
    if (ids && ids.length !== rows) throw new Fts5FormatError('unexpected %_docsize rowids');
    const lengths = new Uint32Array(last + 1);
    const cursor = { at: 0 };
    for (let row = 0; row < rows; row++) {
      let total = 0;
      for (let c = 0; c < this.columnCount; c++) total += varint(records!, cursor);
      lengths[ids ? ids[row]! : first + row] = total;
    }
    if (cursor.at !== records!.length) throw new Fts5FormatError('unexpected %_docsize record');
    return lengths;
  }
}
