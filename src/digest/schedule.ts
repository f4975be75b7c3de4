import { Cron } from 'croner';
import type { DigestStore, Subscription } from '../db/digest-store.js';

export interface DueRun {
  subscription: Subscription;
  /** The subscription's local date of the occurrence (yyyy-mm-dd in its time zone). */
  localDate: string;
  scheduledFor: Date;
}

/**
 * The digests that should run now: for each subscription, its latest scheduled time at or
 * before `now` (computed in its own time zone by croner, so a DST change neither skips
 * nor doubles a day), unless that local day's digest is already done. A bot that was down
 * for several days catches up once, with the latest day, not once per missed day.
 */
export function dueRuns(
  subscriptions: readonly Subscription[],
  store: Pick<DigestStore, 'run'>,
  now: Date,
): DueRun[] {
  const due: DueRun[] = [];
  for (const subscription of subscriptions) {
    const latest = latestOccurrence(subscription, now);
    if (!latest || latest.getTime() < Date.parse(subscription.createdAt)) continue;
    const localDate = localDay(latest, subscription.tz);
    if (store.run(subscription.channelId, localDate)?.status === 'done') continue;
    due.push({ subscription, localDate, scheduledFor: latest });
  }
  return due;
}

export function latestOccurrence(
  subscription: Pick<Subscription, 'cron' | 'tz'>,
  now: Date,
): Date | undefined {
  const cron = new Cron(subscription.cron, { timezone: subscription.tz, paused: true });
  // previousRuns looks strictly before its reference, to the second: ask from a second
  // later and drop an occurrence still in the future.
  return cron
    .previousRuns(2, new Date(now.getTime() + 1000))
    .find((run) => run.getTime() <= now.getTime());
}

export function nextOccurrence(
  subscription: Pick<Subscription, 'cron' | 'tz'>,
  now: Date,
): Date | undefined {
  return (
    new Cron(subscription.cron, { timezone: subscription.tz, paused: true }).nextRun(now) ??
    undefined
  );
}

export function localDay(instant: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** "08:30" → "30 8 * * *"; undefined for anything that is not a time of day. */
export function dailyCron(time: string): string | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  return match ? `${Number(match[2])} ${Number(match[1])} * * *` : undefined;
}
