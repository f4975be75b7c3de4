import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { createWatchStore } from '../../src/db/watch-store.js';
import { createWatches } from '../../src/digest/watches.js';
import { ingest, NOW, paper, tempDir } from '../support/library.js';
import { cli } from '../support/run-cli.js';

const ANN = '340000000000000001';
let env: Record<string, string>;
let path: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  path = join(t.dir, 'paperbot.db');
  env = { DB_PATH: path, SEMANTIC_SEARCH: 'off' };
});
afterEach(() => cleanup());

interface WatchJson {
  dryRun: boolean;
  users: {
    user: string;
    topics: string[];
    papers: { id: string; title: string; topic: string }[];
  }[];
}

describe('paperbot watch', () => {
  it('GIVEN a watch and a new paper on it THEN it lists the alert that would be sent, and records nothing (twice the same)', async () => {
    expect((await cli(['watch'], env)).stdout).toBe(
      'Nobody watches a topic yet (/watch add in Discord).\n',
    );
    const { db } = openDatabase(path);
    createWatches({ store: createWatchStore(db), clock: () => NOW }).add(ANN, 'long context');
    ingest(
      db,
      [
        paper('Ring Attention Revisited', 'We scale long context to ten million tokens.', {
          arxivId: '2603.20001',
        }),
        paper('Tiny Vision', 'An image classifier for phones.'),
      ],
      { now: NOW },
    );
    const first = JSON.parse(
      (await cli(['watch', '--user', ANN, '--json'], env)).stdout,
    ) as WatchJson;
    expect(first.dryRun).toBe(true);
    expect(first.users).toEqual([
      {
        user: ANN,
        topics: ['long context'],
        papers: [
          expect.objectContaining({
            title: 'Ring Attention Revisited',
            topic: 'long context',
            link: 'https://arxiv.org/abs/2603.20001',
          }),
        ],
      },
    ]);
    const text = await cli(['watch'], env);
    expect(text.stdout).toContain(
      `User ${ANN} watches: long context\nWould send user ${ANN} one direct message with 1 paper(s):`,
    );
    expect(text.stdout).toContain('1. Ring Attention Revisited');
    expect(JSON.parse((await cli(['watch', '--user', ANN, '--json'], env)).stdout)).toEqual(first);
    expect(db.prepare('SELECT count(*) FROM watch_alerts').pluck().get()).toBe(0);
    db.close();
  }, 60_000);

  it('GIVEN --user that is not a Discord id THEN it says so and exits 2', async () => {
    const run = await cli(['watch', '--user', 'ann'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--user takes a Discord user id (17 to 20 digits), not “ann”.');
  });

  it('GIVEN a user who watches nothing THEN it says so', async () => {
    expect((await cli(['watch', '--user', ANN], env)).stdout).toBe(
      `User ${ANN} watches no topic.\n`,
    );
  }, 60_000);
});
