import type { Logger } from 'pino';
import { fetchHfDaily } from '../corpus/hf-daily.js';
import { createFeedStore } from '../db/feed-store.js';
import { createThreadTurns } from '../db/thread-turns.js';
import { createFeed } from '../digest/feed.js';
import { startDigestScheduler } from '../digest/scheduler.js';
import { defaultSubscription } from '../digest/subscriptions.js';
import type { Services } from './compose.js';
import { observeRun, type Metrics } from './metrics.js';
import type { FeedFetch } from '../db/feed-store.js';

/** How often threads untouched for 30 days are looked for (src/db/thread-turns.ts). */
export const PRUNE_EVERY_MS = 6 * 3_600_000;

export interface Writers {
  stop(): Promise<void>;
}

/**
 * What writes on a schedule and must run in ONE process per library: the feed fetch
 * (HF_DAILY, HF_DAILY_CRON), the digests (the environment's default channel, plus every
 * /digest subscription) and the vectors of new papers. One timer drives the fetch and the
 * digests, the fetch first, so a digest due at the same minute as the day's fetch gets its papers.
 * Alerts on new papers follow each fetch, and look every tick for papers another process ingested.
 * Threads nobody asked in for 30 days are forgotten at start and every PRUNE_EVERY_MS.
 */
export function startWriters(app: Services, log: Logger, metrics?: Metrics): Writers {
  const { config, digestStore: store, clock } = app;
  if (config.digestChannelId) {
    const createdAt = store.subscription(config.digestChannelId)?.createdAt;
    store.subscribe(
      defaultSubscription(config.digestChannelId, config, createdAt ?? clock().toISOString()),
    );
  }
  const stopping = new AbortController();
  const feed = config.hfDaily
    ? createFeed({
        store: createFeedStore(app.library.db),
        fetchDay: (date) =>
          fetchHfDaily({
            baseUrl: config.hfBaseUrl,
            date,
            retries: 1,
            signal: stopping.signal,
          }),
        ingest: (papers, now) => app.library.ingest(papers, { now }),
        log,
        cron: config.hfDailyCron,
      })
    : undefined;
  const alerts = app.alerts(log);
  const scheduler = startDigestScheduler({
    store,
    clock,
    log,
    run: (due) =>
      observeRun(
        metrics,
        'digest',
        () => app.runDigest(due.subscription, due.localDate),
        (outcome) => outcome.kind,
      ),
    // After each feed fetch, and every tick for papers another process ingested.
    before: async (now: Date) => {
      try {
        if (feed) await observeRun(metrics, 'feed', () => feed.runDue(now), feedOutcome);
      } finally {
        const sent = await alerts.run(now);
        metrics?.alerts(sent);
      }
    },
  });
  const embedding = config.semanticSearch ? startVectorFill(app, log) : undefined;
  const pruning = startThreadPruning(app, log);
  return {
    async stop() {
      clearInterval(pruning);
      stopping.abort();
      await scheduler.stop();
      await embedding?.stop();
    },
  };
}

/**
 * Papers without a vector (new ones, or a library made before vectors) are embedded in the
 * background, four at a time (about a third of a second on the event loop), until none is
 * left; looked at again every minute.
 */
function startVectorFill(app: Services, log: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const fill = async () => {
    while (!stopped) {
      const done = await app.fillVectors({ max: 64, batch: 4 });
      if (done > 0) log.info({ papers: done }, 'embedded papers for search by meaning');
      if (done < 64) return;
    }
  };
  const tick = () => {
    running = running
      .then(fill)
      .catch((error: unknown) => log.warn({ err: error }, 'embedding papers failed; will retry'));
  };
  tick();
  const timer = setInterval(tick, 60_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

function startThreadPruning(app: Services, log: Logger): NodeJS.Timeout {
  const turns = createThreadTurns(app.library.db);
  const prune = () => {
    try {
      const forgotten = turns.prune(app.clock());
      if (forgotten > 0) log.info({ turns: forgotten }, 'forgot threads untouched for 30 days');
    } catch (error) {
      log.warn({ err: error }, 'forgetting old threads failed; will retry');
    }
  };
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return timer;
}

/** A tick's feed run for the metrics: its worst day, or nothing_due. */
function feedOutcome(fetches: readonly FeedFetch[]): string {
  if (fetches.length === 0) return 'nothing_due';
  if (fetches.some((f) => f.status === 'failed')) return 'failed';
  return fetches.some((f) => f.status === 'partial') ? 'partial' : 'ok';
}
