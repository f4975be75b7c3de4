import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { papersOnTopic } from '../../src/search/topic-filter.js';
import { ingest, paper } from '../support/library.js';

const NOW = new Date('2026-03-10T06:00:00Z');
let db: Db;
const rowid: Record<string, number> = {};
const titlesOf = (rowids: Set<number>) =>
  Object.entries(rowid)
    .filter(([, r]) => rowids.has(r))
    .map(([t]) => t)
    .sort();

beforeAll(() => {
  ({ db } = openDatabase(':memory:'));
  ingest(
    db,
    [
      paper('Long Context Heads', 'Retrieval heads in long contexts.'),
      paper('Long Audio', 'Long recordings of speech.'),
      paper('Context Windows', 'How a context window is used.'),
      paper('Context for Long Inputs', 'Where a model looks in its context.'),
      paper('Sparse Codes', 'Sparse codes for images.'),
    ],
    { now: NOW },
  );
  for (const r of db
    .prepare<[], { rowid: number; title: string }>('SELECT rowid, title FROM papers')
    .all())
    rowid[r.title] = r.rowid;
});

describe("a digest's topic", () => {
  it('GIVEN a topic of several words THEN only the papers with every one of them, stemmed, together or apart', () => {
    expect(titlesOf(papersOnTopic(db, 'long context', Object.values(rowid)))).toEqual([
      'Context for Long Inputs',
      'Long Context Heads',
    ]);
  });

  it('GIVEN only some papers to choose from THEN none outside them', () => {
    const some = [rowid['Long Audio']!, rowid['Context Windows']!];
    expect(titlesOf(papersOnTopic(db, 'context', some))).toEqual(['Context Windows']);
  });

  it('GIVEN a topic of only common words, or no papers THEN none', () => {
    expect(papersOnTopic(db, 'the of and', Object.values(rowid))).toEqual(new Set());
    expect(papersOnTopic(db, 'long', [])).toEqual(new Set());
  });
});
