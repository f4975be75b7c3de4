/**
 * What one bot process holds, measured through the Discord stand-in (same process, so the
 * figures are conservative): memory with G guilds, and /search and /ask answered per second
 * when N arrive at once. Run: npx tsx test/support/measure-capacity.ts [guilds] [interactions]
 * Figures go to src/app/README.md ("One process's capacity").
 */
import { commands } from '../../commands/index.js';
import { buildBotContext } from '../../src/app/build-bot-context.js';
import { compose } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import { startBot } from '../../src/discord/start-bot.js';
import { startDiscordStandin, type RestCall } from './discord-standin/index.js';
import { NOW, PAGES_DIR } from './library.js';

const guilds = Number(process.argv[2] ?? 1000);
const n = Number(process.argv[3] ?? 200);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

const standin = await startDiscordStandin({ guilds, maxConcurrency: 16 });
const library = openLibraryAt(':memory:', { autoBuild: false });
library.ingestFiles([PAGES_DIR], { now: NOW });
library.adoptShippedVectors();
for (const semantic of ['off', 'on'] as const) {
  const config = loadConfig({ ASK_COOLDOWN_SECONDS: '0', SEMANTIC_SEARCH: semantic });
  const ctx = buildBotContext(compose(config, library), createLogger('silent'));
  global.gc?.();
  const before = process.memoryUsage().rss;
  const bot = await startBot(ctx, { token: 't', apiUrl: standin.apiUrl, commands });
  global.gc?.();
  const after = process.memoryUsage().rss;
  console.log(
    `search by meaning ${semantic}: ${bot.client.guilds.cache.size} guilds; rss ${mb(before)} → ${mb(after)} after login`,
  );
  const questions = [
    'reward models preferring longer answers',
    'speculative decoding draft model',
    'long context retrieval heads',
    'evaluating chat models with real user queries',
  ];
  for (const command of ['search', 'ask'] as const) {
    const option = command === 'search' ? 'query' : 'question';
    // Warm-up (the encoder loads on its first question).
    const warm = standin.slashCommand(command, [{ name: option, type: 3, value: 'warm up' }], {
      userId: '340000000000000000',
    });
    await standin.waitForCall(
      (c: RestCall) =>
        (c.method === 'PATCH' && c.path.includes(warm.token)) ||
        (c.method === 'POST' &&
          c.path.startsWith(`/interactions/${warm.id}/`) &&
          c.body?.type === 4),
      60_000,
    );
    const start = performance.now();
    const sent = Array.from({ length: n }, (_, i) =>
      standin.slashCommand(
        command,
        [{ name: option, type: 3, value: questions[i % questions.length]! }],
        {
          userId: `35${String(i).padStart(16, '0')}`,
          channelId: standin.channelsOf(standin.guildIds[i % guilds]!)[0]!,
        },
      ),
    );
    const acks: number[] = [];
    await Promise.all(
      sent.map(async ({ id, token }) => {
        const ack = await standin.waitForCall(
          (c) => c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`),
          120_000,
        );
        acks.push(performance.now() - start);
        if (ack.body?.type === 5)
          await standin.waitForCall(
            (c) => c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`),
            120_000,
          );
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    acks.sort((a, b) => a - b);
    const ids = new Set(sent.map((s) => s.id));
    const late = new Set(
      standin.calls
        .filter((c) => c.status === 404 && c.path.startsWith('/interactions/'))
        .map((c) => c.path.split('/')[2] ?? '')
        .filter((id) => ids.has(id)),
    ).size;
    console.log(
      `  /${command}: ${n} at once, all answered in ${seconds.toFixed(1)} s = ${(n / seconds).toFixed(1)}/s; acknowledged p50 ${acks[Math.floor(n / 2)]!.toFixed(0)} ms, max ${acks.at(-1)!.toFixed(0)} ms; first response after 3 s (10062): ${late} of ${n}; rss ${mb(process.memoryUsage().rss)}`,
    );
  }
  await bot.stop();
}
await standin.close();
library.close();
