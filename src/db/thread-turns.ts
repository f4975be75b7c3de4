import type { Db } from './open-database.js';

export interface Turn {
  question: string;
  answer: string;
}

/** The conversation in each thread the bot answers in, so follow-ups have context. */
export interface ThreadTurns {
  isConversation(threadId: string): boolean;
  /** The last `limit` turns, oldest first. */
  recent(threadId: string, limit: number): Turn[];
  add(threadId: string, turn: Turn, now: Date): void;
}

export function createThreadTurns(db: Db): ThreadTurns {
  const any = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM thread_turns WHERE thread_id = ?',
  );
  const recent = db.prepare<[string, number], Turn>(
    'SELECT question, answer FROM (SELECT * FROM thread_turns WHERE thread_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
  );
  const add = db.prepare(
    `INSERT INTO thread_turns (thread_id, seq, question, answer, created_at)
     VALUES (@thread, (SELECT coalesce(max(seq), 0) + 1 FROM thread_turns WHERE thread_id = @thread), @question, @answer, @at)`,
  );
  return {
    isConversation: (threadId) => any.get(threadId)!.n > 0,
    recent: (threadId, limit) => recent.all(threadId, limit),
    add: (threadId, turn, now) =>
      void add.run({
        thread: threadId,
        question: turn.question,
        answer: turn.answer,
        at: now.toISOString(),
      }),
  };
}
