import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { paperLink } from '../corpus/paper-link.js';
import type { Db } from '../db/open-database.js';
import type { AlertRow, WatchStore } from '../db/watch-store.js';
import { papersOnTopic } from '../search/topic-filter.js';
import type { Summarize } from './digest-content.js';

/** One paper in an alert: what the direct message shows of it. */
export interface AlertItem {
  id: string;
  title: string;
  link: string;
  /** The user's topic it matched. */
  topic: string;
  summary: string;
}

/**
 * Sends one user one direct message listing `items` (marked with `nonce`, so a send retried
 * within Discord's few minutes is not doubled): `sent`, or `dms_closed` when Discord says the
 * user accepts no direct message from the bot (error 50007). Anything else throws.
 */
export type SendAlert = (
  userId: string,
  items: readonly AlertItem[],
  nonce: string,
) => Promise<'sent' | 'dms_closed'>;

export interface AlertCounts {
  /** Direct messages sent, failed (retried at the next run), refused for closed DMs. */
  sent: number;
  failed: number;
  dmsClosed: number;
}

export interface WatchAlerts {
  /**
   * Looks at the papers that entered the library since the last look (a feed fetch, or a
   * `paperbot ingest` in another process), records the alerts they give, then sends each
   * user with alerts due ONE direct message. Never throws.
   */
  run(now: Date): Promise<AlertCounts>;
  /** What `run` would send this user now, recording nothing (`paperbot watch`). */
  preview(userId: string): Promise<AlertItem[]>;
}

export interface WatchAlertDeps {
  db: Db;
  store: WatchStore;
  summarize: Summarize;
  send: SendAlert;
  log: Logger;
}

interface AlertPaper {
  rowid: number;
  id: string;
  title: string;
  abstract: string;
  arxivId: string | null;
}

/**
 * Alerts on new papers (src/digest/README.md): a high-water mark of the papers looked at,
 * an outbox of alerts per user and paper (pending → sending → sent), one message per user
 * and run. A crash between the send and its record leaves the alerts `sending`, and those
 * are never sent again: at most once, never twice.
 */
export function createWatchAlerts(deps: WatchAlertDeps): WatchAlerts {
  const { db, store, log } = deps;
  const maxRowid = db.prepare<[], number | null>('SELECT max(rowid) FROM papers').pluck();
  const newRowids = db
    .prepare<[number], number>('SELECT rowid FROM papers WHERE rowid > ? ORDER BY rowid')
    .pluck();
  const paperRow = db.prepare<[number], AlertPaper>(
    'SELECT rowid, id, title, abstract, arxiv_id AS arxivId FROM papers WHERE rowid = ?',
  );

  /** The alerts the papers above `mark` give, for one user or all; none already on record. */
  const matches = (mark: number, userId?: string): { alerts: AlertRow[]; top: number } => {
    const rowids = newRowids.all(mark);
    const alerts: AlertRow[] = [];
    if (rowids.length === 0) return { alerts, top: mark };
    const seen = new Set<string>();
    for (const watch of store.all()) {
      if (userId !== undefined && watch.userId !== userId) continue;
      for (const rowid of papersOnTopic(db, watch.topic, rowids)) {
        const key = `${watch.userId}:${rowid}`;
        if (seen.has(key) || store.has(watch.userId, rowid)) continue;
        seen.add(key);
        alerts.push({ userId: watch.userId, paperRowid: rowid, topic: watch.topic });
      }
    }
    return { alerts, top: rowids.at(-1)! };
  };

  const items = async (rows: readonly AlertRow[]): Promise<AlertItem[]> => {
    const out: AlertItem[] = [];
    for (const row of [...rows].sort((a, b) => a.paperRowid - b.paperRowid)) {
      const paper = paperRow.get(row.paperRowid);
      if (!paper) continue;
      out.push({
        id: paper.id,
        title: paper.title,
        link: paperLink(paper),
        topic: row.topic,
        summary: await deps.summarize(paper),
      });
    }
    return out;
  };

  const scan = (now: Date) => {
    const mark = store.mark();
    if (mark === null) {
      // The first look: the library as it stands is not news.
      store.record([], maxRowid.get() ?? 0, now);
      return;
    }
    const { alerts, top } = matches(mark);
    if (top > mark) store.record(alerts, top, now);
  };

  const deliver = async (userId: string, rows: AlertRow[], now: Date, counts: AlertCounts) => {
    const rowids = rows.map((r) => r.paperRowid);
    // In one transaction: which of them this run takes.
    const taken = db
      .transaction(() =>
        rowids.filter((rowid) => store.move(userId, [rowid], 'pending', 'sending', now)),
      )
      .immediate();
    if (taken.length !== rowids.length) {
      // Another run (another process) took some of them: put back only what this one took,
      // never the other's in flight, and leave them for the next run.
      store.move(userId, taken, 'sending', 'pending', now);
      return;
    }
    try {
      const outcome = await deps.send(userId, await items(rows), alertNonce(userId, rowids));
      if (outcome === 'sent') {
        store.move(userId, rowids, 'sending', 'sent', now);
        store.openDms(userId);
        counts.sent++;
      } else {
        store.move(userId, rowids, 'sending', 'dms_closed', now);
        if (store.closeDms(userId, now))
          log.warn({ user: userId }, 'alerts: this user accepts no direct message; watches kept');
        counts.dmsClosed++;
      }
    } catch (error) {
      store.move(userId, rowids, 'sending', 'pending', now);
      log.warn({ err: error, user: userId, papers: rowids.length }, 'alert failed; will retry');
      counts.failed++;
    }
  };

  const runOnce = async (now: Date) => {
    const counts: AlertCounts = { sent: 0, failed: 0, dmsClosed: 0 };
    try {
      scan(now);
      for (const [userId, rows] of store.pending()) await deliver(userId, rows, now, counts);
    } catch (error) {
      log.error({ err: error }, 'alerts: run failed; will retry');
    }
    return counts;
  };
  // One run at a time: two that overlap would each take a user's pending alerts, and the
  // slower one's "put back" would release the other's in flight for a second send.
  let running: Promise<unknown> = Promise.resolve();
  return {
    run(now) {
      const next = running.then(() => runOnce(now));
      running = next;
      return next;
    },
    async preview(userId) {
      const due = store.pending().get(userId) ?? [];
      const mark = store.mark();
      const ahead = mark === null ? [] : matches(mark, userId).alerts;
      return items([...due, ...ahead]);
    },
  };
}

/** The same user and papers always give the same nonce (≤ 25 characters, as Discord allows). */
export function alertNonce(userId: string, rowids: readonly number[]): string {
  return createHash('sha256')
    .update(`${userId}:${[...rowids].sort((a, b) => a - b).join(',')}`)
    .digest('base64url')
    .slice(0, 25);
}
