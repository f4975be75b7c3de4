import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildBotContext } from '../../src/app/build-bot-context.js';
import { compose } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { openLibraryAt, type Library } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import type { BotContext } from '../../src/discord/context.js';
import { startBot, type RunningBot } from '../../src/discord/start-bot.js';
import { startDiscordStandin, type DiscordStandin } from '../support/discord-standin/index.js';
import { NOW, PAGES_DIR, tempDir } from '../support/library.js';

let standin: DiscordStandin;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  standin = await startDiscordStandin();
  dir = tempDir();
});
afterAll(async () => {
  await standin?.close();
  dir?.cleanup();
});

/** One bot process over the library file: the real discord.js client against the stand-in. */
async function startProcess(
  dbPath: string,
): Promise<{ ctx: BotContext; stop: () => Promise<void> }> {
  const library: Library = openLibraryAt(dbPath, { autoBuild: false });
  const papers = library.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
  if (papers.n === 0) library.ingestFiles([PAGES_DIR], { now: NOW });
  const config = loadConfig({ ASK_COOLDOWN_SECONDS: '0', SEMANTIC_SEARCH: 'off' });
  const ctx = buildBotContext(compose(config, library), createLogger('silent'));
  const bot: RunningBot = await startBot(ctx, {
    token: 'standin-token',
    apiUrl: standin.apiUrl,
    commands,
  });
  return {
    ctx,
    stop: async () => {
      await bot.stop();
      library.close();
    },
  };
}

async function until(check: () => boolean, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sourceLines = (description: string) =>
  description
    .split('**Sources**\n')[1]!
    .split('\n')
    .filter((l) => /^\[\d+\]/.test(l));

describe('thread follow-ups that know their sources, end to end', () => {
  it('GIVEN an answer citing two papers, then a restart THEN "[2] what data set did they use?" in the thread is answered citing paper 2 alone', async () => {
    const dbPath = join(dir.dir, 'paperbot.db');
    const first = await startProcess(dbPath);
    const asked = standin.message('What is known about tokenization and arithmetic?', {
      authorId: '320000000000000001',
      mentionsBot: true,
    });
    const threadId = asked.id; // a thread started from a message takes its id
    const answer = await standin.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
      10_000,
    );
    const before = sourceLines(answer.body.embeds[0].description as string);
    expect(before.length).toBeGreaterThanOrEqual(2);
    // The turn is recorded just after the answer is sent.
    await until(() => first.ctx.turns.isConversation(threadId));
    const paper2 = first.ctx.turns.recent(threadId, 1)[0]!.cited[1]!;
    await first.stop();

    const second = await startProcess(dbPath);
    try {
      const posted = () =>
        standin.calls.filter(
          (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
        );
      const count = posted().length;
      standin.message('[2] what data set did they use?', {
        authorId: '320000000000000002',
        mentionsBot: true,
        channelId: threadId,
      });
      await standin.waitForCall(() => posted().length > count, 10_000);
      const followUp = posted().at(-1)!.body.embeds[0].description as string;
      const after = sourceLines(followUp);
      expect(after).toHaveLength(1);
      // Numbered from 1 in the follow-up's own answer, the same paper as the first answer's [2].
      expect(after[0]).toBe(before[1]!.replace(/^\[2\]/, '[1]'));
      expect(followUp).toMatch(/\[1\]/);
      await until(() => second.ctx.turns.recent(threadId, 5).length === 2);
      expect(second.ctx.turns.recent(threadId, 1)[0]!.cited).toEqual([paper2]);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
