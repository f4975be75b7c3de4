import { paperLink } from '../corpus/paper-link.js';
import type { DigestStore, Subscription } from '../db/digest-store.js';
import type { Db } from '../db/open-database.js';
import type { DigestContent, DigestItem } from './digest-content.js';
import { latestOccurrence, localDay, nextOccurrence } from './schedule.js';
import { selectDigestPapers, type DigestPaper } from './select-papers.js';

export type ChosenDigest =
  | {
      kind: 'ready';
      /** In the order they are shown. */
      papers: DigestPaper[];
      /** Papers that qualified but did not fit the subscription's count. */
      more: number;
      /** True when these are what an unfinished run chose (its send is being retried). */
      resumed: boolean;
    }
  | { kind: 'already-done' };

/**
 * The ONE choice of what a channel's digest for a local day holds: the post, `/digest
 * preview` and `paperbot digest --dry-run` all ask this. A run left unfinished (a crash
 * between choosing and recording) is resumed with exactly the papers it chose; otherwise
 * the papers new since the channel's last digest, or since it subscribed.
 */
export function chooseDigest(
  deps: { db: Db; store: Pick<DigestStore, 'run' | 'lastDone'> },
  subscription: Subscription,
  localDate: string,
): ChosenDigest {
  const existing = deps.store.run(subscription.channelId, localDate);
  if (existing?.status === 'done') return { kind: 'already-done' };
  if (existing) {
    return {
      kind: 'ready',
      papers: loadPapers(deps.db, existing.paperRowids),
      more: existing.more,
      resumed: true,
    };
  }
  const since = deps.store.lastDone(subscription.channelId)?.startedAt ?? subscription.createdAt;
  const selection = selectDigestPapers(deps.db, {
    channelId: subscription.channelId,
    since,
    topic: subscription.topic,
    count: subscription.count,
  });
  return { kind: 'ready', papers: selection.papers, more: selection.more, resumed: false };
}

/**
 * The local day of a channel's next digest: the latest scheduled one when it is not done
 * yet (due now, or being retried), else the next one on the schedule.
 */
export function nextDigestDate(
  subscription: Subscription,
  store: Pick<DigestStore, 'run'>,
  now: Date,
): string {
  const latest = latestOccurrence(subscription, now);
  if (latest && latest.getTime() >= Date.parse(subscription.createdAt)) {
    const date = localDay(latest, subscription.tz);
    if (store.run(subscription.channelId, date)?.status !== 'done') return date;
  }
  return localDay(nextOccurrence(subscription, now) ?? now, subscription.tz);
}

/** What a digest shows of the papers chosen: each with its link, date, upvotes and one sentence. */
export async function digestContent(
  channelId: string | null,
  localDate: string,
  topic: string | null,
  chosen: { papers: readonly DigestPaper[]; more: number },
  summarize: (paper: { title: string; abstract: string }) => Promise<string>,
): Promise<DigestContent> {
  const items: DigestItem[] = [];
  for (const p of chosen.papers) {
    items.push({
      id: p.id,
      title: p.title,
      link: paperLink(p),
      date: p.dateRaw ?? p.published,
      upvotes: p.upvotes,
      summary: await summarize(p),
    });
  }
  return { channelId, date: localDate, topic, items, more: chosen.more };
}

function loadPapers(db: Db, rowids: readonly number[]): DigestPaper[] {
  if (rowids.length === 0) return [];
  const rows = db
    .prepare<number[], DigestPaper>(
      `SELECT rowid, id, title, abstract, published, date_raw AS dateRaw, upvotes, arxiv_id AS arxivId
         FROM papers WHERE rowid IN (${rowids.map(() => '?').join(',')})`,
    )
    .all(...rowids);
  const byRowid = new Map(rows.map((r) => [r.rowid, r]));
  return rowids.map((r) => byRowid.get(r)).filter((p): p is DigestPaper => p !== undefined);
}
