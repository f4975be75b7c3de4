import { beforeEach, describe, expect, it } from 'vitest';
import { createDigestStore, type DigestStore } from '../../src/db/digest-store.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { createDigestService, type SubscribeInput } from '../../src/digest/digest-service.js';
import { UserFacingError } from '../../src/errors.js';
import { ingest, paper } from '../support/library.js';

/** /digest subscribe, preview and `paperbot digest --dry-run`, without Discord. */
const CHANNEL = '555555555555555555';
const NOW = new Date('2026-03-10T06:00:00Z');
const A = 'We propose a method for this problem. It works on four benchmarks and beats prior work.';

let db: Db;
let store: DigestStore;
let now: Date;
const service = (
  defaults: { digestCron: string | undefined; digestTz: string | undefined } = {
    digestCron: undefined,
    digestTz: undefined,
  },
) =>
  createDigestService({
    db,
    store,
    clock: () => now,
    defaults,
    summarize: async (p) => `model summary of ${p.title}`,
  });
const input = (over: Partial<SubscribeInput> = {}): SubscribeInput => ({
  channelId: CHANNEL,
  guildId: '666666666666666666',
  time: '08:30',
  tz: 'UTC',
  topic: null,
  count: 5,
  ...over,
});

beforeEach(() => {
  ({ db } = openDatabase(':memory:'));
  store = createDigestStore(db);
  now = NOW;
});

describe('/digest subscribe', () => {
  it('GIVEN a time, a zone, a topic and a count THEN it is saved and the reply says when the first digest comes', () => {
    const reply = service().subscribe(input({ topic: '  long context  ', tz: 'Europe/Paris' }));
    // 08:30 in Paris on 10 March is 07:30 UTC, after 06:00: the same day.
    const first = Date.parse('2026-03-10T07:30:00Z') / 1000;
    expect(reply).toBe(
      `Digest set up for <#${CHANNEL}>: every day at 08:30 (Europe/Paris), on "long context", up to 5 papers. First one: <t:${first}:F>.`,
    );
    expect(store.subscription(CHANNEL)).toEqual({
      channelId: CHANNEL,
      guildId: '666666666666666666',
      cron: '30 8 * * *',
      tz: 'Europe/Paris',
      topic: 'long context',
      count: 5,
      createdAt: NOW.toISOString(),
    });
  });

  it('GIVEN a blank topic THEN no topic, and the reply names none; GIVEN spaces around a topic THEN the reply names it as saved', () => {
    const reply = service().subscribe(input({ topic: '   ' }));
    expect(store.subscription(CHANNEL)!.topic).toBeNull();
    expect(reply).toMatch(/every day at 08:30 \(UTC\), up to 5 papers\./);
  });

  it('GIVEN a channel subscribed before THEN "updated", and it keeps the day it first subscribed', () => {
    service().subscribe(input());
    now = new Date(NOW.getTime() + 86_400_000);
    const reply = service().subscribe(input({ time: '9:05', count: 3 }));
    expect(reply).toMatch(
      new RegExp(`^Digest updated for <#${CHANNEL}>: every day at 9:05 \\(UTC\\), up to 3 papers`),
    );
    expect(store.subscription(CHANNEL)).toMatchObject({
      cron: '5 9 * * *',
      count: 3,
      createdAt: NOW.toISOString(),
    });
  });

  it('GIVEN a time that is not a time of day, or a zone that does not exist THEN a clear message and nothing saved', () => {
    expect(() => service().subscribe(input({ time: '25:00' }))).toThrow(
      new UserFacingError('"25:00" is not a time of day; use HH:MM, e.g. 08:30.'),
    );
    expect(() => service().subscribe(input({ tz: 'Mars/Olympus' }))).toThrow(
      new UserFacingError(
        '"Mars/Olympus" is not a time zone; use a name like Europe/Paris or America/New_York.',
      ),
    );
    expect(() => service().subscribe(input({ tz: 'Mars/Olympus' }))).toThrow(UserFacingError);
    expect(store.subscription(CHANNEL)).toBeUndefined();
  });
});

describe('a digest before it is posted', () => {
  beforeEach(() => {
    ingest(
      db,
      [
        paper('Fresh Paper One', `One. ${A}`, { upvotes: 3 }),
        paper('Fresh Paper Two', `Two. ${A}`, { upvotes: 1 }),
      ],
      { now: NOW },
    );
  });

  it("GIVEN a channel with no subscription THEN the environment's recipe, since the beginning", () => {
    expect(
      service({ digestCron: '0 7 * * *', digestTz: 'Asia/Tokyo' }).subscriptionFor(CHANNEL),
    ).toMatchObject({ cron: '0 7 * * *', tz: 'Asia/Tokyo', createdAt: new Date(0).toISOString() });
  });

  it("GIVEN a dry run THEN today's digest in the channel's zone, summarised by the model; GIVEN a preview THEN the abstracts' own sentences", async () => {
    now = new Date('2026-03-09T00:00:00Z');
    service().subscribe(input({ tz: 'Asia/Tokyo', time: '08:30' }));
    now = new Date('2026-03-10T23:30:00Z');
    const draft = await service().draft(CHANNEL);
    expect(draft).toMatchObject({ channelId: CHANNEL, date: '2026-03-11', topic: null, more: 0 });
    expect(draft !== 'already-done' && draft.items.map((i) => i.summary)).toEqual([
      'model summary of Fresh Paper One',
      'model summary of Fresh Paper Two',
    ]);
    const preview = await service().preview(CHANNEL);
    expect(preview.items.map((i) => i.summary)).toEqual([
      'It works on four benchmarks and beats prior work.',
      'It works on four benchmarks and beats prior work.',
    ]);
  });

  it("GIVEN today's digest already posted THEN the dry run says so and the preview shows the next day's, empty", async () => {
    service().subscribe(input({ time: '05:00' }));
    store.startRun({
      channelId: CHANNEL,
      localDate: '2026-03-10',
      nonce: 'n',
      startedAt: NOW.toISOString(),
      paperRowids: [],
      more: 0,
    });
    store.finishRun(CHANNEL, '2026-03-10', [], null, NOW);
    expect(await service().draft(CHANNEL)).toBe('already-done');
    const preview = await service().preview(CHANNEL);
    expect(preview.date).toBe('2026-03-11');
  });
});
