import { describe, expect, it } from 'vitest';
import { createAnswerLog } from '../../src/db/answer-log.js';
import { createThreadTurns } from '../../src/db/thread-turns.js';
import { openDatabase } from '../../src/db/open-database.js';
import { NOW } from '../support/library.js';

describe('answer log', () => {
  it('GIVEN votes THEN one per user and answer, the last one counts, and stats add up per server', () => {
    const { db } = openDatabase(':memory:');
    const log = createAnswerLog(db);
    const a = log.record(
      { question: 'q1', status: 'answered', guildId: 'g1', channelId: 'c', userId: 'u1' },
      NOW,
    );
    const b = log.record(
      { question: 'q2', status: 'answered', guildId: 'g1', channelId: 'c', userId: 'u2' },
      NOW,
    );
    log.record(
      { question: 'q3', status: 'answered', guildId: 'g2', channelId: 'c', userId: 'u2' },
      NOW,
    );
    expect(log.vote(a, 'u1', 1, NOW)).toBe(true);
    expect(log.vote(a, 'u1', -1, NOW)).toBe(true); // changed their mind: still one vote
    expect(log.vote(a, 'u2', 1, NOW)).toBe(true);
    expect(log.vote(b, 'u3', 1, NOW)).toBe(true);
    expect(log.vote('nope', 'u3', 1, NOW)).toBe(false);
    expect(log.stats('g1')).toEqual({ questions: 2, rated: 3, thumbsUp: 2, upShare: 2 / 3 });
    expect(log.stats('g2')).toEqual({ questions: 1, rated: 0, thumbsUp: 0, upShare: null });
  });
});

describe('thread turns', () => {
  it('GIVEN turns in a thread THEN the recent ones come back oldest first', () => {
    const { db } = openDatabase(':memory:');
    const turns = createThreadTurns(db);
    expect(turns.isConversation('t1')).toBe(false);
    for (let i = 1; i <= 5; i++)
      turns.add('t1', { question: `q${i}`, answer: `a${i}`, cited: [] }, NOW);
    expect(turns.isConversation('t1')).toBe(true);
    expect(turns.recent('t1', 3).map((t) => t.question)).toEqual(['q3', 'q4', 'q5']);
  });
});
