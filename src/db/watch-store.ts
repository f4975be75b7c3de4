import type { Db } from './open-database.js';

export interface Watch {
  userId: string;
  topic: string;
  createdAt: string;
}

/** One alert due or sent: a paper for a user, found by one of their topics. */
export interface AlertRow {
  userId: string;
  paperRowid: number;
  topic: string;
}

export type AlertStatus = 'pending' | 'sending' | 'sent' | 'dms_closed';

/** Watched topics, the alerts they gave, and the watcher's high-water mark (migration 12). */
export interface WatchStore {
  /**
   * False when the user already watches a topic with this key. The first watch ever also
   * sets the mark at the library as it stands: alerts are on papers that come after it.
   */
  add(watch: Watch, key: string): boolean;
  remove(userId: string, key: string): boolean;
  /** The user's topics, oldest first. */
  list(userId: string): Watch[];
  count(userId: string): number;
  all(): Watch[];
  /** The highest paper rowid the watcher has looked at, or null before its first look. */
  mark(): number | null;
  /**
   * In ONE transaction: the alerts found (those already on record are kept as they are:
   * never twice for a user and paper) and the new mark.
   */
  record(alerts: readonly AlertRow[], mark: number, now: Date): void;
  /** Whether the user already has an alert for this paper, in any state. */
  has(userId: string, paperRowid: number): boolean;
  /** Users with pending alerts, and theirs, oldest paper first. */
  pending(): Map<string, AlertRow[]>;
  /** Moves the user's alerts for these papers from one state to another; returns how many. */
  move(
    userId: string,
    rowids: readonly number[],
    from: AlertStatus,
    to: AlertStatus,
    now: Date,
  ): number;
  /** Records that the user's DMs are closed; true the first time (since they last opened). */
  closeDms(userId: string, now: Date): boolean;
  openDms(userId: string): void;
}

export function createWatchStore(db: Db): WatchStore {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO watches (user_id, topic_key, topic, created_at) VALUES (?, ?, ?, ?)',
  );
  const startMark = db.prepare(
    'INSERT OR IGNORE INTO watch_mark (id, paper_rowid) SELECT 1, coalesce(max(rowid), 0) FROM papers',
  );
  const addWatch = db.transaction((w: Watch, key: string) => {
    startMark.run();
    return insert.run(w.userId, key, w.topic, w.createdAt).changes > 0;
  });
  const del = db.prepare('DELETE FROM watches WHERE user_id = ? AND topic_key = ?');
  const listFor = db.prepare<[string], Watch>(
    `SELECT user_id AS userId, topic, created_at AS createdAt FROM watches
      WHERE user_id = ? ORDER BY created_at, topic`,
  );
  const countFor = db
    .prepare<[string], number>('SELECT count(*) FROM watches WHERE user_id = ?')
    .pluck();
  const every = db.prepare<[], Watch>(
    'SELECT user_id AS userId, topic, created_at AS createdAt FROM watches ORDER BY user_id, created_at',
  );
  const markRow = db.prepare<[], number>('SELECT paper_rowid FROM watch_mark WHERE id = 1').pluck();
  const setMark = db.prepare(
    `INSERT INTO watch_mark (id, paper_rowid) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET paper_rowid = max(paper_rowid, excluded.paper_rowid)`,
  );
  const enqueue = db.prepare(
    `INSERT OR IGNORE INTO watch_alerts (user_id, paper_rowid, topic, status, created_at)
     VALUES (?, ?, ?, 'pending', ?)`,
  );
  const exists = db
    .prepare<[string, number], number>(
      'SELECT 1 FROM watch_alerts WHERE user_id = ? AND paper_rowid = ?',
    )
    .pluck();
  const pendingRows = db.prepare<[], AlertRow>(
    `SELECT user_id AS userId, paper_rowid AS paperRowid, topic FROM watch_alerts
      WHERE status = 'pending' ORDER BY user_id, paper_rowid`,
  );
  const moveOne = db.prepare(
    `UPDATE watch_alerts SET status = @to, sent_at = CASE WHEN @to IN ('sent', 'dms_closed') THEN @now ELSE sent_at END
      WHERE user_id = @user AND paper_rowid = @rowid AND status = @from`,
  );
  const close = db.prepare('INSERT OR IGNORE INTO watch_dms_closed (user_id, since) VALUES (?, ?)');
  const open = db.prepare('DELETE FROM watch_dms_closed WHERE user_id = ?');
  const record = db.transaction((alerts: readonly AlertRow[], mark: number, now: Date) => {
    for (const a of alerts) enqueue.run(a.userId, a.paperRowid, a.topic, now.toISOString());
    setMark.run(mark);
  });
  const move = db.transaction(
    (userId: string, rowids: readonly number[], from: AlertStatus, to: AlertStatus, now: Date) =>
      rowids.reduce(
        (n, rowid) =>
          n + moveOne.run({ user: userId, rowid, from, to, now: now.toISOString() }).changes,
        0,
      ),
  );
  return {
    add: (w, key) => addWatch.immediate(w, key),
    remove: (userId, key) => del.run(userId, key).changes > 0,
    list: (userId) => listFor.all(userId),
    count: (userId) => countFor.get(userId) ?? 0,
    all: () => every.all(),
    mark: () => markRow.get() ?? null,
    record: (alerts, mark, now) => record.immediate(alerts, mark, now),
    has: (userId, rowid) => exists.get(userId, rowid) !== undefined,
    pending() {
      const byUser = new Map<string, AlertRow[]>();
      for (const row of pendingRows.all()) {
        const list = byUser.get(row.userId) ?? [];
        list.push(row);
        byUser.set(row.userId, list);
      }
      return byUser;
    },
    move: (userId, rowids, from, to, now) => move.immediate(userId, rowids, from, to, now),
    closeDms: (userId, now) => close.run(userId, now.toISOString()).changes > 0,
    openDms: (userId) => void open.run(userId),
  };
}
