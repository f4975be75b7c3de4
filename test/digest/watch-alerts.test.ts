import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { createWatchStore, type WatchStore } from '../../src/db/watch-store.js';
import {
  alertNonce,
  createWatchAlerts,
  type AlertItem,
  type SendAlert,
  type WatchAlerts,
} from '../../src/digest/watch-alerts.js';
import { createWatches } from '../../src/digest/watches.js';
import { ingest, paper, tempDir } from '../support/library.js';

const ANN = '300000000000000001';
const BOB = '300000000000000002';
const NOW = new Date('2026-03-10T08:00:00Z');

let db: Db;
let store: WatchStore;
let sent: { userId: string; items: readonly AlertItem[]; nonce: string }[];
let answer: Awaited<ReturnType<SendAlert>> | Error;
let logLines: string[];

const recordingSend: SendAlert = async (userId, items, nonce) => {
  if (answer instanceof Error) throw answer;
  if (answer === 'sent') sent.push({ userId, items, nonce });
  return answer;
};

function alertsOn(database: Db, watchStore: WatchStore): WatchAlerts {
  return createWatchAlerts({
    db: database,
    store: watchStore,
    summarize: async (p) => `About ${p.title.toLowerCase()}.`,
    send: recordingSend,
    log: createLogger('info', { write: (l: string) => void logLines.push(l) }),
  });
}

const watch = (userId: string, topic: string) =>
  createWatches({ store, clock: () => NOW }).add(userId, topic);
const titles = (items: readonly AlertItem[]) => items.map((i) => i.title);

beforeEach(() => {
  db = openDatabase(':memory:').db;
  store = createWatchStore(db);
  sent = [];
  answer = 'sent';
  logLines = [];
  ingest(db, [paper('Old Long Context Paper', 'An earlier long context method.')], { now: NOW });
});

describe('alerts on new papers', () => {
  it('GIVEN a batch of new papers THEN each watcher gets ONE message listing only the papers on their topics, and a second run sends nothing', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    watch(ANN, 'reward model');
    watch(BOB, 'reward model');
    // The first look: the library as it stands is not news.
    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 0 });
    ingest(
      db,
      [
        paper('Ring Attention', 'Scaling long context to a million tokens.'),
        paper('Reward Hacking', 'Reward model overoptimization in RLHF, with long context.'),
        paper('Tiny Vision', 'An image classifier for phones.'),
      ],
      { now: NOW },
    );
    expect(await alerts.run(NOW)).toEqual({ sent: 2, failed: 0, dmsClosed: 0 });
    expect(sent.map((s) => s.userId)).toEqual([ANN, BOB]);
    // The paper on both of Ann's topics is listed once.
    expect(titles(sent[0]!.items)).toEqual(['Ring Attention', 'Reward Hacking']);
    expect(sent[0]!.items[0]).toMatchObject({
      topic: 'long context',
      summary: 'About ring attention.',
      link: 'https://arxiv.org/search/?searchtype=title&query=Ring%20Attention',
    });
    expect(titles(sent[1]!.items)).toEqual(['Reward Hacking']);

    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 0 });
    // The same papers ingested again (a feed fetch that brings them back): still nothing.
    ingest(db, [paper('Ring Attention', 'Scaling long context to a million tokens.')], {
      now: NOW,
    });
    await alerts.run(NOW);
    expect(sent).toHaveLength(2);
  });

  it('GIVEN papers ingested by another process on the same library file THEN the writer’s next run alerts on them', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = `${dir}/library.db`;
      const writer = openDatabase(path).db;
      const writerStore = createWatchStore(writer);
      store = writerStore;
      watch(ANN, 'speculative decoding');
      const alerts = alertsOn(writer, writerStore);
      await alerts.run(NOW);
      const other = openDatabase(path).db;
      ingest(other, [paper('Draft Trees', 'Speculative decoding with a tree of drafts.')], {
        now: NOW,
      });
      other.close();
      await alerts.run(NOW);
      expect(sent.map((s) => titles(s.items))).toEqual([['Draft Trees']]);
      writer.close();
    } finally {
      cleanup();
    }
  });

  it('GIVEN a send that fails THEN it is counted, and the next run sends the same papers with the same nonce', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    await alerts.run(NOW);
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    answer = new Error('503 from Discord');
    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 1, dmsClosed: 0 });
    // The operator's line says whose alerts, how many papers, and why.
    expect(JSON.parse(logLines.find((l) => l.includes('alert failed'))!)).toMatchObject({
      msg: 'alert failed; will retry',
      user: ANN,
      papers: 1,
      err: { message: '503 from Discord' },
    });
    answer = 'sent';
    expect(await alerts.run(NOW)).toEqual({ sent: 1, failed: 0, dmsClosed: 0 });
    const rowid = db
      .prepare('SELECT rowid FROM papers WHERE title = ?')
      .pluck()
      .get('Ring Attention') as number;
    expect(sent[0]!.nonce).toBe(alertNonce(ANN, [rowid]));
    expect(alertNonce(ANN, [rowid]).length).toBeLessThanOrEqual(25);
    expect(alertNonce(BOB, [rowid])).not.toBe(alertNonce(ANN, [rowid]));
  });

  it('GIVEN the same papers in another order THEN the same nonce; other papers THEN another, whatever their digits', () => {
    expect(alertNonce(ANN, [3, 1, 2])).toBe(alertNonce(ANN, [1, 2, 3]));
    expect(alertNonce(ANN, [10, 9])).toBe(alertNonce(ANN, [9, 10]));
    expect(alertNonce(ANN, [1, 123])).not.toBe(alertNonce(ANN, [11, 23]));
    expect(alertNonce(ANN, [1])).not.toBe(alertNonce(ANN, [2]));
  });

  it('GIVEN a paper on two of a user’s topics THEN the preview lists it once', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    watch(ANN, 'ring attention');
    await alerts.run(NOW);
    ingest(db, [paper('Ring Attention', 'Ring attention for long context.')], { now: NOW });
    expect(titles(await alerts.preview(ANN))).toEqual(['Ring Attention']);
  });

  it('GIVEN another process took some of a user’s alerts during this run THEN this run sends that user nothing and leaves the rest pending', async () => {
    watch(ANN, 'long context');
    watch(BOB, 'long context');
    const first = alertsOn(db, store);
    await first.run(NOW);
    ingest(
      db,
      [
        paper('Ring Attention', 'Long context at scale.'),
        paper('Long Context Evals', 'Benchmarks of long context.'),
      ],
      { now: NOW },
    );
    const rowid = (title: string) =>
      db.prepare('SELECT rowid FROM papers WHERE title = ?').pluck().get(title) as number;
    // While Ann's message goes out, another process takes one of Bob's alerts.
    const racing = createWatchAlerts({
      db,
      store,
      summarize: async () => 'About it.',
      send: async (userId, items, nonce) => {
        if (userId === ANN) store.move(BOB, [rowid('Ring Attention')], 'pending', 'sending', NOW);
        return recordingSend(userId, items, nonce);
      },
      log: createLogger('silent'),
    });
    expect(await racing.run(NOW)).toEqual({ sent: 1, failed: 0, dmsClosed: 0 });
    expect(sent.map((s) => s.userId)).toEqual([ANN]);
    expect(
      store
        .pending()
        .get(BOB)
        ?.map((a) => a.paperRowid),
    ).toEqual([rowid('Long Context Evals')]);
  });

  it('GIVEN a user whose DMs are closed THEN nothing reaches them, the watch is kept, and it is logged once over two batches', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    await alerts.run(NOW);
    answer = 'dms_closed';
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 1 });
    ingest(db, [paper('Long Context Evals', 'Benchmarks of long context.')], { now: NOW });
    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 1 });
    expect(logLines.filter((l) => l.includes('accepts no direct message'))).toHaveLength(1);
    expect(
      JSON.parse(logLines.find((l) => l.includes('accepts no direct message'))!),
    ).toMatchObject({ user: ANN });
    expect(store.list(ANN).map((w) => w.topic)).toEqual(['long context']);
    // Not retried: those papers are done with.
    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 0 });
    // DMs opened again: the next batch arrives, and closing them again is logged again.
    answer = 'sent';
    ingest(db, [paper('Longer Context', 'Long context, longer.')], { now: NOW });
    await alerts.run(NOW);
    expect(sent.map((s) => titles(s.items))).toEqual([['Longer Context']]);
    answer = 'dms_closed';
    ingest(db, [paper('Longest Context', 'Long context, longest.')], { now: NOW });
    await alerts.run(NOW);
    expect(logLines.filter((l) => l.includes('accepts no direct message'))).toHaveLength(2);
  });

  it('GIVEN a crash between the send and its record THEN those alerts are never sent again (at most once)', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    await alerts.run(NOW);
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    // What a crash after Discord accepted the message leaves: the alerts marked sending.
    const crashing: SendAlert = async () => {
      throw Object.assign(new Error('killed'), { crash: true });
    };
    const dying = createWatchAlerts({
      db,
      store: {
        ...store,
        // The process dies before it can record anything after the send.
        move: (u, r, from, to, now) => (from === 'sending' ? 0 : store.move(u, r, from, to, now)),
      },
      summarize: async () => 'x',
      send: crashing,
      log: createLogger('silent'),
    });
    await dying.run(NOW);
    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 0 });
    expect(sent).toEqual([]);
  });

  it('GIVEN paperbot watch’s preview THEN it lists what would be sent, due or new, and records nothing', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    await alerts.run(NOW);
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    answer = new Error('down');
    await alerts.run(NOW); // now pending
    ingest(db, [paper('Long Context Evals', 'Benchmarks of long context.')], { now: NOW });
    expect(titles(await alerts.preview(ANN))).toEqual(['Ring Attention', 'Long Context Evals']);
    expect(titles(await alerts.preview(BOB))).toEqual([]);
    expect(titles(await alerts.preview(ANN))).toHaveLength(2);
    answer = 'sent';
    await alerts.run(NOW);
    expect(sent.map((s) => titles(s.items))).toEqual([['Ring Attention', 'Long Context Evals']]);
    expect(await alerts.preview(ANN)).toEqual([]);
  });

  it('GIVEN papers that came after the first watch but before the writer ever looked THEN they are news, and the papers before the watch are not', async () => {
    watch(ANN, 'long context');
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    const alerts = alertsOn(db, store);
    expect(titles(await alerts.preview(ANN))).toEqual(['Ring Attention']);
    await alerts.run(NOW);
    expect(sent.map((s) => titles(s.items))).toEqual([['Ring Attention']]);
  });

  it('GIVEN no watch ever THEN the writer’s first look takes the library as it stands as seen', async () => {
    const alerts = alertsOn(db, store);
    await alerts.run(NOW);
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    await alerts.run(NOW);
    watch(ANN, 'long context');
    expect(await alerts.preview(ANN)).toEqual([]);
    ingest(db, [paper('Long Context Evals', 'Benchmarks of long context.')], { now: NOW });
    expect(titles(await alerts.preview(ANN))).toEqual(['Long Context Evals']);
  });
});

describe('alerts: runs that overlap', () => {
  it('GIVEN two runs at once (a tick and a feed fetch) THEN each user gets ONE message, and nothing is left to send again', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    watch(BOB, 'reward model');
    await alerts.run(NOW);
    ingest(
      db,
      [
        paper('Ring Attention', 'Scaling long context to a million tokens.'),
        paper('Reward Hacking', 'Reward model overoptimization in RLHF.'),
      ],
      { now: NOW },
    );
    // Bob's message is slow to send: the first run reaches Bob while the second is sending it.
    const slowForBob = createWatchAlerts({
      db,
      store,
      summarize: async (p) => {
        if (p.title === 'Reward Hacking') await new Promise((r) => setTimeout(r, 50));
        return `About ${p.title.toLowerCase()}.`;
      },
      send: recordingSend,
      log: createLogger('silent'),
    });
    const counts = await Promise.all([slowForBob.run(NOW), slowForBob.run(NOW)]);
    expect(counts.reduce((n, c) => n + c.sent, 0)).toBe(2);
    expect(await alerts.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 0 });
    expect(sent.map((s) => [s.userId, titles(s.items)])).toEqual([
      [ANN, ['Ring Attention']],
      [BOB, ['Reward Hacking']],
    ]);
  });
});

describe('alerts: edges', () => {
  it('GIVEN an empty library at the first look THEN the first papers ingested after it are news', async () => {
    db = openDatabase(':memory:').db;
    store = createWatchStore(db);
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    await alerts.run(NOW);
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    await alerts.run(NOW);
    expect(sent.map((s) => titles(s.items))).toEqual([['Ring Attention']]);
  });

  it('GIVEN papers on two of a user’s topics THEN the message lists them in the order they came in, whatever the order of the topics', async () => {
    const alerts = alertsOn(db, store);
    watch(ANN, 'long context');
    watch(ANN, 'reward model');
    await alerts.run(NOW);
    ingest(
      db,
      [
        paper('Reward Hacking', 'Reward model overoptimization in RLHF.'),
        paper('Ring Attention', 'Scaling long context to a million tokens.'),
      ],
      { now: NOW },
    );
    expect(titles(await alerts.preview(ANN))).toEqual(['Reward Hacking', 'Ring Attention']);
    await alerts.run(NOW);
    expect(sent.map((s) => titles(s.items))).toEqual([['Reward Hacking', 'Ring Attention']]);
  });

  it('GIVEN the library failing during a run THEN the run does not throw, logs it, and the next run sends', async () => {
    watch(ANN, 'long context');
    let broken = true;
    const failing = createWatchAlerts({
      db,
      store: {
        ...store,
        pending: () => {
          if (broken) throw new Error('SQLITE_BUSY');
          return store.pending();
        },
      },
      summarize: async () => 'About it.',
      send: recordingSend,
      log: createLogger('info', { write: (l: string) => void logLines.push(l) }),
    });
    await failing.run(NOW);
    ingest(db, [paper('Ring Attention', 'Long context at scale.')], { now: NOW });
    expect(await failing.run(NOW)).toEqual({ sent: 0, failed: 0, dmsClosed: 0 });
    expect(logLines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg)).toEqual([
      'alerts: run failed; will retry',
      'alerts: run failed; will retry',
    ]);
    expect(JSON.parse(logLines[0]!)).toMatchObject({ err: { message: 'SQLITE_BUSY' } });
    broken = false;
    expect(await failing.run(NOW)).toEqual({ sent: 1, failed: 0, dmsClosed: 0 });
  });
});
