import { commands } from '../../commands/index.js';
import { buildBotContext } from '../app/build-bot-context.js';
import { serveHealth, withMetrics } from '../app/health-server.js';
import { createMetrics } from '../app/metrics.js';
import type { Services } from '../app/compose.js';
import { createLogger } from '../app/logger.js';
import { startWriters } from '../app/start-writers.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { deployCommands } from '../discord/deploy-commands.js';
import { gatewayHealth } from '../discord/gateway-health.js';
import { startBot } from '../discord/start-bot.js';
import { CliError, type CliIo } from './io.js';
import { startSharded } from './start-sharded.js';

/** The bot's logs: JSON lines on stderr and nothing else there (`| npx pino-pretty` to read). */
export function logTo(io: CliIo): { write(line: string): void } {
  return { write: (line) => void io.stderr.write(line) };
}

/** `paperbot start`: the Discord bot, until SIGINT/SIGTERM. */
export async function startCommand(
  config: Config,
  services: () => Services,
  io: CliIo,
  signals: NodeJS.EventEmitter = process,
  log: Logger = createLogger(config.logLevel, logTo(io)),
): Promise<number> {
  if (!config.discordToken) {
    throw new CliError(
      'Set DISCORD_TOKEN (the bot token from the Discord developer portal) to start the bot; `paperbot chat` works without Discord.',
      2,
    );
  }
  if (config.shards !== undefined) return startSharded(config, services, io, signals, log);
  const app = services();
  const metrics = config.health ? createMetrics(app.clock) : undefined;
  const ctx = withMetrics(buildBotContext(app, log), metrics);
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(ctx, {
      token: config.discordToken,
      commands,
      ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
    });
  } catch (error) {
    log.fatal({ err: error }, 'could not log in to Discord; stopping');
    return 1;
  }
  const health = await serveHealth(config.health, metrics, {
    db: app.library.db,
    gateway: () => gatewayHealth(bot.client),
    log,
  });
  if (health === 'failed') {
    await bot.stop();
    return 1;
  }
  log.info(`paperbot is online as ${bot.client.user?.tag ?? 'the bot'}. Ctrl-C to stop.`);

  const writers = startWriters(app, log, metrics);
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
  if (health) await health.close();
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
