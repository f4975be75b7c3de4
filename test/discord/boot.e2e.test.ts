import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_PERMISSIONS, inviteUrl } from '../../src/discord/boot.js';
import { startDiscordStandin, type DiscordStandin } from '../support/discord-standin/index.js';
import { tempDir } from '../support/library.js';
import { cli, startPaperbot } from '../support/run-cli.js';

interface LogLine {
  level: number;
  msg: string;
  inviteUrl?: string;
  missing?: string[];
  code?: string;
  retryInMs?: number;
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** `paperbot start` until it is online, then SIGTERM: its exit code and its log lines. */
async function startAndStop(apiUrl: string, until: () => Promise<unknown>, extra = {}) {
  const bot = startPaperbot({
    DB_PATH: join(dir, 'db.sqlite'),
    DISCORD_TOKEN: 'token',
    DISCORD_API_URL: apiUrl,
    LOG_LEVEL: 'info',
    SEMANTIC_SEARCH: 'off',
    ...extra,
  });
  await until();
  for (let i = 0; i < 100 && !bot.stderr().includes('paperbot is online'); i++)
    await new Promise((r) => setTimeout(r, 50));
  const code = await bot.stop();
  return { code, logs: bot.logs<LogLine>() };
}

const online = (standin: DiscordStandin) => () => standin.ready;

describe('paperbot start tells an operator what to do', () => {
  it('GIVEN no slash commands registered yet THEN its first line after logging in gives the invite URL and deploy-commands', async () => {
    const standin = await startDiscordStandin();
    const { code, logs } = await startAndStop(standin.apiUrl, online(standin));
    await standin.close();
    expect(code).toBe(0);
    const afterBuild = logs.filter((l) => !l.msg.startsWith('Built the paper library'));
    expect(afterBuild[0]!.msg).toBe(
      `no slash commands are registered yet: run \`paperbot deploy-commands\`, then invite the bot with ${inviteUrl(standin.applicationId)}`,
    );
    expect(afterBuild[0]!.inviteUrl).toBe(
      `https://discord.com/oauth2/authorize?client_id=${standin.applicationId}&scope=bot%20applications.commands&permissions=309237730304`,
    );
  });

  it("GIVEN this version's commands registered THEN no such line; GIVEN an older set THEN it says to deploy again", async () => {
    const standin = await startDiscordStandin();
    const base = {
      DB_PATH: join(dir, 'db.sqlite'),
      DISCORD_TOKEN: 'token',
      DISCORD_CLIENT_ID: standin.applicationId,
      DISCORD_API_URL: standin.apiUrl,
    };
    expect((await cli(['deploy-commands'], base)).code).toBe(0);
    const current = await startAndStop(standin.apiUrl, online(standin));
    expect(current.logs.filter((l) => /slash commands/.test(l.msg))).toEqual([]);

    // An older version registered commands of its own, to this server.
    await fetch(
      `${standin.apiUrl}/v10/applications/${standin.applicationId}/guilds/${standin.guildId}/commands`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: 'Bot token' },
        body: JSON.stringify([
          { name: 'ask', description: 'Ask', type: 1 },
          { name: 'old', description: 'Old', type: 1 },
        ]),
      },
    );
    const older = await startAndStop(standin.apiUrl, () => Promise.resolve(), {
      DISCORD_GUILD_ID: standin.guildId,
    });
    await standin.close();
    const line = older.logs.find((l) => /slash commands/.test(l.msg))!;
    expect(line.msg).toBe(
      "the registered slash commands are not this version's: run `paperbot deploy-commands` again",
    );
    expect(line.missing).toContain('digest');
  });

  it('GIVEN Discord unreachable at boot (nothing listening yet) THEN it retries with backoff, says so, and comes online', async () => {
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}/api`;
    let standin: DiscordStandin | undefined;
    const { code, logs } = await startAndStop(apiUrl, async () => {
      await new Promise((r) => setTimeout(r, 1500));
      standin = await startDiscordStandin({ port });
      await standin.ready;
    });
    await standin?.close();
    expect(code).toBe(0);
    const retries = logs.filter((l) => l.code === 'ECONNREFUSED');
    expect(retries.map((l) => l.msg)).toEqual([
      'cannot reach Discord (ECONNREFUSED); retrying in 1 s',
      'cannot reach Discord (ECONNREFUSED); retrying in 2 s',
    ]);
    expect(logs.some((l) => l.msg.startsWith('paperbot is online'))).toBe(true);
  });
});

describe('the invite URL', () => {
  it('GIVEN the README THEN it gives the same permission integer, View Channel included', () => {
    expect(BOT_PERMISSIONS & (1n << 10n)).toBe(1n << 10n);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`permissions=${BOT_PERMISSIONS}`);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
