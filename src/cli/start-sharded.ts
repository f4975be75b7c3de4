import type { Logger } from 'pino';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Services } from '../app/compose.js';
import { startWriters } from '../app/start-writers.js';
import type { Config } from '../config.js';
import { startShards } from '../discord/start-shards.js';
import type { CliIo } from './io.js';

/**
 * `paperbot start --shards auto|N`: this process opens the library (building it on first
 * use), runs the writers (feed, digests, vectors: once per library) and manages N shard
 * processes that answer Discord (./run-shard.ts), respawning one that dies. SIGINT/SIGTERM
 * stops every shard cleanly, then the writers.
 */
export async function startSharded(
  config: Config,
  services: () => Services,
  io: CliIo,
  signals: NodeJS.EventEmitter,
  log: Logger,
): Promise<number> {
  const app = services();
  const here = fileURLToPath(import.meta.url);
  // From the sources (tests, `npm run dev`) the shards run through tsx; from dist/, plain node.
  const fromSource = here.endsWith('.ts');
  const shards = await startShards({
    file: join(dirname(here), fromSource ? 'shard-main.ts' : 'shard-main.js'),
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    token: config.discordToken!,
    ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
    shards: config.shards ?? 'auto',
    env: io.env,
    log,
  });
  const pids = [...shards.pids()].map(([id, pid]) => `${id}: ${pid}`).join(', ');
  io.stderr.write(
    `paperbot is online: ${shards.count} shards (processes ${pids}). Ctrl-C to stop.\n`,
  );
  const writers = startWriters(app, log);
  const signal = await new Promise<string>((resolve) => {
    signals.once('SIGINT', () => resolve('SIGINT'));
    signals.once('SIGTERM', () => resolve('SIGTERM'));
  });
  log.info({ signal }, 'stopping: every shard finishes its replies in flight');
  await shards.stop();
  await writers.stop();
  log.info('stopped');
  log.flush();
  return 0;
}
