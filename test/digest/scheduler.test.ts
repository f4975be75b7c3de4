import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { createDigestStore } from '../../src/db/digest-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { DigestContent } from '../../src/digest/digest-content.js';
import { runChannelDigest } from '../../src/digest/run-digest.js';
import { startDigestScheduler } from '../../src/digest/scheduler.js';
import { informativeSentence } from '../../src/digest/summarize.js';
import { ingest, paper, subscription } from '../support/library.js';

describe('digest scheduler (injected clock)', () => {
  it('GIVEN a daily 08:30 Paris digest THEN ticks post at 08:30 local across the DST change, once a day, and catch up one missed day once', async () => {
    const { db } = openDatabase(':memory:');
    const store = createDigestStore(db);
    let now = new Date('2026-03-27T12:00:00Z');
    store.subscribe(subscription({ createdAt: now.toISOString() }));
    const posts: { date: string; at: string; titles: string[] }[] = [];
    const post = async (content: DigestContent) => {
      posts.push({
        date: content.date,
        at: now.toISOString(),
        titles: content.items.map((i) => i.title),
      });
      return { messageId: String(posts.length) };
    };
    const scheduler = startDigestScheduler({
      store,
      clock: () => now,
      log: createLogger('silent'),
      autoStart: false,
      run: (due) =>
        runChannelDigest(
          {
            db,
            store,
            summarize: async (p) => informativeSentence(p.abstract),
            post,
            clock: () => now,
          },
          due.subscription,
          due.localDate,
        ),
    });
    const addPaper = (title: string) =>
      ingest(
        db,
        [paper(title, 'We propose something new. It works on many tasks and beats prior methods.')],
        { now },
      );
    const tickAt = async (iso: string) => {
      now = new Date(iso);
      await scheduler.tick(now);
    };

    now = new Date('2026-03-27T15:00:00Z');
    addPaper('Friday Paper');
    await tickAt('2026-03-28T07:29:00Z'); // 08:29 CET: not yet
    expect(posts).toEqual([]);
    await tickAt('2026-03-28T07:30:00Z'); // 08:30 CET
    await tickAt('2026-03-28T07:31:00Z'); // same day again: nothing
    expect(posts).toEqual([
      { date: '2026-03-28', at: '2026-03-28T07:30:00.000Z', titles: ['Friday Paper'] },
    ]);

    addPaper('Saturday Paper');
    await tickAt('2026-03-29T06:29:00Z'); // 08:29 CEST (clocks went forward): not yet
    await tickAt('2026-03-29T06:30:00Z'); // 08:30 CEST
    expect(posts.at(-1)).toEqual({
      date: '2026-03-29',
      at: '2026-03-29T06:30:00.000Z',
      titles: ['Saturday Paper'],
    });

    // Down from Monday to Wednesday afternoon: one catch-up post, for Wednesday, with everything new.
    now = new Date('2026-03-30T05:00:00Z');
    addPaper('Monday Paper');
    addPaper('Tuesday Paper');
    await tickAt('2026-04-01T13:00:00Z');
    await tickAt('2026-04-01T13:01:00Z');
    expect(posts.slice(2)).toEqual([
      {
        date: '2026-04-01',
        at: '2026-04-01T13:00:00.000Z',
        titles: ['Monday Paper', 'Tuesday Paper'],
      },
    ]);
    await scheduler.stop();
  });
});

describe('digest scheduler: failures and overlap', () => {
  const twoChannels = () => {
    const { db } = openDatabase(':memory:');
    const store = createDigestStore(db);
    for (const channelId of ['111111111111111111', '222222222222222222'])
      store.subscribe(subscription({ channelId, createdAt: '2026-03-01T00:00:00Z' }));
    return store;
  };
  const logged = () => {
    const lines: { level: number; msg: string; channel?: string; err?: { message: string } }[] = [];
    const log = createLogger('info', {
      write: (line: string) => void lines.push(JSON.parse(line)),
    });
    return { lines, log };
  };
  const NOW = new Date('2026-03-10T08:00:00Z');

  it("GIVEN the feed fails before the digests THEN it is logged and the digests still run; GIVEN one channel's digest fails THEN the next still runs", async () => {
    const store = twoChannels();
    const { lines, log } = logged();
    const ran: string[] = [];
    const scheduler = startDigestScheduler({
      store,
      clock: () => NOW,
      log,
      autoStart: false,
      before: async () => {
        throw new Error('feed down');
      },
      run: async (due) => {
        ran.push(due.subscription.channelId);
        if (ran.length === 1) throw new Error('Discord said 500');
        return { kind: 'already-done' };
      },
    });
    const results = await scheduler.tick(NOW);
    expect(ran).toEqual(['111111111111111111', '222222222222222222']);
    expect(
      results.map((r) => (r.outcome instanceof Error ? r.outcome.message : r.outcome.kind)),
    ).toEqual(['Discord said 500', 'already-done']);
    expect(lines.map((l) => [l.level, l.msg, l.channel])).toEqual([
      [50, 'before the digests: failed', undefined],
      [50, 'digest failed; will retry', '111111111111111111'],
      [30, 'digest', '222222222222222222'],
    ]);
    expect(lines.slice(0, 2).map((l) => l.err?.message)).toEqual(['feed down', 'Discord said 500']);
    await scheduler.stop();
  });

  it('GIVEN no work before the digests THEN a tick runs them and logs no failure', async () => {
    const store = twoChannels();
    const { lines, log } = logged();
    const scheduler = startDigestScheduler({
      store,
      clock: () => NOW,
      log,
      autoStart: false,
      run: async () => ({ kind: 'already-done' }),
    });
    await scheduler.tick(NOW);
    expect(lines.map((l) => [l.level, l.msg, l.channel])).toEqual([
      [30, 'digest', '111111111111111111'],
      [30, 'digest', '222222222222222222'],
    ]);
    await scheduler.stop();
  });

  it('GIVEN a slow tick THEN the next waits for it: never two at once', async () => {
    const store = twoChannels();
    let active = 0;
    let most = 0;
    const scheduler = startDigestScheduler({
      store,
      clock: () => NOW,
      log: createLogger('silent'),
      autoStart: false,
      run: async () => {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active--;
        return { kind: 'already-done' };
      },
    });
    await Promise.all([scheduler.tick(NOW), scheduler.tick(NOW), scheduler.tick(NOW)]);
    expect(most).toBe(1);
    await scheduler.stop();
  });

  it('GIVEN it starts on its own THEN it ticks at once with the clock, then every interval, until stopped', async () => {
    const store = twoChannels();
    const ticks: Date[] = [];
    const scheduler = startDigestScheduler({
      store,
      clock: () => NOW,
      log: createLogger('silent'),
      intervalMs: 10,
      before: async (now) => void ticks.push(now),
      run: async () => ({ kind: 'already-done' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await scheduler.stop();
    const seen = ticks.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(ticks[0]).toBe(NOW);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(ticks).toHaveLength(seen);
  });
});
