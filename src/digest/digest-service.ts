import { isTimeZone, type Config } from '../config.js';
import type { DigestStore, Subscription } from '../db/digest-store.js';
import type { Db } from '../db/open-database.js';
import { UserFacingError } from '../errors.js';
import { chooseDigest, digestContent, nextDigestDate } from './choose-digest.js';
import type { DigestContent, Summarize } from './digest-content.js';
import { dailyCron, localDay, nextOccurrence } from './schedule.js';
import { defaultSubscription, EVER } from './subscriptions.js';
import { informativeSentence } from './summarize.js';

export interface SubscribeInput {
  channelId: string;
  guildId: string | null;
  time: string;
  tz: string;
  topic: string | null;
  count: number;
}

/** What /digest and `paperbot digest` need besides the post itself. */
export interface DigestService {
  /** Saves the subscription; returns a line saying when the first digest comes. */
  subscribe(input: SubscribeInput): string;
  unsubscribe(channelId: string): boolean;
  /** The channel's subscription, or the environment's recipe for a channel without one. */
  subscriptionFor(channelId: string): Subscription;
  /**
   * `/digest preview`: the channel's next scheduled digest as it would be posted, nothing
   * recorded. Summaries are the abstracts' own sentences (no model call: the reply is due
   * within Discord's 3 s).
   */
  preview(channelId: string): Promise<DigestContent>;
  /**
   * `paperbot digest --channel X --dry-run`: the digest a post now would send (today in
   * the channel's time zone), nothing recorded; 'already-done' when today's was posted.
   */
  draft(channelId: string): Promise<DigestContent | 'already-done'>;
}

export interface DigestServiceDeps {
  db: Db;
  store: DigestStore;
  clock: () => Date;
  /** DIGEST_CRON / DIGEST_TZ, for channels without a subscription of their own. */
  defaults: Pick<Config, 'digestCron' | 'digestTz'>;
  summarize: Summarize;
}

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { store, clock } = deps;
  const subscriptionFor = (channelId: string) =>
    store.subscription(channelId) ?? defaultSubscription(channelId, deps.defaults, EVER);
  const draftFor = async (channelId: string, localDate: string, summarize: Summarize) => {
    const subscription = subscriptionFor(channelId);
    const chosen = chooseDigest(deps, subscription, localDate);
    if (chosen.kind === 'already-done') return 'already-done';
    return digestContent(channelId, localDate, subscription.topic, chosen, summarize);
  };
  const offline: Summarize = async (paper) => informativeSentence(paper.abstract);
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
      const topic = input.topic?.trim() || null;
      const now = clock();
      store.subscribe({
        channelId: input.channelId,
        guildId: input.guildId,
        cron,
        tz: input.tz,
        topic,
        count: input.count,
        createdAt: existing?.createdAt ?? now.toISOString(),
      });
      const next = nextOccurrence({ cron, tz: input.tz }, now);
      const when = next ? `<t:${Math.floor(next.getTime() / 1000)}:F>` : 'soon';
      return `Digest ${existing ? 'updated' : 'set up'} for <#${input.channelId}>: every day at ${input.time} (${input.tz})${topic ? `, on "${topic}"` : ''}, up to ${input.count} papers. First one: ${when}.`;
    },
    unsubscribe: (channelId) => store.unsubscribe(channelId),
    subscriptionFor,
    async preview(channelId) {
      const subscription = subscriptionFor(channelId);
      const localDate = nextDigestDate(subscription, store, clock());
      const content = await draftFor(channelId, localDate, offline);
      return content === 'already-done'
        ? { channelId, date: localDate, topic: subscription.topic, items: [], more: 0 }
        : content;
    },
    draft(channelId) {
      return draftFor(channelId, localDay(clock(), subscriptionFor(channelId).tz), deps.summarize);
    },
  };
}
