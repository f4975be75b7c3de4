import { PermissionFlagsBits, Routes, type Client } from 'discord.js';
import type { Logger } from 'pino';
import type { Command } from './command.js';

/**
 * What the bot needs in a channel: see it, post (embeds), reply in threads it starts from a
 * mention, and read the message it replies to.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory;

/** The link that adds the bot to a server with its slash commands and exactly those permissions. */
export function inviteUrl(clientId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${clientId}&scope=bot%20applications.commands&permissions=${BOT_PERMISSIONS}`;
}

/** Error codes of a network that is not there yet (DNS, refused, reset, timed out). */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The network code behind an error (fetch wraps it as `cause`), when it is a network failure. */
export function networkFailure(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Waits before each retry: 1 s, 2 s, 4 s … at most 60 s, as the gateway backs off. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Logs in, retrying with backoff while the network is not there (a container up before its
 * DNS, Discord unreachable for a moment); any other failure (a bad token) is thrown at once.
 */
export async function loginWithRetry(
  login: () => Promise<unknown>,
  log: Logger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await login();
      return;
    } catch (error) {
      const code = networkFailure(error);
      if (!code) throw error;
      const retryInMs = retryDelayMs(attempt);
      log.warn(
        { code, attempt, retryInMs },
        `cannot reach Discord (${code}); retrying in ${retryInMs / 1000} s`,
      );
      await sleep(retryInMs);
    }
  }
}

/**
 * Says, right after logging in, when the slash commands registered with Discord are not this
 * version's (none yet, or others): with the invite URL and `paperbot deploy-commands`.
 */
export async function reportCommandRegistration(
  client: Client<true>,
  commands: readonly Command[],
  guildId: string | undefined,
  log: Logger,
): Promise<void> {
  const appId = client.application.id;
  const route = guildId
    ? Routes.applicationGuildCommands(appId, guildId)
    : Routes.applicationCommands(appId);
  let registered: string[];
  try {
    const found = (await client.rest.get(route)) as { name: string }[];
    registered = found.map((c) => c.name);
  } catch (error) {
    log.warn({ err: error }, 'could not read the registered slash commands');
    return;
  }
  const ours = commands.map((c) => c.data.name);
  const missing = ours.filter((name) => !registered.includes(name));
  const extra = registered.filter((name) => !ours.includes(name));
  const invite = inviteUrl(appId);
  if (registered.length === 0) {
    log.warn(
      { inviteUrl: invite, scope: guildId ? `guild ${guildId}` : 'global' },
      `no slash commands are registered yet: run \`paperbot deploy-commands\`, then invite the bot with ${invite}`,
    );
  } else if (missing.length > 0 || extra.length > 0) {
    log.warn(
      { missing, extra, inviteUrl: invite },
      "the registered slash commands are not this version's: run `paperbot deploy-commands` again",
    );
  }
}
