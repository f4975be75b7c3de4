import { randomBytes } from 'node:crypto';
import type { Db } from './open-database.js';

export interface AnswerRecord {
  question: string;
  status: string;
  guildId: string | null;
  channelId: string | null;
  userId: string;
}

export interface AnswerStats {
  questions: number;
  rated: number;
  thumbsUp: number;
  /** Share of rated answers rated 👍, or null when none is rated. */
  upShare: number | null;
}

export interface AnswerLog {
  /** Records an answer and returns its id (short, for button custom ids). */
  record(answer: AnswerRecord, now: Date): string;
  /** One vote per user and answer; a second vote replaces the first. False if the answer is unknown. */
  vote(answerId: string, userId: string, vote: 1 | -1, now: Date): boolean;
  stats(guildId: string | null): AnswerStats;
}

export function createAnswerLog(db: Db): AnswerLog {
  const insert = db.prepare(
    'INSERT INTO answers (id, question, status, guild_id, channel_id, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM answers WHERE id = ?');
  const upsertVote = db.prepare(
    `INSERT INTO answer_feedback (answer_id, user_id, vote, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at`,
  );
  const statsFor = db.prepare<
    [{ guild: string | null }],
    { questions: number; rated: number; up: number }
  >(
    `SELECT
       (SELECT count(*) FROM answers WHERE @guild IS NULL OR guild_id = @guild) AS questions,
       count(f.answer_id) AS rated,
       coalesce(sum(f.vote = 1), 0) AS up
     FROM answer_feedback f JOIN answers a ON a.id = f.answer_id
     WHERE @guild IS NULL OR a.guild_id = @guild`,
  );
  return {
    record(answer, now) {
      const id = randomBytes(6).toString('base64url');
      insert.run(
        id,
        answer.question,
        answer.status,
        answer.guildId,
        answer.channelId,
        answer.userId,
        now.toISOString(),
      );
      return id;
    },
    vote(answerId, userId, vote, now) {
      if (!exists.get(answerId)) return false;
      upsertVote.run(answerId, userId, vote, now.toISOString());
      return true;
    },
    stats(guildId) {
      const row = statsFor.get({ guild: guildId })!;
      return {
        questions: row.questions,
        rated: row.rated,
        thumbsUp: row.up,
        upShare: row.rated === 0 ? null : row.up / row.rated,
      };
    },
  };
}
