import type { Db } from './open-database.js';

export interface LibraryHealth {
  readable: boolean;
  papers?: number;
  error?: string;
  /** The digest run started last, as the library records it ('sending': not yet confirmed). */
  lastDigest: {
    channel: string;
    date: string;
    status: 'sending' | 'done';
    startedAt: string;
    finishedAt: string | null;
  } | null;
}

interface RunRow {
  channel_id: string;
  local_date: string;
  status: 'sending' | 'done';
  started_at: string;
  finished_at: string | null;
}

/** Whether the library answers a read, and its last digest run: what /healthz reports. */
export function libraryHealth(db: Db): LibraryHealth {
  try {
    const { n } = db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
    const run = db
      .prepare(
        'SELECT channel_id, local_date, status, started_at, finished_at FROM digest_runs ORDER BY started_at DESC LIMIT 1',
      )
      .get() as RunRow | undefined;
    return {
      readable: true,
      papers: n,
      lastDigest: run
        ? {
            channel: run.channel_id,
            date: run.local_date,
            status: run.status,
            startedAt: run.started_at,
            finishedAt: run.finished_at,
          }
        : null,
    };
  } catch (error) {
    return {
      readable: false,
      error: error instanceof Error ? error.message : String(error),
      lastDigest: null,
    };
  }
}
