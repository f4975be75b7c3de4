import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildBotContext } from '../../src/app/build-bot-context.js';
import { compose } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import type { Command } from '../../src/discord/command.js';
import { startBot } from '../../src/discord/start-bot.js';
import { startDiscordStandin } from '../support/discord-standin/index.js';

describe('an unexpected failure in a command', () => {
  it('GIVEN a handler that throws THEN the user gets a short message with an error id, the log has the id and context, and the bot keeps serving', async () => {
    const standin = await startDiscordStandin();
    let logs = '';
    const sink = new Writable({ write: (chunk, _e, done) => ((logs += String(chunk)), done()) });
    const ctx = buildBotContext(
      compose(loadConfig({}), openLibraryAt(':memory:', { autoBuild: false })),
      createLogger('info', sink),
    );
    const boom: Command = {
      data: { name: 'boom', description: 'fails' },
      async execute() {
        throw new Error('database is on fire');
      },
    };
    const fine: Command = {
      data: { name: 'fine', description: 'works' },
      async execute(interaction) {
        await interaction.reply({ content: 'still here' });
      },
    };
    const bot = await startBot(ctx, {
      token: 'standin-token',
      apiUrl: standin.apiUrl,
      commands: [boom, fine],
    });
    try {
      const failed = standin.slashCommand('boom');
      const reply = await standin.waitForCall((c) =>
        c.path.startsWith(`/interactions/${failed.id}/`),
      );
      expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
      const errorId = /error id `([0-9a-f]{8})`/.exec(reply.body.data.content as string)?.[1];
      expect(errorId).toBeDefined();
      await new Promise((r) => setTimeout(r, 100));
      const lines = logs
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.errorId === errorId)).toMatchObject({
        command: 'boom',
        guild: standin.guildId,
        msg: 'interaction failed',
      });
      expect(lines.find((l) => l.msg === 'interaction' && l.command === 'boom')).toMatchObject({
        outcome: 'error',
        latencyMs: expect.any(Number),
      });
      expect(logs).not.toContain('standin-token');
      const after = standin.slashCommand('fine');
      expect(
        (await standin.waitForCall((c) => c.path.startsWith(`/interactions/${after.id}/`))).body
          .data.content,
      ).toBe('still here');
    } finally {
      await bot.stop();
      await standin.close();
    }
  });
});
