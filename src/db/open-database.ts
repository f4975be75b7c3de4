import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations.js';

export type Db = Database.Database;

export interface OpenedDatabase {
  db: Db;
  /** True when this call created the schema (a new or empty database file). */
  created: boolean;
}

/** An error from a migration, carrying the SQL that failed. */
export class MigrationError extends Error {
  constructor(
    readonly version: number,
    readonly sql: string,
    cause: unknown,
  ) {
    super(
      `migration ${version} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

export interface OpenOptions {
  /**
   * Fills a database this call created, in the same transaction as its schema, so
   * that another process opening it at the same moment never sees it half-built.
   */
  seed?: (db: Db) => void;
}

/** Opens (creating when missing) a database and brings its schema up to date. */
export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // Both take effect only in a new, empty file. 16 KB pages: a paper's row (about 2 KB
    // with its abstract) leaves less of a page unused than with 4 KB ones; at 200,000
    // papers the file is 11% smaller and the ingest faster (see src/bench/README.md).
    // auto_vacuum: each ingest returns the pages FTS5's merges free (23 MB the file
    // would otherwise keep at that size).
    db.pragma('page_size = 16384');
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const before = migrate(db, migrations, options.seed);
    return { db, created: before === 0 };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Runs every pending migration, each in its own (nested) transaction, all under one
 * write lock so that two processes never migrate the same file twice. Returns the
 * schema version found before.
 */
export function migrate(
  db: Db,
  steps: readonly string[] = migrations,
  seed?: (db: Db) => void,
): number {
  const upgrade = db.transaction((): number => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > steps.length) {
      throw new Error(
        `database schema version ${current} is newer than this paperbot (${steps.length}); upgrade paperbot`,
      );
    }
    for (let version = current + 1; version <= steps.length; version++) {
      const sql = steps[version - 1]!;
      db.transaction(() => {
        try {
          db.exec(sql);
        } catch (error) {
          throw new MigrationError(version, sql, error);
        }
        db.pragma(`user_version = ${version}`);
      })();
    }
    if (current === 0 && seed) seed(db);
    return current;
  });
  return upgrade.immediate();
}
