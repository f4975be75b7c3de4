import { commands } from '../../commands/index.js';
import { buildBotContext } from '../app/build-bot-context.js';
import type { Services } from '../app/compose.js';
import { createLogger } from '../app/logger.js';
import { startWriters } from '../app/start-writers.js';
import type { Config } from '../config.js';
import { deployCommands } from '../discord/deploy-commands.js';
import { startBot } from '../discord/start-bot.js';
import { CliError, type CliIo } from './io.js';
import { startSharded } from './start-sharded.js';

/** `paperbot start`: the Discord bot, until SIGINT/SIGTERM. */
export async function startCommand(
  config: Config,
  services: () => Services,
  io: CliIo,
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  if (!config.discordToken) {
    throw new CliError(
      'Set DISCORD_TOKEN (the bot token from the Discord developer portal) to start the bot; `paperbot chat` works without Discord.',
      2,
    );
  }
  if (config.shards !== undefined) return startSharded(config, services, io, signals);
  const log = createLogger(config.logLevel);
  const app = services();
  const ctx = buildBotContext(app, log);
  const bot = await startBot(ctx, {
    token: config.discordToken,
    commands,
    ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
  });
  io.stderr.write(`paperbot is online as ${bot.client.user?.tag ?? 'the bot'}. Ctrl-C to stop.\n`);

  const writers = startWriters(app, log);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping: finishing replies in flight');
      resolve();
    };
    signals.once('SIGINT', () => stop('SIGINT'));
    signals.once('SIGTERM', () => stop('SIGTERM'));
  });
  await writers.stop();
  await bot.stop();
  log.info('stopped');
  log.flush();
  return 0;
}

/** `paperbot deploy-commands`: registers the slash commands and says where. */
export async function deployCommandsCommand(config: Config, io: CliIo): Promise<number> {
  const missing = [
    !config.discordToken && 'DISCORD_TOKEN',
    !config.discordClientId && 'DISCORD_CLIENT_ID',
  ].filter(Boolean);
  if (missing.length > 0)
    throw new CliError(`Set ${missing.join(' and ')} to register the slash commands.`, 2);
  const result = await deployCommands(commands, {
    token: config.discordToken!,
    clientId: config.discordClientId!,
    ...(config.discordGuildId ? { guildId: config.discordGuildId } : {}),
    ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
  });
  io.stdout.write(
    result.scope === 'guild'
      ? `Registered ${result.count} commands to server ${config.discordGuildId} (available now).\n`
      : `Registered ${result.count} commands globally (Discord may take up to an hour to show them everywhere).\n`,
  );
  return 0;
}
