import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { FTS_COLUMNS, FTS_TABLE, FTS_TOKENIZER } from '../../src/fts5/schema.js';

describe('the names of the full-text index', () => {
  it('GIVEN a library made by the migrations THEN its FTS5 table has the columns and tokenizer src/fts5/schema.ts names', () => {
    const { db } = openDatabase(':memory:');
    const sql = db
      .prepare<[string], string>('SELECT sql FROM sqlite_master WHERE name = ?')
      .pluck()
      .get(FTS_TABLE);
    expect(sql).toMatch(/USING fts5\(/);
    expect(sql).toContain(`tokenize = '${FTS_TOKENIZER}'`);
    const columns = db
      .prepare<[], string>(`SELECT name FROM pragma_table_info('${FTS_TABLE}')`)
      .pluck()
      .all();
    expect(columns).toEqual([...FTS_COLUMNS]);
    db.close();
  });
});
