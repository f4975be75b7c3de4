import { isTimeZone } from '../config.js';
import type { DigestStore } from '../db/digest-store.js';
import type { Db } from '../db/open-database.js';
import { UserFacingError } from '../errors.js';
import { paperLink } from '../corpus/paper-link.js';
import type { DigestContent } from './run-digest.js';
import { dailyCron, localDay, nextOccurrence } from './schedule.js';
import { selectDigestPapers } from './select-papers.js';
import { informativeSentence } from './summarize.js';

export interface SubscribeInput {
  channelId: string;
  guildId: string | null;
  time: string;
  tz: string;
  topic: string | null;
  count: number;
}

/** What /digest needs: subscribe, unsubscribe, preview. */
export interface DigestService {
  /** Saves the subscription; returns a line saying when the first digest comes. */
  subscribe(input: SubscribeInput): string;
  unsubscribe(channelId: string): boolean;
  preview(channelId: string): Promise<DigestContent>;
}

export function createDigestService(db: Db, store: DigestStore, clock: () => Date): DigestService {
  return {
    subscribe(input) {
      const cron = dailyCron(input.time);
      if (!cron)
        throw new UserFacingError(`"${input.time}" is not a time of day; use HH:MM, e.g. 08:30.`);
      if (!isTimeZone(input.tz))
        throw new UserFacingError(
          `"${input.tz}" is not a time zone; use a name like Europe/Paris or America/New_York.`,
        );
      const existing = store.subscription(input.channelId);
      const now = clock();
      store.subscribe({
        channelId: input.channelId,
        guildId: input.guildId,
        cron,
        tz: input.tz,
        topic: input.topic?.trim() || null,
        count: input.count,
        createdAt: existing?.createdAt ?? now.toISOString(),
      });
      const next = nextOccurrence({ cron, tz: input.tz }, now);
      const when = next ? `<t:${Math.floor(next.getTime() / 1000)}:F>` : 'soon';
      return `Digest ${existing ? 'updated' : 'set up'} for <#${input.channelId}>: every day at ${input.time} (${input.tz})${input.topic ? `, on "${input.topic}"` : ''}, up to ${input.count} papers. First one: ${when}.`;
    },
    unsubscribe: (channelId) => store.unsubscribe(channelId),
    async preview(channelId) {
      const subscription = store.subscription(channelId);
      const since = store.lastDone(channelId)?.startedAt ?? subscription?.createdAt ?? null;
      const selection = selectDigestPapers(db, {
        channelId,
        since,
        topic: subscription?.topic ?? null,
        count: subscription?.count ?? 10,
      });
      return {
        channelId,
        date: localDay(clock(), subscription?.tz ?? 'UTC'),
        topic: subscription?.topic ?? null,
        items: selection.papers.map((p) => ({
          id: p.id,
          title: p.title,
          link: paperLink(p),
          date: p.dateRaw ?? p.published,
          upvotes: p.upvotes,
          summary: informativeSentence(p.abstract),
        })),
        more: selection.more,
      };
    },
  };
}
