import { describe, expect, it } from 'vitest';
import { compose } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { startWriters } from '../../src/app/start-writers.js';
import { loadConfig } from '../../src/config.js';
import { createFeedStore } from '../../src/db/feed-store.js';
import { createThreadTurns } from '../../src/db/thread-turns.js';
import type { DigestContent } from '../../src/digest/digest-content.js';
import { defaultSubscription } from '../../src/digest/subscriptions.js';
import { hfItem, startFakeHf } from '../support/fake-hf-server.js';

const CHANNEL = '222222222222222222';

async function until(check: () => boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the bot’s writers: feed fetch, then digests', () => {
  it('GIVEN the fetch and the digest due at the same minute THEN the digest carries the papers that fetch brought', async () => {
    const hf = await startFakeHf(
      new Map([
        [
          '2026-03-10',
          [
            hfItem('2603.00001', 'Sparse Attention At Scale'),
            hfItem('2603.00002', 'Tiny Reward Models'),
          ],
        ],
      ]),
    );
    const config = loadConfig({
      HF_BASE_URL: hf.baseUrl,
      HF_DAILY_CRON: '0 8 * * *',
      DIGEST_CHANNEL_ID: CHANNEL,
      DIGEST_CRON: '0 8 * * *',
      DIGEST_TZ: 'UTC',
      SEMANTIC_SEARCH: 'off',
    });
    const library = openLibraryAt(':memory:', { autoBuild: false });
    const posts: DigestContent[] = [];
    const app = compose(config, library, {
      clock: () => new Date('2026-03-10T08:00:20Z'),
      postDigest: async (content) => (posts.push(content), { messageId: '1' }),
    });
    app.digestStore.subscribe(defaultSubscription(CHANNEL, config, '2026-03-09T00:00:00Z'));
    const writers = startWriters(app, createLogger('silent'));
    await until(() => posts.length > 0);
    await writers.stop();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.items.map((i) => i.title).sort()).toEqual([
      'Sparse Attention At Scale',
      'Tiny Reward Models',
    ]);
    expect(createFeedStore(library.db).last()).toMatchObject({ day: '2026-03-10', status: 'ok' });
    library.close();
    await hf.close();
  });

  it('GIVEN HF_DAILY=off THEN nothing is fetched', async () => {
    const hf = await startFakeHf();
    const config = loadConfig({ HF_BASE_URL: hf.baseUrl, HF_DAILY: 'off', SEMANTIC_SEARCH: 'off' });
    const library = openLibraryAt(':memory:', { autoBuild: false });
    const writers = startWriters(compose(config, library), createLogger('silent'));
    await new Promise((r) => setTimeout(r, 200));
    await writers.stop();
    expect(hf.requests).toEqual([]);
    library.close();
    await hf.close();
  });

  it('GIVEN a malformed HF_DAILY_CRON or HF_DAILY THEN one line names each', () => {
    expect(() => loadConfig({ HF_DAILY_CRON: 'every hour', HF_DAILY: 'maybe' })).toThrow(
      /Setting HF_DAILY: .*\n.*Setting HF_DAILY_CRON: must be a cron pattern/s,
    );
  });

  it('GIVEN a fetch hanging at shutdown THEN stop does not wait for it', async () => {
    const hf = await startFakeHf(new Map([['2026-03-10', 'hang']]));
    const config = loadConfig({ HF_BASE_URL: hf.baseUrl, SEMANTIC_SEARCH: 'off' });
    const library = openLibraryAt(':memory:', { autoBuild: false });
    const writers = startWriters(
      compose(config, library, { clock: () => new Date('2026-03-10T08:00:20Z') }),
      createLogger('silent'),
    );
    await until(() => hf.requests.length > 0);
    const stopping = Date.now();
    await writers.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(createFeedStore(library.db).last()).toMatchObject({ status: 'failed' });
    library.close();
    await hf.close();
  });

  it('GIVEN a thread untouched for 31 days and one asked in yesterday (an injected clock) THEN the writers forget only the first', async () => {
    const config = loadConfig({ HF_DAILY: 'off', SEMANTIC_SEARCH: 'off' });
    const library = openLibraryAt(':memory:', { autoBuild: false });
    const now = new Date('2026-03-10T08:00:00Z');
    const turns = createThreadTurns(library.db);
    const turn = { question: 'q', answer: 'a [1]', cited: ['aaaa1111'] };
    turns.add('stale', turn, new Date('2026-02-07T08:00:00Z'));
    turns.add('recent', turn, new Date('2026-03-09T08:00:00Z'));
    const writers = startWriters(
      compose(config, library, { clock: () => now }),
      createLogger('silent'),
    );
    await writers.stop();
    expect(turns.isConversation('stale')).toBe(false);
    expect(turns.recent('recent', 3)).toEqual([turn]);
    library.close();
  });
});
