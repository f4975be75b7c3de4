import { z } from 'zod';
import type { Db } from './open-database.js';

export interface Turn {
  question: string;
  answer: string;
  /** The ids of the papers the answer cited, in citation order ([1] first). */
  cited: string[];
}

/** Turns kept per thread; older ones are deleted as new ones come (a prompt reads 3). */
export const KEPT_TURNS = 20;
/** A thread nobody asked in for this long is forgotten (see prune). */
export const THREAD_TTL_DAYS = 30;

/** The conversation in each thread the bot answers in, so follow-ups have context. */
export interface ThreadTurns {
  isConversation(threadId: string): boolean;
  /** The last `limit` turns, oldest first. */
  recent(threadId: string, limit: number): Turn[];
  add(threadId: string, turn: Turn, now: Date): void;
  /** Deletes the threads whose last turn is older than THREAD_TTL_DAYS; returns how many. */
  prune(now: Date): number;
}

const Cited = z.array(z.string());

export function createThreadTurns(db: Db): ThreadTurns {
  const any = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM thread_turns WHERE thread_id = ?',
  );
  const recent = db.prepare<[string, number], { question: string; answer: string; cited: string }>(
    'SELECT question, answer, cited FROM (SELECT * FROM thread_turns WHERE thread_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
  );
  const add = db.prepare(
    `INSERT INTO thread_turns (thread_id, seq, question, answer, cited, created_at)
     VALUES (@thread, (SELECT coalesce(max(seq), 0) + 1 FROM thread_turns WHERE thread_id = @thread), @question, @answer, @cited, @at)`,
  );
  const trim = db.prepare<[string, string, number]>(
    'DELETE FROM thread_turns WHERE thread_id = ? AND seq <= (SELECT max(seq) FROM thread_turns WHERE thread_id = ?) - ?',
  );
  const prune = db.prepare<[string]>(
    `DELETE FROM thread_turns WHERE thread_id IN
       (SELECT thread_id FROM thread_turns GROUP BY thread_id HAVING max(created_at) < ?)`,
  );
  const insert = db.transaction((threadId: string, turn: Turn, now: Date) => {
    add.run({
      thread: threadId,
      question: turn.question,
      answer: turn.answer,
      cited: JSON.stringify(turn.cited),
      at: now.toISOString(),
    });
    trim.run(threadId, threadId, KEPT_TURNS);
  });
  return {
    isConversation: (threadId) => any.get(threadId)!.n > 0,
    recent: (threadId, limit) =>
      recent.all(threadId, limit).map((row) => ({
        question: row.question,
        answer: row.answer,
        cited: readCited(row.cited),
      })),
    add: (threadId, turn, now) => insert(threadId, turn, now),
    prune: (now) =>
      prune.run(new Date(now.getTime() - THREAD_TTL_DAYS * 86_400_000).toISOString()).changes,
  };
}

/** A damaged record forgets the papers, never the conversation. */
function readCited(text: string): string[] {
  try {
    const parsed = Cited.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
