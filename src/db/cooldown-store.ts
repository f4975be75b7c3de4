import type { Db } from './open-database.js';

/** When each user last started a cooldown, in the library (migration 9): one for all shards. */
export interface CooldownStore {
  /**
   * Starts the user's cooldown at `nowMs` unless one started less than `windowMs` before;
   * returns the milliseconds left of that one, or 0 when it started one. Atomic across
   * processes (one write transaction).
   */
  take(userId: string, nowMs: number, windowMs: number): number;
}

export function createCooldownStore(db: Db): CooldownStore {
  const start = db.prepare<[string, number, number]>(
    `INSERT INTO cooldowns (user_id, at_ms) VALUES (?, ?)
     ON CONFLICT (user_id) DO UPDATE SET at_ms = excluded.at_ms
       WHERE excluded.at_ms - cooldowns.at_ms >= ? OR excluded.at_ms < cooldowns.at_ms`,
  );
  const startedAt = db
    .prepare<[string], number>('SELECT at_ms FROM cooldowns WHERE user_id = ?')
    .pluck();
  const prune = db.prepare<[number]>('DELETE FROM cooldowns WHERE at_ms < ?');
  let takes = 0;
  const take = db.transaction((userId: string, nowMs: number, windowMs: number): number => {
    if (++takes % 1000 === 0) prune.run(nowMs - windowMs);
    if (start.run(userId, nowMs, windowMs).changes > 0) return 0;
    return Math.max(1, windowMs - (nowMs - (startedAt.get(userId) ?? nowMs)));
  });
  return { take: (userId, nowMs, windowMs) => take.immediate(userId, nowMs, windowMs) };
}
