import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { createThreadTurns, KEPT_TURNS } from '../../src/db/thread-turns.js';
import { tempDir } from '../support/library.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('thread turns: the papers each answer cited, kept in the library', () => {
  it('GIVEN a turn with its cited papers THEN they come back in citation order after the library is reopened', () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'paperbot.db');
      const first = openDatabase(path);
      createThreadTurns(first.db).add(
        't1',
        { question: 'q', answer: 'a [1] [2]', cited: ['bbbb2222', 'aaaa1111'] },
        NOW,
      );
      first.db.close();
      const again = openDatabase(path);
      expect(createThreadTurns(again.db).recent('t1', 3)).toEqual([
        { question: 'q', answer: 'a [1] [2]', cited: ['bbbb2222', 'aaaa1111'] },
      ]);
      again.db.close();
    } finally {
      cleanup();
    }
  });

  it('GIVEN a damaged record of cited papers THEN the turn is kept and its papers read as none', () => {
    const { db } = openDatabase(':memory:');
    const turns = createThreadTurns(db);
    turns.add('t1', { question: 'q', answer: 'a', cited: ['x'] }, NOW);
    db.prepare("UPDATE thread_turns SET cited = '{not json'").run();
    expect(turns.recent('t1', 3)).toEqual([{ question: 'q', answer: 'a', cited: [] }]);
    db.prepare('UPDATE thread_turns SET cited = \'[1, "x"]\'').run();
    expect(turns.recent('t1', 3)[0]!.cited).toEqual([]);
  });

  it(`GIVEN more than ${KEPT_TURNS} turns in a thread THEN only the last ${KEPT_TURNS} are kept`, () => {
    const { db } = openDatabase(':memory:');
    const turns = createThreadTurns(db);
    for (let i = 1; i <= KEPT_TURNS + 2; i++)
      turns.add('t1', { question: `q${i}`, answer: 'a', cited: [] }, NOW);
    turns.add('t2', { question: 'other', answer: 'a', cited: [] }, NOW);
    const kept = turns.recent('t1', 100).map((t) => t.question);
    expect(kept).toHaveLength(KEPT_TURNS);
    expect(kept[0]).toBe('q3');
    expect(turns.recent('t2', 100)).toHaveLength(1);
  });

  it('GIVEN a thread untouched for more than 30 days and one asked in since THEN prune forgets only the first, whole', () => {
    const { db } = openDatabase(':memory:');
    const turns = createThreadTurns(db);
    turns.add('old', { question: 'q1', answer: 'a', cited: [] }, daysBefore(40));
    turns.add('old', { question: 'q2', answer: 'a', cited: [] }, daysBefore(31));
    turns.add('alive', { question: 'q1', answer: 'a', cited: [] }, daysBefore(45));
    turns.add('alive', { question: 'q2', answer: 'a', cited: [] }, daysBefore(29));
    expect(turns.prune(NOW)).toBe(2);
    expect(turns.isConversation('old')).toBe(false);
    expect(turns.recent('alive', 3).map((t) => t.question)).toEqual(['q1', 'q2']);
  });
});
