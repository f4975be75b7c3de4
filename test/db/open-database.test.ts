import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, migrate, openDatabase } from '../../src/db/open-database.js';
import { migrations } from '../../src/db/migrations.js';
import { tempDir } from '../support/library.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((fn) => fn());
  cleanups = [];
});

describe('openDatabase', () => {
  it('GIVEN no database file THEN it is created with every migration applied and the seed run once', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'nested', 'lib.db');
    let seeded = 0;
    const first = openDatabase(path, { seed: () => void seeded++ });
    expect(first.created).toBe(true);
    expect(first.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.db.pragma('foreign_keys', { simple: true })).toBe(1);
    first.db.close();
    const second = openDatabase(path, { seed: () => void seeded++ });
    expect(second.created).toBe(false);
    expect(seeded).toBe(1);
    second.db.close();
  });

  it('GIVEN a new library THEN it has 16 KB pages; a library made with other pages keeps them and still works', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const created = openDatabase(join(dir, 'new.db')).db;
    cleanups.unshift(() => created.close());
    expect(created.pragma('page_size', { simple: true })).toBe(16384);

    // A file made earlier, with SQLite's default 4 KB pages and data in it.
    const oldPath = join(dir, 'old.db');
    const raw = new Database(oldPath);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE made_earlier (x)');
    raw.close();
    const old = openDatabase(oldPath).db;
    cleanups.unshift(() => old.close());
    expect(old.pragma('page_size', { simple: true })).toBe(4096);
    old
      .prepare(
        `INSERT INTO papers (id, title, title_key, abstract, added_at, updated_at)
       VALUES ('x', 'T', 't', 'A', 'now', 'now')`,
      )
      .run();
    expect(old.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(1);
    expect(old.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('GIVEN a migration that fails THEN earlier ones stay, the failing one leaves nothing, and the SQL is reported', () => {
    const { db } = openDatabase(':memory:');
    cleanups.push(() => db.close());
    const steps = [...migrations, 'CREATE TABLE extra (x); INSERT INTO nowhere VALUES (1);'];
    let caught: unknown;
    try {
      migrate(db, steps);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationError);
    expect((caught as MigrationError).version).toBe(steps.length);
    expect((caught as MigrationError).sql).toContain('INSERT INTO nowhere');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeUndefined();
  });

  it('GIVEN a database from a newer paperbot THEN opening it says so instead of guessing', () => {
    const { db } = openDatabase(':memory:');
    cleanups.push(() => db.close());
    db.pragma(`user_version = ${migrations.length + 5}`);
    expect(() => migrate(db)).toThrow(/newer than this paperbot/);
  });
});
