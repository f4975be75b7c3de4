import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openLibraryAt } from '../../src/app/open-library.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createDigestStore } from '../../src/db/digest-store.js';
import { startDiscordStandin, type RestCall } from '../support/discord-standin/index.js';
import { shardOf } from '../support/discord-standin/gateway.js';
import { subscription, tempDir } from '../support/library.js';

const callback = (id: string) => (c: RestCall) =>
  c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`);
const original = (token: string) => (c: RestCall) =>
  c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`);

async function until(check: () => boolean, what: string, timeoutMs = 90_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('paperbot start --shards', () => {
  it('GIVEN two shards THEN guilds of both are answered, one cooldown per user, one digest per channel, a dead shard respawned, SIGTERM stops them all', async () => {
    const standin = await startDiscordStandin({
      guilds: 2,
      recommendedShards: 2,
      maxConcurrency: 16,
    });
    const [guildA, guildB] = standin.guildIds as [string, string];
    const channelA = standin.channelsOf(guildA)[0]!;
    const channelB = standin.channelsOf(guildB)[0]!;
    const { dir, cleanup } = tempDir();
    const dbPath = join(dir, 'db.sqlite');
    // A library with both channels subscribed before today's 00:00 UTC digest.
    const library = openLibraryAt(dbPath, { now: new Date(), vectors: false });
    const store = createDigestStore(library.db);
    const since = new Date(Date.now() - 2 * 86_400_000).toISOString();
    for (const channelId of [channelA, channelB])
      store.subscribe(subscription({ channelId, cron: '0 0 * * *', tz: 'UTC', createdAt: since }));
    library.close();

    const signals = new EventEmitter();
    let stderr = '';
    const done = runCli(['start', '--shards', 'auto'], {
      stdin: Readable.from([]),
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      env: {
        DB_PATH: dbPath,
        DISCORD_TOKEN: 'standin-token',
        DISCORD_API_URL: standin.apiUrl,
        DIGEST_CHANNEL_ID: channelA,
        HF_DAILY: 'off',
        SEMANTIC_SEARCH: 'off',
        ASK_COOLDOWN_SECONDS: '60',
        LOG_LEVEL: 'silent',
      },
      now: () => new Date(),
      signals,
    });
    await until(() => /paperbot is online: 2 shards/.test(stderr), 'the shards');
    const pids = new Map(
      [...stderr.matchAll(/(\d+): (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]),
    );
    expect([...pids.keys()].sort()).toEqual([0, 1]);
    expect(standin.shards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(shardOf(guildA, 2)).not.toBe(shardOf(guildB, 2));

    const ask = (channelId: string, userId: string) =>
      standin.slashCommand(
        'ask',
        [
          {
            name: 'question',
            type: 3,
            value: 'how do reward models end up preferring longer answers?',
          },
        ],
        { channelId, userId },
      );
    // Each guild is answered by its own shard.
    for (const [channelId, userId] of [
      [channelA, '330000000000000001'],
      [channelB, '330000000000000002'],
    ] as const) {
      const { id, token } = ask(channelId, userId);
      expect((await standin.waitForCall(callback(id), 30_000)).status).toBe(204);
      const answer = await standin.waitForCall(original(token), 30_000);
      expect(answer.status).toBe(200);
    }
    // The user who asked in guild A waits in guild B too: the cooldown is in the library.
    const again = ask(channelB, '330000000000000001');
    const refused = await standin.waitForCall(callback(again.id), 30_000);
    expect(refused.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refused.body.data.content).toMatch(/asking a little fast/);

    // One digest per channel, posted by the one process that owns the writers.
    const digests = (channelId: string) =>
      standin
        .channelMessages(channelId)
        .filter((m) => m.embeds[0]?.title?.startsWith('New papers'));
    await until(() => digests(channelA).length > 0 && digests(channelB).length > 0, 'the digests');
    await new Promise((r) => setTimeout(r, 1500));
    expect(digests(channelA)).toHaveLength(1);
    expect(digests(channelB)).toHaveLength(1);

    // A shard that dies is respawned and answers its guild again.
    const shardB = shardOf(guildB, 2);
    process.kill(pids.get(shardB)!, 'SIGKILL');
    await until(() => standin.shards().length === 1, 'the dead shard to drop');
    await until(() => standin.shards().length === 2, 'the shard to come back');
    const afterRespawn = ask(channelB, '330000000000000003');
    expect((await standin.waitForCall(callback(afterRespawn.id), 30_000)).status).toBe(204);

    signals.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(alive(pids.get(shardOf(guildA, 2))!)).toBe(false);
    await until(() => standin.shards().length === 0, 'every shard to disconnect', 5_000);
    await standin.close();
    cleanup();
  }, 240_000);
});
