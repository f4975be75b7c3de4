import type { Config } from '../config.js';
import type { Subscription } from '../db/digest-store.js';
import { dailyCron } from './schedule.js';

/** Since the beginning: a channel with no subscription of its own gets every paper it never had. */
export const EVER = new Date(0).toISOString();

/**
 * The ONE recipe for a subscription the environment gives: DIGEST_CHANNEL_ID's (stored by
 * `paperbot start`), and any channel a digest is asked for without /digest subscribe.
 * Every day at DIGEST_CRON (default 08:00) in DIGEST_TZ (default UTC), 10 papers, no topic.
 */
export function defaultSubscription(
  channelId: string,
  settings: Pick<Config, 'digestCron' | 'digestTz'>,
  createdAt: string,
): Subscription {
  return {
    channelId,
    guildId: null,
    cron: settings.digestCron ?? dailyCron('08:00')!,
    tz: settings.digestTz ?? 'UTC',
    topic: null,
    count: 10,
    createdAt,
  };
}
