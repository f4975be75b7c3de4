import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';

/**
 * What a test opens and must close: `defer` runs its cleanups after each test, the last
 * deferred first (a database closes before its folder is removed); `memoryDb` opens a fresh
 * migrated :memory: library closed after the test.
 */
export function useCleanups(): { defer(fn: () => void): void; memoryDb(): Db } {
  let cleanups: (() => void)[] = [];
  afterEach(() => {
    const due = cleanups.reverse();
    cleanups = [];
    due.forEach((fn) => fn());
  });
  const defer = (fn: () => void) => void cleanups.push(fn);
  return {
    defer,
    memoryDb() {
      const { db } = openDatabase(':memory:');
      defer(() => db.close());
      return db;
    },
  };
}

/** The library's rows and what FTS5 finds for 'model': equal before and after means nothing changed. */
export function librarySnapshot(db: Db) {
  return {
    papers: db.prepare('SELECT * FROM papers ORDER BY rowid').all(),
    sources: db.prepare('SELECT * FROM paper_sources ORDER BY paper_rowid, source').all(),
    fts: db
      .prepare("SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'model' ORDER BY rowid")
      .all(),
  };
}
