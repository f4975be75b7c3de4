import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDiscordStandin } from '../support/discord-standin/index.js';
import { tempDir } from '../support/library.js';
import { cli, startPaperbot } from '../support/run-cli.js';

describe('paperbot start', () => {
  it('GIVEN no DISCORD_TOKEN THEN one line says what to set and that chat works without Discord', async () => {
    const { dir, cleanup } = tempDir();
    const run = await cli(['start'], { DB_PATH: join(dir, 'db.sqlite') });
    cleanup();
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Set DISCORD_TOKEN .*`paperbot chat` works without Discord/);
  });

  it('GIVEN a bad --shards or DISCORD_SHARDS THEN a line says what it takes, and nothing starts', async () => {
    const { dir, cleanup } = tempDir();
    const env = { DB_PATH: join(dir, 'db.sqlite'), DISCORD_TOKEN: 't' };
    const flag = await cli(['start', '--shards', 'lots'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--shards.*must be auto or a number from 1 to 9999/);
    const setting = await cli(['start'], { ...env, DISCORD_SHARDS: '0' });
    expect(setting.code).toBe(2);
    expect(setting.stderr.trim()).toBe(
      'Setting DISCORD_SHARDS: must be "auto" or a number of shards from 1 to 9999',
    );
    cleanup();
  });

  it('GIVEN a token and SIGTERM THEN it logs in, then stops cleanly, and the token never reaches the logs', async () => {
    const standin = await startDiscordStandin();
    const { dir, cleanup } = tempDir();
    const env = {
      DB_PATH: join(dir, 'db.sqlite'),
      DISCORD_TOKEN: 'super-secret-token',
      DISCORD_API_URL: standin.apiUrl,
      LOG_LEVEL: 'info',
      HF_DAILY: 'off',
    };
    const bot = startPaperbot(env);
    await standin.ready;
    await new Promise((r) => setTimeout(r, 300));
    expect(await bot.stop()).toBe(0);
    expect(bot.stderr()).not.toContain('super-secret-token');
    // JSON lines only (read them with `| npx pino-pretty`), the first-use build included.
    const logs = bot.logs();
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Built the paper library from data\/ \(first use\)/),
        expect.stringMatching(/^paperbot is online as .+\. Ctrl-C to stop\.$/),
        'stopped',
      ]),
    );
    await standin.close();
    cleanup();
  });

  it('GIVEN deploy-commands THEN guild-scoped with DISCORD_GUILD_ID (and says so), global without', async () => {
    const standin = await startDiscordStandin();
    const { dir, cleanup } = tempDir();
    const base = {
      DB_PATH: join(dir, 'db.sqlite'),
      DISCORD_TOKEN: 't',
      DISCORD_CLIENT_ID: standin.applicationId,
      DISCORD_API_URL: standin.apiUrl,
    };
    const guild = await cli(['deploy-commands'], { ...base, DISCORD_GUILD_ID: standin.guildId });
    expect(guild.stdout).toMatch(
      new RegExp(`^Registered 9 commands to server ${standin.guildId} \\(available now\\)`),
    );
    const put = await standin.waitForCall(
      (c) =>
        c.method === 'PUT' &&
        c.path === `/applications/${standin.applicationId}/guilds/${standin.guildId}/commands`,
    );
    expect(put.body.map((c: { name: string }) => c.name).sort()).toEqual([
      'ask',
      'compare',
      'digest',
      'help',
      'paper',
      'search',
      'similar',
      'stats',
      'watch',
    ]);
    const global = await cli(['deploy-commands'], base);
    expect(global.stdout).toMatch(/^Registered 9 commands globally/);
    await standin.waitForCall(
      (c) => c.method === 'PUT' && c.path === `/applications/${standin.applicationId}/commands`,
    );
    await standin.close();
    cleanup();
  });
});
