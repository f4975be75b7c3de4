import { describe, expect, it } from 'vitest';
import { defaultSubscription, EVER } from '../../src/digest/subscriptions.js';

const CHANNEL = '444444444444444444';

describe("the environment's digest subscription", () => {
  it('GIVEN no DIGEST_CRON or DIGEST_TZ THEN every day at 08:00 UTC, 10 papers, no topic', () => {
    expect(
      defaultSubscription(CHANNEL, { digestCron: undefined, digestTz: undefined }, EVER),
    ).toEqual({
      channelId: CHANNEL,
      guildId: null,
      cron: '0 8 * * *',
      tz: 'UTC',
      topic: null,
      count: 10,
      createdAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('GIVEN DIGEST_CRON and DIGEST_TZ THEN they are the schedule', () => {
    expect(
      defaultSubscription(
        CHANNEL,
        { digestCron: '30 7 * * 1-5', digestTz: 'Europe/Paris' },
        '2026-03-09T00:00:00Z',
      ),
    ).toMatchObject({
      cron: '30 7 * * 1-5',
      tz: 'Europe/Paris',
      createdAt: '2026-03-09T00:00:00Z',
    });
  });
});
