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
