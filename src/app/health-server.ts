import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { libraryHealth } from '../db/library-health.js';
import type { Db } from '../db/open-database.js';
import type { BotContext } from '../discord/context.js';
import type { GatewayHealth } from '../discord/gateway-health.js';
import type { Metrics } from './metrics.js';

export interface HealthOptions {
  port: number;
  host: string;
  metrics: Metrics;
  db: Db;
  gateway: () => GatewayHealth;
  log: Logger;
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

/** The bot's context, counting its interactions and answers into `metrics` (when given). */
export function withMetrics(ctx: BotContext, metrics: Metrics | undefined): BotContext {
  return metrics ? { ...ctx, ask: metrics.observeAsk(ctx.ask), metrics } : ctx;
}

/**
 * What /healthz says: 200 when the gateway is connected and the library answers a read,
 * else 503; with the last digest run and feed fetch as the library records them (whichever
 * process ran them) and this process's last run of each with its outcome (null until one ran).
 */
export function healthReport(options: Pick<HealthOptions, 'metrics' | 'db' | 'gateway'>) {
  const gateway = options.gateway();
  const { writers, ...library } = libraryHealth(options.db);
  const ok = gateway.connected && library.readable;
  return {
    ok,
    body: {
      status: ok ? 'ok' : 'unhealthy',
      gateway,
      library,
      digest: { last: writers.digest, lastRun: options.metrics.lastRun('digest') },
      feed: { last: writers.feed, lastRun: options.metrics.lastRun('feed') },
    },
  };
}

/** Serves /healthz (JSON) and /metrics (Prometheus text) on host:port, for `paperbot start`. */
export async function startHealthServer(options: HealthOptions): Promise<HealthServer> {
  options.metrics.gatewayConnected(() => options.gateway().connected);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      const report = healthReport(options);
      res
        .writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify(report.body));
    } else if (path === '/metrics') {
      options.metrics.registry.metrics().then(
        (text) =>
          res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text),
        (error: unknown) => {
          options.log.error({ err: error }, 'collecting metrics failed');
          res.writeHead(500).end();
        },
      );
    } else {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('Not found: try /healthz or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  options.log.info({ url }, `health on ${url}/healthz and ${url}/metrics`);
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `paperbot start`'s health endpoints: none without HEALTH_PORT; 'failed' (logged) when the
 * port can't be had, and the bot should stop.
 */
export async function serveHealth(
  settings: { port: number; host: string } | undefined,
  metrics: Metrics | undefined,
  options: Omit<HealthOptions, 'port' | 'host' | 'metrics'>,
): Promise<HealthServer | undefined | 'failed'> {
  if (!settings || !metrics) return undefined;
  try {
    return await startHealthServer({ ...settings, metrics, ...options });
  } catch (error) {
    options.log.fatal(
      { err: error },
      `cannot serve health on HEALTH_PORT ${settings.port}; stopping`,
    );
    return 'failed';
  }
}
