import type { Logger } from 'pino';
import type { HfDailyResult } from '../corpus/hf-daily.js';
import type { IngestCounts } from '../corpus/ingest.js';
import type { ParsedPaper } from '../corpus/paper.js';
import type { FeedFetch, FeedStore } from '../db/feed-store.js';
import { latestOccurrence } from './schedule.js';

export interface FeedDeps {
  store: FeedStore;
  /** One day (yyyy-mm-dd) of daily papers; throws when the API failed. */
  fetchDay: (day: string) => Promise<HfDailyResult>;
  /** Ingests one slice of papers, synchronously, in one transaction. */
  ingest: (papers: readonly ParsedPaper[], now: Date) => IngestCounts;
  log: Logger;
  /** When to fetch, in UTC (HF_DAILY_CRON). */
  cron: string;
  /** How many days before today a bot that was down goes back (default 7). */
  catchUpDays?: number;
  /**
   * Papers per transaction: between two slices the event loop runs, so interactions are
   * acknowledged during a big ingest (see src/digest/README.md for the figures).
   */
  sliceSize?: number;
}

export interface Feed {
  /**
   * Fetches and ingests what is due at `now`: nothing when this schedule's latest
   * occurrence was already fetched; else today (UTC) and each of the last days not
   * fetched after its end, oldest first. Never throws: a failed day is logged, recorded
   * and fetched again at the next occurrence. Calls made while one runs wait for it.
   */
  runDue(now: Date): Promise<FeedFetch[]>;
}

const DAY_MS = 86_400_000;

export function createFeed(deps: FeedDeps): Feed {
  let running: Promise<unknown> = Promise.resolve();
  const runDue = async (now: Date): Promise<FeedFetch[]> => {
    const days = daysDue(deps.store, deps.cron, now, deps.catchUpDays ?? 7);
    const results: FeedFetch[] = [];
    for (const day of days) results.push(await fetchOne(deps, day, now));
    return results;
  };
  return {
    runDue(now) {
      const next = running.then(() => runDue(now));
      running = next.catch(() => undefined);
      return next;
    },
  };
}

/**
 * The days a tick at `now` fetches (see Feed.runDue). Exported for tests: the plan is pure
 * over the store.
 */
export function daysDue(store: FeedStore, cron: string, now: Date, catchUpDays: number): string[] {
  const latest = latestOccurrence({ cron, tz: 'UTC' }, now);
  const last = store.last();
  if (last && (!latest || Date.parse(last.fetchedAt) >= latest.getTime())) return [];
  const today = now.toISOString().slice(0, 10);
  const first = store.firstDay() ?? today;
  const days: string[] = [];
  for (let back = catchUpDays; back >= 1; back--) {
    const day = new Date(Date.parse(`${today}T00:00:00Z`) - back * DAY_MS)
      .toISOString()
      .slice(0, 10);
    if (day < first) continue;
    const fetched = store.day(day);
    const complete =
      fetched?.status === 'ok' && Date.parse(fetched.fetchedAt) >= Date.parse(day) + DAY_MS;
    if (!complete) days.push(day);
  }
  days.push(today);
  return days;
}

async function fetchOne(deps: FeedDeps, day: string, now: Date): Promise<FeedFetch> {
  const { log } = deps;
  const record: FeedFetch = {
    day,
    status: 'ok',
    fetchedAt: now.toISOString(),
    papers: 0,
    newPapers: 0,
    error: null,
  };
  try {
    const { papers, skipped } = await deps.fetchDay(day);
    const size = deps.sliceSize ?? 200;
    for (let start = 0; start < papers.length; start += size) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const counts = deps.ingest(papers.slice(start, start + size), now);
      record.newPapers += counts.new;
    }
    record.papers = papers.length;
    if (skipped.length > 0) {
      record.status = 'partial';
      record.error = `${skipped.length} malformed item(s) skipped, e.g. ${skipped[0]!.reason}`;
      log.warn(
        { day, skipped: skipped.length, first: skipped[0]!.reason },
        'feed: malformed items skipped; will fetch the day again',
      );
    }
    log.info({ day, papers: record.papers, new: record.newPapers }, 'feed: daily papers fetched');
  } catch (error) {
    record.status = 'failed';
    record.error = error instanceof Error ? error.message : String(error);
    log.error(
      { err: error, day },
      'feed: fetching the daily papers failed; will retry at the next tick',
    );
  }
  deps.store.record(record);
  return record;
}
