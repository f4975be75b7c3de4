import type { Logger } from 'pino';
import type { DigestStore } from '../db/digest-store.js';
import type { DigestOutcome } from './run-digest.js';
import type { DueRun } from './schedule.js';
import { dueRuns } from './schedule.js';

export interface DigestScheduler {
  /** Runs every digest due at `now`, one after another; returns what happened. */
  tick(now: Date): Promise<{ due: DueRun; outcome: DigestOutcome | Error }[]>;
  stop(): Promise<void>;
}

/**
 * Checks every `intervalMs` (and once at start, which catches up a day missed while the
 * bot was down) which subscriptions are due, and runs them. The clock is injected, so
 * tests drive `tick` with any instant.
 */
export function startDigestScheduler(options: {
  store: DigestStore;
  run: (due: DueRun) => Promise<DigestOutcome>;
  clock: () => Date;
  log: Logger;
  intervalMs?: number;
  autoStart?: boolean;
  /**
   * Runs first in every tick (the feed fetch): a digest due at the same minute as the
   * day's fetch gets its papers. Its failure is logged; the digests still run.
   */
  before?: (now: Date) => Promise<unknown>;
}): DigestScheduler {
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = async (now: Date) => {
    const results: { due: DueRun; outcome: DigestOutcome | Error }[] = [];
    try {
      await options.before?.(now);
    } catch (error) {
      options.log.error({ err: error }, 'before the digests: failed');
    }
    for (const due of dueRuns(options.store.subscriptions(), options.store, now)) {
      try {
        const outcome = await options.run(due);
        options.log.info(
          { channel: due.subscription.channelId, date: due.localDate, outcome: outcome.kind },
          'digest',
        );
        results.push({ due, outcome });
      } catch (error) {
        options.log.error(
          { err: error, channel: due.subscription.channelId, date: due.localDate },
          'digest failed; will retry',
        );
        results.push({ due, outcome: error as Error });
      }
    }
    return results;
  };
  const guarded = (now: Date) => {
    // Never two ticks at once: a slow send must not start the same digest twice.
    const next = running.then(() => tick(now));
    running = next.catch(() => undefined);
    return next;
  };
  if (options.autoStart !== false) {
    void guarded(options.clock());
    timer = setInterval(() => void guarded(options.clock()), options.intervalMs ?? 30_000);
    timer.unref();
  }
  return {
    tick: guarded,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
