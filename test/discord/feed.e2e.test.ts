import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedStore } from '../../src/db/feed-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import { startDiscordStandin, type RestCall } from '../support/discord-standin/index.js';
import { hfItem, startFakeHf } from '../support/fake-hf-server.js';
import { tempDir } from '../support/library.js';
import { startPaperbot } from '../support/run-cli.js';

const callback = (id: string) => (c: RestCall) =>
  c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`);

describe('paperbot start fetches the daily papers itself', () => {
  it('GIVEN 5,000 new papers ingested while users ask THEN every /ask is acknowledged within Discord’s 3 s, and the papers are in the library', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const hf = await startFakeHf(
      new Map([
        [
          today,
          Array.from({ length: 5000 }, (_, i) =>
            hfItem(`2603.${String(i).padStart(5, '0')}`, `Synthetic Feed Paper ${i}`),
          ),
        ],
      ]),
    );
    const standin = await startDiscordStandin();
    const { dir, cleanup } = tempDir();
    const dbPath = join(dir, 'db.sqlite');
    const bot = startPaperbot({
      DB_PATH: dbPath,
      DISCORD_TOKEN: 't',
      DISCORD_API_URL: standin.apiUrl,
      HF_BASE_URL: hf.baseUrl,
      SEMANTIC_SEARCH: 'off',
      LOG_LEVEL: 'silent',
    });
    await standin.ready;
    // A second connection, as an operator's sqlite3 would be.
    const { db: reader } = openDatabase(dbPath);
    const feed = createFeedStore(reader);
    const latencies: number[] = [];
    const asks: Promise<void>[] = [];
    let user = 0;
    while (!feed.day(today)) {
      const sent = performance.now();
      const { id } = standin.slashCommand(
        'ask',
        [
          {
            name: 'question',
            type: 3,
            value: 'how do reward models end up preferring longer answers?',
          },
        ],
        { userId: `3200000000000000${String(user++).padStart(3, '0')}` },
      );
      asks.push(
        standin.waitForCall(callback(id), 10_000).then((call) => {
          expect(call.status).toBe(204);
          latencies.push(performance.now() - sent);
        }),
      );
      await new Promise((r) => setTimeout(r, 25));
    }
    await Promise.all(asks);
    expect(feed.day(today)).toMatchObject({ status: 'ok', newPapers: 5000 });
    expect(asks.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(3000);
    if (process.env.MEASURE_ACK) {
      const sorted = [...latencies].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
      console.log(
        `/ask acknowledged during a 5,000-paper feed ingest: n=${sorted.length} p50=${q(0.5).toFixed(0)} ms p95=${q(0.95).toFixed(0)} ms max=${sorted.at(-1)!.toFixed(0)} ms`,
      );
    }
    expect(await bot.stop()).toBe(0);
    reader.close();
    await standin.close();
    await hf.close();
    cleanup();
  }, 60_000);
});
