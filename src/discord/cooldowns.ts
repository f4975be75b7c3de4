import type { CooldownStore } from '../db/cooldown-store.js';

/** Per-user cooldown between questions, so one person can't run up the model bill. */
export interface Cooldowns {
  /** Milliseconds the user still has to wait, or 0 — in which case the wait starts now. */
  take(userId: string, now: Date): number;
}

/**
 * In the library when a store is given (the bot: one cooldown per user across all shard
 * processes), else in this process's memory.
 */
export function createCooldowns(seconds: number, store?: CooldownStore): Cooldowns {
  const windowMs = seconds * 1000;
  if (store)
    return {
      take: (userId, now) => (windowMs === 0 ? 0 : store.take(userId, now.getTime(), windowMs)),
    };
  const last = new Map<string, number>();
  return {
    take(userId, now) {
      if (windowMs === 0) return 0;
      const at = now.getTime();
      const previous = last.get(userId);
      if (previous !== undefined && at - previous < windowMs) return windowMs - (at - previous);
      last.set(userId, at);
      if (last.size > 10_000) {
        for (const [user, when] of last) if (at - when >= windowMs) last.delete(user);
      }
      return 0;
    },
  };
}
