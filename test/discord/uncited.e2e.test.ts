import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildBotContext } from '../../src/app/build-bot-context.js';
import { compose } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/start-bot.js';
import type { ChatModel } from '../../src/llm/chat-model.js';
import { startDiscordStandin, type DiscordStandin } from '../support/discord-standin/index.js';
import { NOW, PAGES_DIR } from '../support/library.js';

const CLAIM = 'Reward models prefer long answers because of a secret conspiracy.';
let standin: DiscordStandin;
let bot: RunningBot;

beforeAll(async () => {
  standin = await startDiscordStandin();
  const library = openLibraryAt(':memory:', { autoBuild: false });
  library.ingestFiles([PAGES_DIR], { now: NOW });
  const config = loadConfig({ SEMANTIC_SEARCH: 'off' });
  // As a real server streams: the claim first, then more of it a while later.
  const model: ChatModel = {
    name: 'scripted',
    async *stream() {
      yield CLAIM;
      await new Promise((r) => setTimeout(r, 1500));
      yield ' It is well known.';
    },
  };
  const ctx = buildBotContext(compose(config, library, { model }), createLogger('silent'));
  bot = await startBot(ctx, { token: 'standin-token', apiUrl: standin.apiUrl, commands });
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await standin?.close();
});

describe('a model answer that cites nothing, on Discord', () => {
  it('GIVEN /ask and a model that cites no source THEN no edit ever shows its claim, and the footer names the model', async () => {
    const { token } = standin.slashCommand('ask', [
      {
        name: 'question',
        type: 3,
        value: 'how do reward models end up preferring longer answers?',
      },
    ]);
    const final = await standin.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path.includes(`/${token}/messages/@original`) &&
        Array.isArray(c.body.embeds) &&
        c.body.embeds.length > 0,
      10_000,
    );
    const edits = standin.calls.filter(
      (c) => c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`),
    );
    expect(JSON.stringify(edits.map((c) => c.body))).not.toContain('secret conspiracy');
    expect(final.body.embeds[0].description).toMatch(/^The library has nothing on this\./);
    expect(final.body.embeds[0].footer.text).toBe(
      'scripted cited none of the sources, so its answer is not shown',
    );
  });
});
