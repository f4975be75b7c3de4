import { describe, expect, it } from 'vitest';
import { createDigestStore } from '../../src/db/digest-store.js';
import { createFeedStore } from '../../src/db/feed-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import { writerStatus } from '../../src/db/writer-status.js';

describe('writer status (for an operator’s health check)', () => {
  it('GIVEN a library that never fetched or posted THEN both are null', () => {
    const { db } = openDatabase(':memory:');
    expect(writerStatus(db)).toEqual({ feed: null, digest: null });
  });

  it('GIVEN fetches and digest runs THEN the latest of each, with outcome and time', () => {
    const { db } = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.record({
      day: '2026-03-09',
      status: 'ok',
      fetchedAt: '2026-03-10T07:00:00.000Z',
      papers: 4,
      newPapers: 4,
      error: null,
    });
    feeds.record({
      day: '2026-03-10',
      status: 'failed',
      fetchedAt: '2026-03-10T08:00:00.000Z',
      papers: 0,
      newPapers: 0,
      error: 'answered 503',
    });
    const runs = createDigestStore(db);
    runs.startRun({
      channelId: '111111111111111111',
      localDate: '2026-03-10',
      nonce: 'dgx',
      startedAt: '2026-03-10T08:00:01.000Z',
      paperRowids: [],
      more: 0,
    });
    runs.finishRun(
      '111111111111111111',
      '2026-03-10',
      [],
      '999999999999999999',
      new Date('2026-03-10T08:00:02Z'),
    );
    expect(writerStatus(db)).toEqual({
      feed: {
        day: '2026-03-10',
        outcome: 'failed',
        at: '2026-03-10T08:00:00.000Z',
        papers: 0,
        newPapers: 0,
        error: 'answered 503',
      },
      digest: {
        channelId: '111111111111111111',
        localDate: '2026-03-10',
        outcome: 'posted',
        at: '2026-03-10T08:00:02.000Z',
        messageId: '999999999999999999',
      },
    });
    runs.startRun({
      channelId: '222222222222222222',
      localDate: '2026-03-10',
      nonce: 'dgy',
      startedAt: '2026-03-10T09:00:00.000Z',
      paperRowids: [1],
      more: 0,
    });
    expect(writerStatus(db).digest).toMatchObject({
      channelId: '222222222222222222',
      outcome: 'sending',
      at: '2026-03-10T09:00:00.000Z',
    });
  });
});
