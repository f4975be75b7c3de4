import { createHash } from 'node:crypto';
import type { DigestStore, Subscription } from '../db/digest-store.js';
import type { Db } from '../db/open-database.js';
import { chooseDigest, digestContent } from './choose-digest.js';
import type { DigestContent, Summarize } from './digest-content.js';
import { selectDigestPapers } from './select-papers.js';

export interface DigestDeps {
  db: Db;
  store: DigestStore;
  summarize: Summarize;
  /** Sends the digest; the nonce lets Discord drop a duplicate of a retried send. */
  post: (content: DigestContent, nonce: string) => Promise<{ messageId: string | null }>;
  /**
   * The message a run's earlier attempt posted, found in the channel (Discord forgets a
   * nonce after a few minutes); null when there is none. Without it, a retry relies on the nonce.
   */
  findPosted?: (
    channelId: string,
    nonce: string,
    since: Date,
  ) => Promise<{ messageId: string } | null>;
  clock: () => Date;
}

export type DigestOutcome =
  | {
      kind: 'posted';
      content: DigestContent;
      messageId: string | null;
      /** An earlier attempt had posted it: found in the channel, recorded, not sent again. */
      recovered?: true;
    }
  | { kind: 'nothing-new'; content: DigestContent }
  | { kind: 'already-done' };

/**
 * One channel's digest for one local day, exactly once: the chosen papers (and the count
 * of the rest) are recorded with a nonce before sending; the send carries that nonce
 * (Discord drops a duplicate for a few minutes) and the message carries it too; what was
 * posted is recorded in the same transaction that marks the run done. A run interrupted
 * between send and record first looks for its message in the channel and records it when
 * found; else it is sent again with the same papers, count and nonce.
 */
export async function runChannelDigest(
  deps: DigestDeps,
  subscription: Subscription,
  localDate: string,
): Promise<DigestOutcome> {
  const { store } = deps;
  const chosen = chooseDigest(deps, subscription, localDate);
  if (chosen.kind === 'already-done') return { kind: 'already-done' };
  const { channelId, topic } = subscription;
  const content = await digestContent(channelId, localDate, topic, chosen, deps.summarize);
  const rowids = chosen.papers.map((p) => p.rowid);
  const now = deps.clock();
  if (rowids.length === 0) {
    // Nothing new: nothing is posted, and the day is done.
    store.startRun({
      channelId,
      localDate,
      nonce: '',
      startedAt: now.toISOString(),
      paperRowids: [],
      more: 0,
    });
    store.finishRun(channelId, localDate, [], null, now);
    return { kind: 'nothing-new', content };
  }
  const run = store.startRun({
    channelId,
    localDate,
    nonce: digestNonce(channelId, localDate),
    startedAt: now.toISOString(),
    paperRowids: rowids,
    more: chosen.more,
  });
  if (chosen.resumed && deps.findPosted) {
    const found = await deps.findPosted(channelId, run.nonce, new Date(run.startedAt));
    if (found) {
      store.finishRun(channelId, localDate, rowids, found.messageId, deps.clock());
      return { kind: 'posted', content, messageId: found.messageId, recovered: true };
    }
  }
  const { messageId } = await deps.post(content, run.nonce);
  store.finishRun(channelId, localDate, rowids, messageId, deps.clock());
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
  const content = await digestContent(
    null,
    options.localDate,
    options.topic,
    selection,
    deps.summarize,
  );
  if (!options.dryRun && selection.papers.length > 0) {
    const now = deps.clock();
    const key = `terminal:${now.toISOString()}`;
    const rowids = selection.papers.map((p) => p.rowid);
    deps.store.startRun({
      channelId: 'terminal',
      localDate: key,
      nonce: '',
      startedAt: now.toISOString(),
      paperRowids: rowids,
      more: selection.more,
    });
    deps.store.finishRun('terminal', key, rowids, null, now);
  }
  return content;
}

/** The same channel and day always give the same nonce (Discord allows 25 characters). */
export function digestNonce(channelId: string, localDate: string): string {
  return `dg${createHash('sha256').update(`${channelId}:${localDate}`).digest('hex').slice(0, 22)}`;
}
