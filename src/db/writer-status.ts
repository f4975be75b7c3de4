import { createFeedStore } from './feed-store.js';
import type { Db } from './open-database.js';

/** The last feed fetch and the last digest run, as an operator's health check shows them. */
export interface WriterStatus {
  feed: {
    /** The day (UTC) fetched. */
    day: string;
    outcome: 'ok' | 'partial' | 'failed';
    at: string;
    papers: number;
    newPapers: number;
    error: string | null;
  } | null;
  digest: {
    channelId: string;
    localDate: string;
    /**
     * `posted`: a message was sent (or found already sent); `nothing-new`: the day had no
     * papers, nothing was sent; `sending`: started and not finished — running now, or left
     * by a crash and retried at the next tick.
     */
    outcome: 'posted' | 'nothing-new' | 'sending';
    /** When it finished, or started when it has not. */
    at: string;
    messageId: string | null;
  } | null;
}

/**
 * What the writers last did, read from the library (any connection, any process: the
 * writer records each fetch and each run in the same database). For /healthz.
 */
export function writerStatus(db: Db): WriterStatus {
  const feed = createFeedStore(db).last();
  const digest = db
    .prepare<
      [],
      {
        channel_id: string;
        local_date: string;
        status: 'sending' | 'done';
        started_at: string;
        finished_at: string | null;
        message_id: string | null;
      }
    >(
      `SELECT channel_id, local_date, status, started_at, finished_at, message_id FROM digest_runs
        WHERE channel_id != 'terminal' ORDER BY coalesce(finished_at, started_at) DESC LIMIT 1`,
    )
    .get();
  return {
    feed: feed
      ? {
          day: feed.day,
          outcome: feed.status,
          at: feed.fetchedAt,
          papers: feed.papers,
          newPapers: feed.newPapers,
          error: feed.error,
        }
      : null,
    digest: digest
      ? {
          channelId: digest.channel_id,
          localDate: digest.local_date,
          outcome:
            digest.status === 'sending' ? 'sending' : digest.message_id ? 'posted' : 'nothing-new',
          at: digest.finished_at ?? digest.started_at,
          messageId: digest.message_id,
        }
      : null,
  };
}
