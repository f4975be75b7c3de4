import type { ChildProcess } from 'node:child_process';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import type { Logger } from 'pino';

export interface RunningShards {
  /** The shard count in use (the recommended one for `auto`). */
  count: number;
  /** Each shard's process id, by shard id (a respawned shard has a new one). */
  pids(): Map<number, number>;
  /** SIGTERM to every shard process (each finishes its replies), no respawn; waits for all. */
  stop(): Promise<void>;
}

/** Discord lets `max_concurrency` shards identify at once, then one bucket per 5 s. */
const IDENTIFY_INTERVAL_MS = 5_500;

/**
 * Runs the bot as `count` shard processes with discord.js's ShardingManager: each process
 * runs `file` (one shard's bot, `SHARDS`/`SHARD_COUNT` in its environment) and is
 * respawned when it dies. `auto` asks Discord (through `apiUrl` when set) for its
 * recommended count. `env` is added to each shard's environment (the settings).
 */
export async function startShards(options: {
  file: string;
  execArgv: string[];
  token: string;
  apiUrl?: string;
  shards: number | 'auto';
  env: Record<string, string | undefined>;
  log: Logger;
}): Promise<RunningShards> {
  const { log } = options;
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  const count = options.shards === 'auto' ? gateway.shards : options.shards;
  const manager = new ShardingManager(options.file, {
    totalShards: count,
    token: options.token,
    mode: 'process',
    respawn: true,
    execArgv: options.execArgv,
  });
  manager.on('shardCreate', (shard) => {
    shard.env = { ...(shard.env as Record<string, unknown>), ...options.env };
    shard.on('spawn', (child) =>
      log.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'shard started'),
    );
    // A respawn that fails is reported here (without a listener it would end the process).
    shard.on('error', (error) => log.error({ err: error, shard: shard.id }, 'shard failed'));
    shard.on('death', () => {
      if (manager.respawn) log.warn({ shard: shard.id }, 'shard died; respawning');
    });
  });
  const atOnce = gateway.session_start_limit.max_concurrency;
  const stop = async () => {
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard.process)));
  };
  try {
    await manager.spawn({
      amount: count,
      delay: atOnce >= count ? 0 : IDENTIFY_INTERVAL_MS,
      timeout: 120_000,
    });
  } catch (error) {
    // A shard that cannot start (a bad token, Discord unreachable): stop the others, report.
    await stop();
    throw error;
  }
  return {
    count,
    pids: () =>
      new Map(
        [...manager.shards.values()].flatMap((s) =>
          s.process?.pid ? [[s.id, s.process.pid] as [number, number]] : [],
        ),
      ),
    stop,
  };
}

/** SIGTERM, then SIGKILL after 15 s; resolves when the process has exited. */
function stopShard(child: ChildProcess | null): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
