import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { fetchHfDaily } from '../../src/corpus/hf-daily.js';
import type { ParsedPaper } from '../../src/corpus/paper.js';
import { createFeedStore } from '../../src/db/feed-store.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { createFeed, type FeedDeps } from '../../src/digest/feed.js';
import { hfItem, startFakeHf } from '../support/fake-hf-server.js';
import { ingest } from '../support/library.js';

let db: Db;
let hf: Awaited<ReturnType<typeof startFakeHf>>;
let logs: { level: number; msg: string; day?: string }[];

beforeEach(async () => {
  ({ db } = openDatabase(':memory:'));
  hf = await startFakeHf();
  logs = [];
});
afterEach(async () => {
  await hf.close();
  db.close();
});

function feed(over: Partial<FeedDeps> = {}) {
  const log = createLogger('info', {
    write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]),
  });
  return createFeed({
    store: createFeedStore(db),
    fetchDay: (date) =>
      fetchHfDaily({ baseUrl: hf.baseUrl, date, retries: 0, timeoutMs: 2000, backoffMs: 1 }),
    ingest: (papers, now) => ingest(db, papers, { now }),
    log,
    cron: '0 * * * *',
    ...over,
  });
}

const count = () => (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
const at = (iso: string) => new Date(iso);

describe('the feed: daily papers fetched by the bot itself', () => {
  it('GIVEN an hourly schedule THEN the first tick fetches today, a tick in the same hour nothing, the next hour today again', async () => {
    hf.days.set('2026-03-10', [hfItem('2603.00001', 'Sparse Attention At Scale')]);
    const f = feed();
    const first = await f.runDue(at('2026-03-10T09:20:00Z'));
    expect(first.map((r) => [r.day, r.status, r.newPapers])).toEqual([['2026-03-10', 'ok', 1]]);
    expect(count()).toBe(1);
    expect(await f.runDue(at('2026-03-10T09:50:00Z'))).toEqual([]);
    hf.days.set('2026-03-10', [
      hfItem('2603.00001', 'Sparse Attention At Scale'),
      hfItem('2603.00002', 'Reward Models Prefer Length'),
    ]);
    const next = await f.runDue(at('2026-03-10T10:00:30Z'));
    expect(next.map((r) => [r.day, r.papers, r.newPapers])).toEqual([['2026-03-10', 2, 1]]);
    expect(hf.requests).toEqual(['2026-03-10', '2026-03-10']);
    expect(count()).toBe(2);
  });

  it('GIVEN a bot down for ten days THEN it fetches the last 7 days it missed, oldest first, once each, then only today', async () => {
    const f = feed();
    await f.runDue(at('2026-03-01T12:00:00Z'));
    hf.days.set('2026-03-05', [hfItem('2603.00005', 'A Paper From The Fifth')]);
    const back = await f.runDue(at('2026-03-11T08:10:00Z'));
    expect(back.map((r) => r.day)).toEqual([
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
    ]);
    expect(count()).toBe(1);
    hf.requests.length = 0;
    await f.runDue(at('2026-03-11T09:00:00Z'));
    expect(hf.requests).toEqual(['2026-03-11']);
    // After midnight, yesterday is fetched once more (papers listed late), then not again.
    await f.runDue(at('2026-03-12T00:00:00Z'));
    await f.runDue(at('2026-03-12T01:00:00Z'));
    expect(hf.requests).toEqual(['2026-03-11', '2026-03-11', '2026-03-12', '2026-03-12']);
  });

  it('GIVEN a fresh library THEN it does not reach back before its first fetch', async () => {
    await feed().runDue(at('2026-03-11T08:10:00Z'));
    expect(hf.requests).toEqual(['2026-03-11']);
  });

  it('GIVEN a 5xx, a hang and malformed items THEN each is logged and recorded, nothing throws, and the next tick fetches those days again', async () => {
    const f = feed();
    await f.runDue(at('2026-03-07T12:00:00Z'));
    hf.days.set('2026-03-08', { status: 503 });
    hf.days.set('2026-03-09', 'hang');
    hf.days.set('2026-03-10', [hfItem('2603.00010', 'Good Paper'), { paper: { id: 'x' } }]);
    hf.days.set('2026-03-11', { raw: '<html>not json' });
    const results = await f.runDue(at('2026-03-11T08:00:00Z'));
    expect(results.map((r) => [r.day, r.status])).toEqual([
      ['2026-03-07', 'ok'],
      ['2026-03-08', 'failed'],
      ['2026-03-09', 'failed'],
      ['2026-03-10', 'partial'],
      ['2026-03-11', 'failed'],
    ]);
    expect(results[1]!.error).toMatch(/answered 503/);
    expect(results[2]!.error).toMatch(/did not answer within 2000 ms/);
    expect(results[4]!.error).toMatch(/not JSON/);
    expect(count()).toBe(1);
    const failures = logs.filter((l) => l.level >= 40).map((l) => l.day);
    expect(failures).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11']);
    hf.days.set('2026-03-08', [hfItem('2603.00008', 'Back On The Eighth')]);
    hf.days.set('2026-03-09', []);
    hf.days.set('2026-03-10', [hfItem('2603.00010', 'Good Paper')]);
    hf.days.set('2026-03-11', []);
    hf.requests.length = 0;
    const retried = await f.runDue(at('2026-03-11T09:00:00Z'));
    expect(hf.requests).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11']);
    expect(retried.every((r) => r.status === 'ok')).toBe(true);
    expect(count()).toBe(2);
  });

  it('GIVEN 5,000 papers in a day THEN the ingest lets the event loop run between slices', async () => {
    hf.days.set(
      '2026-03-10',
      Array.from({ length: 5000 }, (_, i) =>
        hfItem(`2603.${10000 + i}`, `Synthetic Paper Number ${i}`),
      ),
    );
    const events: string[] = [];
    let ingesting = false;
    const ticker = setInterval(() => ingesting && events.push('tick'), 0);
    const f = feed({
      fetchDay: (date) => fetchHfDaily({ baseUrl: hf.baseUrl, date, retries: 0 }),
      ingest: (papers: readonly ParsedPaper[], now: Date) => {
        ingesting = true;
        events.push('ingest');
        return ingest(db, papers, { now });
      },
    });
    const [result] = await f.runDue(at('2026-03-10T09:00:00Z'));
    clearInterval(ticker);
    expect(result!.newPapers).toBe(5000);
    expect(count()).toBe(5000);
    const slices = events.filter((e) => e === 'ingest').length;
    expect(slices).toBeGreaterThan(10);
    const lastIngest = events.lastIndexOf('ingest');
    expect(events.slice(events.indexOf('ingest'), lastIngest)).toContain('tick');
  });
});

describe('the feed: what it records and logs, and its edges', () => {
  it('GIVEN a day fetched and one with malformed items THEN the operator reads what came, what was new and what was skipped', async () => {
    hf.days.set('2026-03-10', [hfItem('2603.00010', 'Good Paper'), { paper: { id: 'x' } }]);
    const [partial] = await feed().runDue(at('2026-03-10T08:00:00Z'));
    expect(partial).toMatchObject({
      day: '2026-03-10',
      status: 'partial',
      papers: 1,
      newPapers: 1,
    });
    expect(partial!.error).toMatch(/^1 malformed item\(s\) skipped, e\.g\. malformed item: /);
    expect(logs.map((l) => [l.level, l.msg, l.day])).toEqual([
      [40, 'feed: malformed items skipped; will fetch the day again', '2026-03-10'],
      [30, 'feed: daily papers fetched', '2026-03-10'],
    ]);
    expect(logs[0]).toMatchObject({ skipped: 1, first: expect.stringMatching(/^malformed item/) });
    expect(logs[1]).toMatchObject({ papers: 1, new: 1 });
    expect(createFeedStore(db).day('2026-03-10')).toEqual(partial);
  });

  it('GIVEN a fetch that fails with something not an Error THEN its text is recorded and logged', async () => {
    const [failed] = await feed({
      fetchDay: () => Promise.reject('socket hang up'),
    }).runDue(at('2026-03-10T08:00:00Z'));
    expect(failed).toMatchObject({ status: 'failed', error: 'socket hang up', papers: 0 });
    expect(logs.map((l) => [l.level, l.msg])).toEqual([
      [50, 'feed: fetching the daily papers failed; will retry at the next tick'],
    ]);
  });

  it('GIVEN a fetch made at the very minute of the schedule THEN a tick later in that hour fetches nothing', async () => {
    const f = feed();
    await f.runDue(at('2026-03-10T10:00:00Z'));
    expect(await f.runDue(at('2026-03-10T10:00:30Z'))).toEqual([]);
    expect(hf.requests).toEqual(['2026-03-10']);
  });

  it('GIVEN the first fetch ever was two days ago at noon THEN that day is fetched again (papers listed late), not the days before it', async () => {
    const f = feed();
    await f.runDue(at('2026-03-08T12:00:00Z'));
    hf.requests.length = 0;
    await f.runDue(at('2026-03-10T08:00:00Z'));
    expect(hf.requests).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
  });

  it('GIVEN a shorter catch-up THEN a bot down for ten days goes back only that many days', async () => {
    const f = feed({ catchUpDays: 2 });
    await f.runDue(at('2026-03-01T12:00:00Z'));
    hf.requests.length = 0;
    await f.runDue(at('2026-03-11T08:00:00Z'));
    expect(hf.requests).toEqual(['2026-03-09', '2026-03-10', '2026-03-11']);
  });

  it('GIVEN two ticks at once THEN the second waits for the first and finds the day fetched', async () => {
    const f = feed();
    const [first, second] = await Promise.all([
      f.runDue(at('2026-03-10T09:20:00Z')),
      f.runDue(at('2026-03-10T09:20:00Z')),
    ]);
    expect(first!.map((r) => r.day)).toEqual(['2026-03-10']);
    expect(second).toEqual([]);
    expect(hf.requests).toEqual(['2026-03-10']);
  });

  it('GIVEN a slice size THEN each transaction takes that many papers', async () => {
    hf.days.set(
      '2026-03-10',
      Array.from({ length: 5 }, (_, i) => hfItem(`2603.${20000 + i}`, `Sliced Paper ${i}`)),
    );
    const slices: number[] = [];
    const [result] = await feed({
      sliceSize: 2,
      ingest: (papers, now) => {
        slices.push(papers.length);
        return ingest(db, papers, { now });
      },
    }).runDue(at('2026-03-10T09:00:00Z'));
    expect(slices).toEqual([2, 2, 1]);
    expect(result).toMatchObject({ papers: 5, newPapers: 5 });
    // A whole number of slices: no empty transaction after them.
    hf.days.set(
      '2026-03-11',
      Array.from({ length: 4 }, (_, i) => hfItem(`2603.${30000 + i}`, `Even Paper ${i}`)),
    );
    slices.length = 0;
    await feed({
      sliceSize: 2,
      ingest: (papers, now) => {
        slices.push(papers.length);
        return ingest(db, papers, { now });
      },
    }).runDue(at('2026-03-11T09:00:00Z'));
    // Yesterday again (fetched before its end), then today's four.
    expect(slices).toEqual([2, 2, 1, 2, 2]);
  });

  it('GIVEN a machine whose local time is not UTC THEN the schedule is still read in UTC', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      hf.days.set('2026-03-10', [hfItem('2603.00001', 'Sparse Attention At Scale')]);
      const f = feed({ cron: '0 6 * * *' });
      // Fetched at 05:00 UTC; at 08:00 UTC the 06:00 UTC occurrence is due (06:00 in New
      // York, 10:00 UTC, is not).
      expect((await f.runDue(at('2026-03-10T05:00:00Z'))).map((r) => r.day)).toEqual([
        '2026-03-10',
      ]);
      expect((await f.runDue(at('2026-03-10T08:00:00Z'))).map((r) => r.day)).toEqual([
        '2026-03-10',
      ]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
