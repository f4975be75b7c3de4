import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/app/compose.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open-database.js';
import { writerStatus } from '../../src/db/writer-status.js';
import { defaultSubscription } from '../../src/digest/subscriptions.js';
import { createDigestPoster } from '../../src/discord/post-digest.js';
import { startDiscordStandin, type DiscordStandin } from '../support/discord-standin/index.js';
import { paper, tempDir } from '../support/library.js';
import { startPaperbot } from '../support/run-cli.js';

const T = new Date('2026-03-10T10:00:00Z');
const HOUR = 3_600_000;

async function until(check: () => boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The first process: a library with 250 new papers and a digest run that dies, after
 * Discord accepted its message (`sent`) or before sending anything.
 */
async function crashedRun(
  standin: DiscordStandin,
  dbPath: string,
  crash: 'after-send' | 'before-send',
) {
  const env = {
    DISCORD_TOKEN: 't',
    DISCORD_API_URL: standin.apiUrl,
    DIGEST_CHANNEL_ID: standin.channelIds[0]!,
    DIGEST_CRON: '0 9 * * *',
    DIGEST_TZ: 'UTC',
    HF_DAILY: 'off',
    SEMANTIC_SEARCH: 'off',
    LOG_LEVEL: 'silent',
    DB_PATH: dbPath,
  };
  const config = loadConfig(env);
  const library = openLibraryAt(dbPath, { autoBuild: false });
  library.ingest(
    Array.from({ length: 250 }, (_, i) =>
      paper(
        `Crash Test Paper ${i}`,
        `Crash test abstract ${i}. It measures something new on four benchmarks.`,
        { upvotes: i },
      ),
    ),
    { now: new Date(T.getTime() - HOUR) },
  );
  const poster = createDigestPoster({ token: 't', apiUrl: standin.apiUrl });
  const app = compose(config, library, {
    clock: () => T,
    postDigest: async (content, nonce) => {
      if (crash === 'after-send') await poster.post(content, nonce);
      throw new Error('the process was killed');
    },
  });
  const subscription = defaultSubscription(standin.channelIds[0]!, config, '2026-03-09T00:00:00Z');
  app.digestStore.subscribe(subscription);
  await expect(app.runDigest(subscription, '2026-03-10')).rejects.toThrow(/killed/);
  library.close();
  return env;
}

/** The restart: `paperbot start` an hour later, until the run is recorded done. */
async function restart(env: Record<string, string>, dbPath: string) {
  const bot = startPaperbot(env, () => new Date(T.getTime() + HOUR));
  const { db: reader } = openDatabase(dbPath);
  await until(() => writerStatus(reader).digest?.outcome === 'posted');
  const status = writerStatus(reader);
  reader.close();
  expect(await bot.stop()).toBe(0);
  return status;
}

describe('a digest never posted twice, even after Discord forgot the nonce', () => {
  it('GIVEN a crash after Discord accepted the message and a restart an hour later THEN exactly one message, and the run records it', async () => {
    const standin = await startDiscordStandin();
    const { dir, cleanup } = tempDir();
    const dbPath = join(dir, 'db.sqlite');
    const channel = standin.channelIds[0]!;
    const env = await crashedRun(standin, dbPath, 'after-send');
    expect(standin.channelMessages(channel)).toHaveLength(1);
    standin.passTime(HOUR);
    const status = await restart(env, dbPath);
    const messages = standin.channelMessages(channel);
    expect(messages).toHaveLength(1);
    expect(status.digest).toMatchObject({ localDate: '2026-03-10', messageId: messages[0]!.id });
    expect(
      standin.calls.filter(
        (c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`,
      ),
    ).toHaveLength(1);
    expect(messages[0]!.embeds[0]!.description).toMatch(/… and 240 more/);
    await standin.close();
    cleanup();
  }, 60_000);

  it('GIVEN a crash before anything was sent THEN the restart posts once, exactly what the first attempt chose', async () => {
    const standin = await startDiscordStandin();
    const { dir, cleanup } = tempDir();
    const dbPath = join(dir, 'db.sqlite');
    const channel = standin.channelIds[0]!;
    const env = await crashedRun(standin, dbPath, 'before-send');
    expect(standin.channelMessages(channel)).toHaveLength(0);
    standin.passTime(HOUR);
    const status = await restart(env, dbPath);
    const messages = standin.channelMessages(channel);
    expect(messages).toHaveLength(1);
    expect(status.digest?.messageId).toBe(messages[0]!.id);
    expect(messages[0]!.embeds[0]!.description).toMatch(/^\*\*1\. \[Crash Test Paper 249\]/);
    expect(messages[0]!.embeds[0]!.description).toMatch(/… and 240 more/);
    await standin.close();
    cleanup();
  }, 60_000);
});
