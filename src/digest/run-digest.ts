import { createHash } from 'node:crypto';
import { paperLink } from '../corpus/paper-link.js';
import type { DigestStore, Subscription } from '../db/digest-store.js';
import type { Db } from '../db/open-database.js';
import { selectDigestPapers, type DigestPaper } from './select-papers.js';

export interface DigestItem {
  id: string;
  title: string;
  link: string;
  date: string | null;
  upvotes: number | null;
  summary: string;
}

export interface DigestContent {
  channelId: string | null;
  /** The local day the digest is for. */
  date: string;
  topic: string | null;
  items: DigestItem[];
  /** Papers that qualified but did not fit `count`. */
  more: number;
}

export interface DigestDeps {
  db: Db;
  store: DigestStore;
  summarize: (paper: { title: string; abstract: string }) => Promise<string>;
  /** Sends the digest; the nonce lets Discord drop a duplicate of a retried send. */
  post: (content: DigestContent, nonce: string) => Promise<{ messageId: string | null }>;
  clock: () => Date;
}

export type DigestOutcome =
  | { kind: 'posted'; content: DigestContent; messageId: string | null }
  | { kind: 'nothing-new'; content: DigestContent }
  | { kind: 'already-done' };

/**
 * One channel's digest for one local day, exactly once: the chosen papers are recorded
 * with a nonce before sending; the send carries that nonce (Discord drops a duplicate);
 * what was posted is recorded in the same transaction that marks the run done. A run
 * interrupted between send and record is retried with the same papers and nonce.
 */
export async function runChannelDigest(
  deps: DigestDeps,
  subscription: Subscription,
  localDate: string,
): Promise<DigestOutcome> {
  const { store } = deps;
  const existing = store.run(subscription.channelId, localDate);
  if (existing?.status === 'done') return { kind: 'already-done' };
  let rowids: number[];
  let more = 0;
  if (existing) {
    rowids = existing.paperRowids;
  } else {
    const since = store.lastDone(subscription.channelId)?.startedAt ?? subscription.createdAt;
    const selection = selectDigestPapers(deps.db, {
      channelId: subscription.channelId,
      since,
      topic: subscription.topic,
      count: subscription.count,
    });
    rowids = selection.papers.map((p) => p.rowid);
    more = selection.more;
  }
  const papers = loadPapers(deps.db, rowids);
  const content: DigestContent = {
    channelId: subscription.channelId,
    date: localDate,
    topic: subscription.topic,
    items: await toItems(deps, papers),
    more,
  };
  const now = deps.clock();
  if (papers.length === 0) {
    // Nothing new: nothing is posted, and the day is done.
    store.startRun({
      channelId: subscription.channelId,
      localDate,
      nonce: '',
      startedAt: now.toISOString(),
      paperRowids: [],
    });
    store.finishRun(subscription.channelId, localDate, [], null, now);
    return { kind: 'nothing-new', content };
  }
  const run = store.startRun({
    channelId: subscription.channelId,
    localDate,
    nonce: digestNonce(subscription.channelId, localDate),
    startedAt: now.toISOString(),
    paperRowids: rowids,
  });
  const { messageId } = await deps.post(content, run.nonce);
  store.finishRun(subscription.channelId, localDate, rowids, messageId, deps.clock());
  return { kind: 'posted', content, messageId };
}

/** A digest for the terminal: papers no digest has had yet (not recorded when dryRun). */
export async function terminalDigest(
  deps: Omit<DigestDeps, 'post'>,
  options: { count: number; topic: string | null; dryRun: boolean; localDate: string },
): Promise<DigestContent> {
  const selection = selectDigestPapers(deps.db, {
    channelId: null,
    since: null,
    topic: options.topic,
    count: options.count,
  });
  const content: DigestContent = {
    channelId: null,
    date: options.localDate,
    topic: options.topic,
    items: await toItems(deps, selection.papers),
    more: selection.more,
  };
  if (!options.dryRun && selection.papers.length > 0) {
    const now = deps.clock();
    const key = `terminal:${now.toISOString()}`;
    deps.store.startRun({
      channelId: 'terminal',
      localDate: key,
      nonce: '',
      startedAt: now.toISOString(),
      paperRowids: selection.papers.map((p) => p.rowid),
    });
    deps.store.finishRun(
      'terminal',
      key,
      selection.papers.map((p) => p.rowid),
      null,
      now,
    );
  }
  return content;
}

/** The same channel and day always give the same nonce (Discord allows 25 characters). */
export function digestNonce(channelId: string, localDate: string): string {
  return `dg${createHash('sha256').update(`${channelId}:${localDate}`).digest('hex').slice(0, 22)}`;
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

async function toItems(
  deps: Pick<DigestDeps, 'summarize'>,
  papers: readonly DigestPaper[],
): Promise<DigestItem[]> {
  const items: DigestItem[] = [];
  for (const p of papers) {
    items.push({
      id: p.id,
      title: p.title,
      link: paperLink(p),
      date: p.dateRaw ?? p.published,
      upvotes: p.upvotes,
      summary: await deps.summarize(p),
    });
  }
  return items;
}
