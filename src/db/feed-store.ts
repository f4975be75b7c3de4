import type { Db } from './open-database.js';

/**
 * One day's fetch of the Hugging Face daily papers, as last attempted. `partial`: the list
 * came but some items were malformed (the rest were ingested); such a day, like a `failed`
 * one, is fetched again at the next tick.
 */
export interface FeedFetch {
  /** yyyy-mm-dd, UTC (the API's days). */
  day: string;
  status: 'ok' | 'partial' | 'failed';
  fetchedAt: string;
  /** Papers the API listed and the ingest took. */
  papers: number;
  /** Of those, papers the library did not have. */
  newPapers: number;
  error: string | null;
}

/** The record of the bot's feed fetches, in SQLite (migration 7). */
export interface FeedStore {
  record(fetch: FeedFetch): void;
  day(day: string): FeedFetch | undefined;
  /** The latest attempt, whatever its day and outcome. */
  last(): FeedFetch | undefined;
  /** The earliest day ever fetched: catching up never reaches before it. */
  firstDay(): string | undefined;
}

interface Row {
  day: string;
  status: FeedFetch['status'];
  fetched_at: string;
  papers: number;
  new_papers: number;
  error: string | null;
}

const toFetch = (r: Row): FeedFetch => ({
  day: r.day,
  status: r.status,
  fetchedAt: r.fetched_at,
  papers: r.papers,
  newPapers: r.new_papers,
  error: r.error,
});

export function createFeedStore(db: Db): FeedStore {
  const upsert = db.prepare(
    `INSERT INTO feed_fetches (day, status, fetched_at, papers, new_papers, error)
     VALUES (@day, @status, @fetchedAt, @papers, @newPapers, @error)
     ON CONFLICT (day) DO UPDATE SET status = excluded.status, fetched_at = excluded.fetched_at,
       papers = excluded.papers, new_papers = excluded.new_papers, error = excluded.error`,
  );
  const one = db.prepare<[string], Row>('SELECT * FROM feed_fetches WHERE day = ?');
  const last = db.prepare<[], Row>('SELECT * FROM feed_fetches ORDER BY fetched_at DESC LIMIT 1');
  const first = db.prepare<[], string>('SELECT min(day) FROM feed_fetches').pluck();
  return {
    record: (fetch) => void upsert.run(fetch),
    day: (day) => {
      const row = one.get(day);
      return row ? toFetch(row) : undefined;
    },
    last: () => {
      const row = last.get();
      return row ? toFetch(row) : undefined;
    },
    firstDay: () => first.get() ?? undefined,
  };
}
