import { beforeEach, describe, expect, it } from 'vitest';
import { createDigestStore, type DigestStore } from '../../src/db/digest-store.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { chooseDigest, digestContent, nextDigestDate } from '../../src/digest/choose-digest.js';
import { ingest, paper, subscription } from '../support/library.js';

/** The one choice of a digest, asked directly (one-choice.test.ts asks it through every surface). */
const NOW = new Date('2026-03-10T06:00:00Z');
const A = 'We propose a method for this problem. It works on four benchmarks and beats prior work.';
let db: Db;
let store: DigestStore;
const rowidOf = (title: string) =>
  db.prepare<[string], number>('SELECT rowid FROM papers WHERE title = ?').pluck().get(title)!;
const sub = subscription({ createdAt: '2026-03-01T00:00:00Z' });

beforeEach(() => {
  ({ db } = openDatabase(':memory:'));
  store = createDigestStore(db);
  ingest(
    db,
    [
      paper('Paper A', `Alpha. ${A}`, {
        upvotes: 1,
        arxivId: '2603.00001',
        dateRaw: 'Mar 9',
        published: '2026-03-09',
      }),
      paper('Paper B', `Beta. ${A}`, { upvotes: 2, published: '2026-03-08' }),
      paper('Paper C', `Gamma. ${A}`, { upvotes: 3 }),
    ],
    { now: NOW },
  );
});

describe("a channel's digest for a day", () => {
  it('GIVEN a run that chose its papers and did not finish THEN exactly those, in its order, a paper gone since left out, its count of more kept', () => {
    store.startRun({
      channelId: sub.channelId,
      localDate: '2026-03-10',
      nonce: 'n',
      startedAt: NOW.toISOString(),
      paperRowids: [rowidOf('Paper A'), 99_999, rowidOf('Paper C')],
      more: 7,
    });
    const chosen = chooseDigest({ db, store }, sub, '2026-03-10');
    expect(chosen.kind === 'ready' && chosen.papers.map((p) => p.title)).toEqual([
      'Paper A',
      'Paper C',
    ]);
    expect(chosen).toMatchObject({ kind: 'ready', more: 7, resumed: true });
  });

  it('GIVEN a run that chose nothing THEN nothing, resumed', () => {
    store.startRun({
      channelId: sub.channelId,
      localDate: '2026-03-10',
      nonce: 'n',
      startedAt: NOW.toISOString(),
      paperRowids: [],
      more: 0,
    });
    expect(chooseDigest({ db, store }, sub, '2026-03-10')).toEqual({
      kind: 'ready',
      papers: [],
      more: 0,
      resumed: true,
    });
  });

  it("GIVEN a previous digest done THEN only papers added since it started; GIVEN that day's own digest done THEN already done", () => {
    store.startRun({
      channelId: sub.channelId,
      localDate: '2026-03-09',
      nonce: 'n',
      startedAt: NOW.toISOString(),
      paperRowids: [],
      more: 0,
    });
    store.finishRun(sub.channelId, '2026-03-09', [], null, NOW);
    ingest(db, [paper('Paper D', `Delta. ${A}`)], { now: new Date(NOW.getTime() + 60_000) });
    const chosen = chooseDigest({ db, store }, sub, '2026-03-10');
    expect(chosen.kind === 'ready' && chosen.papers.map((p) => p.title)).toEqual(['Paper D']);
    expect(chosen).toMatchObject({ resumed: false, more: 0 });
    expect(chooseDigest({ db, store }, sub, '2026-03-09')).toEqual({ kind: 'already-done' });
  });

  it('GIVEN chosen papers THEN each item has its link, the date as written (else the ISO date), its votes and its sentence', async () => {
    const chosen = chooseDigest({ db, store }, sub, '2026-03-10');
    if (chosen.kind !== 'ready') throw new Error('expected a digest');
    const content = await digestContent(
      '123',
      '2026-03-10',
      'topic',
      chosen,
      async (p) => `about ${p.title}`,
    );
    expect(content).toMatchObject({
      channelId: '123',
      date: '2026-03-10',
      topic: 'topic',
      more: 0,
    });
    expect(content.items.map((item) => ({ ...item, id: undefined }))).toEqual([
      {
        title: 'Paper C',
        link: 'https://arxiv.org/search/?searchtype=title&query=Paper%20C',
        date: null,
        upvotes: 3,
        summary: 'about Paper C',
      },
      {
        title: 'Paper B',
        link: 'https://arxiv.org/search/?searchtype=title&query=Paper%20B',
        date: '2026-03-08',
        upvotes: 2,
        summary: 'about Paper B',
      },
      {
        title: 'Paper A',
        link: 'https://arxiv.org/abs/2603.00001',
        date: 'Mar 9',
        upvotes: 1,
        summary: 'about Paper A',
      },
    ]);
  });
});

describe("the day of a channel's next digest", () => {
  const paris = subscription({ createdAt: '2026-03-01T00:00:00Z' }); // 08:30 Paris = 07:30 UTC
  it("GIVEN today's time passed and its digest not done THEN today; GIVEN it done THEN tomorrow", () => {
    const after = new Date('2026-03-10T08:00:00Z');
    expect(nextDigestDate(paris, store, after)).toBe('2026-03-10');
    store.startRun({
      channelId: paris.channelId,
      localDate: '2026-03-10',
      nonce: 'n',
      startedAt: after.toISOString(),
      paperRowids: [],
      more: 0,
    });
    expect(nextDigestDate(paris, store, after)).toBe('2026-03-10');
    store.finishRun(paris.channelId, '2026-03-10', [], null, after);
    expect(nextDigestDate(paris, store, after)).toBe('2026-03-11');
  });

  it("GIVEN today's time not reached THEN yesterday's if it was never done, else today", () => {
    const before = new Date('2026-03-10T07:00:00Z');
    expect(nextDigestDate(paris, store, before)).toBe('2026-03-09');
    const fresh = subscription({ createdAt: '2026-03-09T12:00:00Z' });
    expect(nextDigestDate(fresh, store, before)).toBe('2026-03-10');
    const atTheRun = subscription({ createdAt: '2026-03-09T07:30:00Z' });
    expect(nextDigestDate(atTheRun, store, before)).toBe('2026-03-09');
  });
});
