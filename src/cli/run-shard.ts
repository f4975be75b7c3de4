import { commands } from '../../commands/index.js';
import { buildBotContext } from '../app/build-bot-context.js';
import { compose } from '../app/compose.js';
import { createLogger } from '../app/logger.js';
import { openLibrary } from '../app/open-library.js';
import { loadConfig } from '../config.js';
import { startBot } from '../discord/start-bot.js';

/**
 * One shard's process, as `paperbot start --shards` spawns it: the bot for the guilds of
 * its shard (discord.js reads SHARDS and SHARD_COUNT from the environment), with its own
 * connection to the library, and none of the writers (the manager process runs those).
 * Stops cleanly on SIGTERM.
 */
export async function runShard(
  env: Record<string, string | undefined>,
  signals: NodeJS.EventEmitter,
): Promise<void> {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel).child({ shard: env.SHARDS });
  const library = openLibrary(config, { now: new Date(), autoBuild: false });
  const bot = await startBot(buildBotContext(compose(config, library), log), {
    token: config.discordToken ?? '',
    commands,
    ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
  });
  await new Promise<void>((resolve) => signals.once('SIGTERM', resolve));
  log.info('shard stopping: finishing replies in flight');
  await bot.stop();
  library.close();
  log.flush();
}
