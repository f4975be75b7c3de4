import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { startShards } from '../../src/discord/start-shards.js';
import { startDiscordStandin } from '../support/discord-standin/index.js';

describe('shard processes', () => {
  it('GIVEN a shard that dies before it is ready THEN start fails with the reason and nothing is respawned behind it', async () => {
    const standin = await startDiscordStandin({ recommendedShards: 2, maxConcurrency: 16 });
    const started: number[] = [];
    const log = createLogger('info', {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg: string; shard: number };
        if (entry.msg === 'shard started') started.push(entry.shard);
      },
    });
    await expect(
      startShards({
        file: join(import.meta.dirname, '../support/fixtures/dying-shard.mjs'),
        execArgv: [],
        token: 't',
        apiUrl: standin.apiUrl,
        shards: 'auto',
        env: {},
        log,
      }),
    ).rejects.toThrow(/exited before its Client became ready/);
    const count = started.length;
    await new Promise((r) => setTimeout(r, 3000));
    expect(started.length).toBe(count);
    await standin.close();
  });
});
