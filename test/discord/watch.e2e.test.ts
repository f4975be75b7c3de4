import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildBotContext } from '../../src/app/build-bot-context.js';
import { compose, type Services } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { createMetrics } from '../../src/app/metrics.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { startWriters } from '../../src/app/start-writers.js';
import { PermissionFlagsBits } from 'discord.js';
import { loadConfig } from '../../src/config.js';
import { defaultSubscription } from '../../src/digest/subscriptions.js';
import { createFeedStore } from '../../src/db/feed-store.js';
import { startBot, type RunningBot } from '../../src/discord/start-bot.js';
import {
  startDiscordStandin,
  type DiscordStandin,
  type RestCall,
} from '../support/discord-standin/index.js';
import { hfItem, startFakeHf } from '../support/fake-hf-server.js';
import { NOW, PAGES_DIR } from '../support/library.js';

const ANN = '330000000000000001';
const BOB = '330000000000000002';
let standin: DiscordStandin;
let hf: Awaited<ReturnType<typeof startFakeHf>>;
let bot: RunningBot;
let app: Services;
let now = new Date('2026-03-10T09:00:20Z');
const metrics = createMetrics(() => now);

beforeAll(async () => {
  standin = await startDiscordStandin();
  hf = await startFakeHf(
    new Map([
      [
        '2026-03-10',
        [
          hfItem('2603.10001', 'Ring Attention For Long Context'),
          hfItem('2603.10002', 'Long Context Evaluation Suites'),
          hfItem('2603.10003', 'Tiny Vision Transformers'),
        ],
      ],
    ]),
  );
  const library = openLibraryAt(':memory:', { autoBuild: false });
  library.ingestFiles([PAGES_DIR], { now: NOW });
  const config = loadConfig({
    DISCORD_TOKEN: 'standin-token',
    DISCORD_API_URL: standin.apiUrl,
    HF_BASE_URL: hf.baseUrl,
    HF_DAILY_CRON: '0 * * * *',
    SEMANTIC_SEARCH: 'off',
  });
  app = compose(config, library, { clock: () => now });
  const log = createLogger('silent');
  bot = await startBot(buildBotContext(app, log), {
    token: 'standin-token',
    apiUrl: standin.apiUrl,
    commands,
  });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await standin?.close();
  await hf?.close();
});

const reply = (id: string) => (c: RestCall) =>
  c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`);

async function slash(userId: string, sub: string, topic?: string) {
  const { id } = standin.slashCommand(
    'watch',
    [{ name: sub, type: 1, options: topic ? [{ name: 'topic', type: 3, value: topic }] : [] }],
    { userId },
  );
  return (await standin.waitForCall(reply(id))).body.data as { content: string; flags: number };
}

/** The writers of `paperbot start` for one tick at `now`: the feed fetch, then the alerts. */
async function writersTick() {
  const feed = createFeedStore(app.library.db);
  const before = feed.day('2026-03-10')?.fetchedAt;
  const writers = startWriters(app, createLogger('silent'), metrics);
  const end = Date.now() + 10_000;
  while (feed.day('2026-03-10')?.fetchedAt === before && Date.now() < end)
    await new Promise((r) => setTimeout(r, 20));
  // Stopping waits for the tick in progress: the alerts run after the fetch.
  await writers.stop();
}

describe('/watch and alerts end to end, with the real discord.js client', () => {
  it('GIVEN /watch add THEN a feed fetch brings ONE DM listing the matching papers, with no pings; the same papers again bring none; closed DMs get none and keep the watch', async () => {
    expect(await slash(ANN, 'add', 'long context')).toMatchObject({
      content: expect.stringMatching(/^Watching “long context”/),
      flags: 64,
    });
    expect(await slash(BOB, 'add', 'long context')).toMatchObject({ flags: 64 });
    expect((await slash(ANN, 'add', 'Long  Context')).content).toBe(
      'You already watch “long context”.',
    );
    standin.setDmsClosed(BOB, true);

    await writersTick();
    const dms = standin.directMessages(ANN);
    expect(dms).toHaveLength(1);
    const description = dms[0]!.embeds[0]!.description!;
    expect(description).toContain(
      '[Ring Attention For Long Context](https://arxiv.org/abs/2603.10001)',
    );
    expect(description).toContain(
      '[Long Context Evaluation Suites](https://arxiv.org/abs/2603.10002)',
    );
    expect(description).not.toContain('Tiny Vision');
    const send = standin.calls.find(
      (c) => c.method === 'POST' && c.path === `/channels/${dms[0]!.channel_id}/messages`,
    )!;
    expect(send.body.allowed_mentions).toEqual({ parse: [] });

    // Bob's DMs are closed: nothing, the watch kept, and a 50007 seen.
    expect(standin.directMessages(BOB)).toEqual([]);
    expect(
      standin.calls.some(
        (c) => c.status === 403 && c.method === 'POST' && c.path.startsWith('/channels/'),
      ),
    ).toBe(true);
    expect((await slash(BOB, 'list')).content).toBe('You watch 1 of 10 topics:\n• long context');

    // An hour later the feed fetches the day again, with the same papers: no DM.
    now = new Date('2026-03-10T10:00:20Z');
    await writersTick();
    expect(standin.directMessages(ANN)).toHaveLength(1);
    const counted = await metrics.registry.getSingleMetricAsString('paperbot_alerts_total');
    expect(counted).toContain('paperbot_alerts_total{outcome="sent",app="paperbot"} 1');
    expect(counted).toContain('paperbot_alerts_total{outcome="dms_closed",app="paperbot"} 1');
    expect(counted).toContain('paperbot_alerts_total{outcome="failed",app="paperbot"} 0');
  }, 30_000);

  it('GIVEN /watch remove being typed THEN autocomplete offers the user’s own topics, and removing one stops it', async () => {
    await slash(ANN, 'add', 'reward models');
    const { id } = standin.autocomplete('watch', 'topic', 'rew', { userId: ANN });
    const choices = (await standin.waitForCall(reply(id))).body.data.choices;
    expect(choices).toEqual([{ name: 'reward models', value: 'reward models' }]);
    expect((await slash(ANN, 'remove', 'reward models')).content).toBe(
      'No more alerts for “reward models”.',
    );
    expect((await slash(ANN, 'list')).content).toBe('You watch 1 of 10 topics:\n• long context');
  });
});

describe('digest votes end to end, with the real discord.js client', () => {
  it('GIVEN a posted digest THEN a 👍 under it is recorded privately for the channel, and /stats lists the paper as the most liked', async () => {
    const channel = standin.channelIds[0]!;
    const posted = await app.runDigest(
      defaultSubscription(channel, app.config, '2026-03-01T00:00:00Z'),
      '2026-03-10',
    );
    expect(posted.kind).toBe('posted');
    const message = standin.channelMessages(channel).at(-1)!;
    const buttons = message.components!.flatMap(
      (row) =>
        ('components' in row ? row.components : []) as { label?: string; custom_id?: string }[],
    );
    const up = buttons.find((b) => b.label === '👍 #1')!.custom_id!;
    expect(up).toMatch(/^dv:up:/);
    const firstTitle = /\*\*1\. \[([^\]]+)\]/.exec(message.embeds[0]!.description!)![1]!;

    const press = standin.button(up, { userId: ANN, channelId: channel });
    const thanks = (await standin.waitForCall(reply(press.id))).body.data;
    expect(thanks.flags).toBe(64);
    expect(thanks.content).toMatch(/^Thanks, your 👍 on “.+” counts for this channel/);
    // A second user, and the first changing their mind and back: one vote each.
    for (const [user, id] of [
      [BOB, up],
      [ANN, up.replace('dv:up:', 'dv:down:')],
      [ANN, up],
    ] as const)
      await standin.waitForCall(reply(standin.button(id, { userId: user, channelId: channel }).id));

    const stats = standin.slashCommand('stats', [], {
      userId: ANN,
      channelId: channel,
      permissions: String(PermissionFlagsBits.ManageGuild),
    });
    const embed = (await standin.waitForCall(reply(stats.id))).body.data.embeds[0];
    const field = embed.fields.find(
      (f: { name: string }) => f.name === 'most liked digest papers in this channel',
    );
    expect(field.value).toBe(`1. ${firstTitle} · 👍 2 · 👎 0`);
  }, 30_000);
});
