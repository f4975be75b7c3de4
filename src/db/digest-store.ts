import type { Db } from './open-database.js';

export interface Subscription {
  channelId: string;
  guildId: string | null;
  /** When, as a cron pattern in `tz` (e.g. "30 8 * * *" for 08:30 every day). */
  cron: string;
  /** IANA time zone. */
  tz: string;
  topic: string | null;
  count: number;
  createdAt: string;
}

export interface DigestRun {
  channelId: string;
  localDate: string;
  nonce: string;
  status: 'sending' | 'done';
  startedAt: string;
  /** The papers chosen when the run started: a retried send posts exactly these… */
  paperRowids: number[];
  /** …and counts this many more, as the first attempt did. */
  more: number;
}

/** Digest subscriptions and the record of what was posted where, in SQLite. */
export interface DigestStore {
  subscribe(sub: Subscription): void;
  unsubscribe(channelId: string): boolean;
  subscriptions(): Subscription[];
  subscription(channelId: string): Subscription | undefined;
  run(channelId: string, localDate: string): DigestRun | undefined;
  lastDone(channelId: string): DigestRun | undefined;
  /** Records that a send is about to happen (kept on retry, with its nonce). */
  startRun(run: Omit<DigestRun, 'status'>): DigestRun;
  /** In ONE transaction: the papers posted, and the run marked done. */
  finishRun(
    channelId: string,
    localDate: string,
    paperRowids: readonly number[],
    messageId: string | null,
    now: Date,
  ): void;
}

interface SubRow {
  channel_id: string;
  guild_id: string | null;
  cron: string;
  tz: string;
  topic: string | null;
  count: number;
  created_at: string;
}
interface RunRow {
  channel_id: string;
  local_date: string;
  nonce: string;
  status: 'sending' | 'done';
  started_at: string;
  paper_rowids: string;
  more: number;
}

export function createDigestStore(db: Db): DigestStore {
  const upsert = db.prepare(
    `INSERT INTO digest_subscriptions (channel_id, guild_id, cron, tz, topic, count, created_at)
     VALUES (@channelId, @guildId, @cron, @tz, @topic, @count, @createdAt)
     ON CONFLICT (channel_id) DO UPDATE SET cron = excluded.cron, tz = excluded.tz, topic = excluded.topic, count = excluded.count`,
  );
  const remove = db.prepare('DELETE FROM digest_subscriptions WHERE channel_id = ?');
  const all = db.prepare<[], SubRow>('SELECT * FROM digest_subscriptions ORDER BY channel_id');
  const one = db.prepare<[string], SubRow>(
    'SELECT * FROM digest_subscriptions WHERE channel_id = ?',
  );
  const runRow = db.prepare<[string, string], RunRow>(
    'SELECT * FROM digest_runs WHERE channel_id = ? AND local_date = ?',
  );
  const lastDone = db.prepare<[string], RunRow>(
    "SELECT * FROM digest_runs WHERE channel_id = ? AND status = 'done' ORDER BY local_date DESC LIMIT 1",
  );
  const insertRun = db.prepare(
    `INSERT OR IGNORE INTO digest_runs (channel_id, local_date, nonce, status, started_at, paper_rowids, more)
     VALUES (?, ?, ?, 'sending', ?, ?, ?)`,
  );
  const addPost = db.prepare(
    'INSERT OR IGNORE INTO digest_posts (channel_id, paper_rowid, local_date) VALUES (?, ?, ?)',
  );
  const markDone = db.prepare(
    "UPDATE digest_runs SET status = 'done', finished_at = ?, message_id = ? WHERE channel_id = ? AND local_date = ?",
  );
  const toSub = (r: SubRow): Subscription => ({
    channelId: r.channel_id,
    guildId: r.guild_id,
    cron: r.cron,
    tz: r.tz,
    topic: r.topic,
    count: r.count,
    createdAt: r.created_at,
  });
  const toRun = (r: RunRow): DigestRun => ({
    channelId: r.channel_id,
    localDate: r.local_date,
    nonce: r.nonce,
    status: r.status,
    startedAt: r.started_at,
    paperRowids: JSON.parse(r.paper_rowids) as number[],
    more: r.more,
  });
  const finish = db.transaction(
    (
      channelId: string,
      localDate: string,
      rowids: readonly number[],
      messageId: string | null,
      now: Date,
    ) => {
      for (const rowid of rowids) addPost.run(channelId, rowid, localDate);
      markDone.run(now.toISOString(), messageId, channelId, localDate);
    },
  );
  return {
    subscribe: (sub) => void upsert.run(sub),
    unsubscribe: (channelId) => remove.run(channelId).changes > 0,
    subscriptions: () => all.all().map(toSub),
    subscription: (channelId) => {
      const row = one.get(channelId);
      return row ? toSub(row) : undefined;
    },
    run: (channelId, localDate) => {
      const row = runRow.get(channelId, localDate);
      return row ? toRun(row) : undefined;
    },
    lastDone: (channelId) => {
      const row = lastDone.get(channelId);
      return row ? toRun(row) : undefined;
    },
    startRun(run) {
      insertRun.run(
        run.channelId,
        run.localDate,
        run.nonce,
        run.startedAt,
        JSON.stringify(run.paperRowids),
        run.more,
      );
      return toRun(runRow.get(run.channelId, run.localDate)!);
    },
    finishRun: (channelId, localDate, rowids, messageId, now) =>
      finish.immediate(channelId, localDate, rowids, messageId, now),
  };
}
