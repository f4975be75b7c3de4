import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { createMatchQueries } from '../../src/search/match-queries.js';
import { ingest, paper } from '../support/library.js';

const NOW = new Date('2026-03-10T06:00:00Z');

describe('counts and filters through the index', () => {
  it('GIVEN more papers to filter than one statement binds THEN every match among them is found', () => {
    const { db: big } = openDatabase(':memory:');
    ingest(
      big,
      Array.from({ length: 1203 }, (_, i) =>
        paper(`Paper number ${i}`, i % 2 ? `Odd paper ${i} about pruning.` : `Even paper ${i}.`),
      ),
      { now: NOW },
    );
    const all = big.prepare<[], number>('SELECT rowid FROM papers').pluck().all();
    const queries = createMatchQueries(big);
    expect(queries.paperCount()).toBe(1203);
    expect(queries.documentFrequency('"pruning"')).toBe(601);
    expect(queries.rowsMatching('"pruning"', all).size).toBe(601);
    // Past SQLite's limit on bound parameters (32,766), with ids no paper has.
    const many = [...all, ...Array.from({ length: 40_000 }, (_, i) => 1_000_000 + i)];
    expect(queries.rowsMatching('"pruning"', many).size).toBe(601);
    expect(queries.rowsMatching('"pruning"', all.slice(0, 1)).size).toBe(0);
    expect(queries.rowsMatching('"pruning"', all.slice(1, 2))).toEqual(new Set([all[1]]));
    expect(queries.rowsMatching('"pruning"', [])).toEqual(new Set());
  });

  it('GIVEN filters of the same number of papers asked again and again THEN their statement is prepared once', () => {
    const { db } = openDatabase(':memory:');
    ingest(db, [paper('Pruning', 'About pruning.'), paper('Other', 'Else.')], { now: NOW });
    const [a, b] = db.prepare<[], number>('SELECT rowid FROM papers').pluck().all();
    const queries = createMatchQueries(db);
    const prepare = vi.spyOn(db, 'prepare');
    expect(queries.rowsMatching('"pruning"', [a!])).toEqual(new Set([a]));
    expect(queries.rowsMatching('"pruning"', [b!])).toEqual(new Set());
    expect(queries.rowsMatching('"else"', [b!])).toEqual(new Set([b]));
    expect(prepare).toHaveBeenCalledOnce();
  });
});
