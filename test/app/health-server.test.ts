import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { healthReport, startHealthServer } from '../../src/app/health-server.js';
import { createMetrics, observeRun } from '../../src/app/metrics.js';
import { loadConfig } from '../../src/config.js';
import { createDigestStore } from '../../src/db/digest-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import { startDiscordStandin } from '../support/discord-standin/index.js';
import { tempDir } from '../support/library.js';
import { cli, startPaperbot } from '../support/run-cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const clock = () => new Date('2026-12-05T08:00:00Z');
const botEnv = (apiUrl: string) => ({
  DB_PATH: join(dir, 'db.sqlite'),
  DISCORD_TOKEN: 'token',
  DISCORD_API_URL: apiUrl,
  SEMANTIC_SEARCH: 'off',
});
const connected = { connected: true, shards: [{ id: 0, status: 'Ready', pingMs: 12 }] };

describe('paperbot start with HEALTH_PORT', () => {
  it('GIVEN the bot online and an /ask answered THEN /healthz says healthy and /metrics counts it, on 127.0.0.1', async () => {
    const standin = await startDiscordStandin();
    const bot = startPaperbot({ ...botEnv(standin.apiUrl), HEALTH_PORT: '0' });
    await standin.ready;
    let url: string | undefined;
    for (let i = 0; i < 100 && !url; i++) {
      await new Promise((r) => setTimeout(r, 50));
      url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(bot.stderr())?.[1];
    }
    expect(url).toBeDefined();

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      gateway: {
        connected: true,
        shards: [{ id: 0, status: 'Ready', pingMs: expect.any(Number) }],
      },
      library: { readable: true, papers: 251 },
      digest: { last: null, lastRun: null },
      feed: { last: null, lastRun: null },
    });

    const { token } = standin.slashCommand('ask', [
      {
        name: 'question',
        type: 3,
        value: 'how do reward models end up preferring longer answers?',
      },
    ]);
    await standin.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path.includes(`/${token}/messages/@original`) &&
        Array.isArray(c.body.embeds) &&
        c.body.embeds.length > 0,
      10_000,
    );
    await new Promise((r) => setTimeout(r, 100));
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toMatch(
      /^paperbot_interactions_total\{command="ask",outcome="ok",app="paperbot"\} 1$/m,
    );
    expect(text).toMatch(
      /^paperbot_interaction_duration_seconds_count\{app="paperbot",command="ask"\} 1$/m,
    );
    expect(text).toMatch(/^paperbot_model_calls_total\{model="extractive",app="paperbot"\} 1$/m);
    expect(text).toMatch(/^paperbot_model_fallbacks_total\{app="paperbot"\} 0$/m);
    expect(text).toMatch(/^paperbot_gateway_connected\{app="paperbot"\} 1$/m);
    expect((await fetch(`${url}/nothing`)).status).toBe(404);

    expect(await bot.stop()).toBe(0);
    await standin.close();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('GIVEN no HEALTH_PORT THEN nothing is served', async () => {
    const standin = await startDiscordStandin();
    const bot = startPaperbot(botEnv(standin.apiUrl));
    await standin.ready;
    for (let i = 0; i < 100 && !bot.stderr().includes('paperbot is online'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await bot.stop()).toBe(0);
    await standin.close();
    expect(bot.stderr()).toMatch(/paperbot is online/);
    expect(bot.stderr()).not.toMatch(/health on/);
  });
});

describe('a HEALTH_PORT already taken', () => {
  it('GIVEN another server on the port THEN start stops with a log line naming HEALTH_PORT, exit code 1', async () => {
    const standin = await startDiscordStandin();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const bot = startPaperbot({ ...botEnv(standin.apiUrl), HEALTH_PORT: String(port) });
    const code = await bot.done;
    await new Promise((resolve) => taken.close(resolve));
    await standin.close();
    expect(code).toBe(1);
    const last = bot.logs<{ msg: string; level: number }>().at(-1);
    expect(last).toMatchObject({
      level: 60,
      msg: `cannot serve health on HEALTH_PORT ${port}; stopping`,
    });
  });
});

describe('health settings', () => {
  it('GIVEN HEALTH_PORT alone THEN 127.0.0.1; HEALTH_HOST says otherwise; a bad port is named', async () => {
    expect(loadConfig({ HEALTH_PORT: '9464' }).health).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ HEALTH_PORT: '9464', HEALTH_HOST: '0.0.0.0' }).health).toEqual({
      port: 9464,
      host: '0.0.0.0',
    });
    expect(loadConfig({}).health).toBeUndefined();
    const run = await cli(['search', 'x'], { DB_PATH: join(dir, 'db'), HEALTH_PORT: 'lots' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HEALTH_PORT: must be a port number/);
  });
});

describe('what /healthz reports', () => {
  it('GIVEN a digest run the library records and one that failed in this process THEN both, with their outcome', async () => {
    const { db } = openDatabase(':memory:');
    const store = createDigestStore(db);
    store.startRun({
      channelId: '123456789012345678',
      localDate: '2026-12-05',
      nonce: 'n1',
      startedAt: '2026-12-05T08:00:00.000Z',
      paperRowids: [],
      more: 0,
    });
    const metrics = createMetrics(clock);
    await expect(
      observeRun(metrics, 'digest', () => Promise.reject(new Error('Missing Access'))),
    ).rejects.toThrow('Missing Access');
    const report = healthReport({ metrics, db, gateway: () => connected });
    expect(report.ok).toBe(true);
    expect(report.body.digest).toEqual({
      last: {
        channelId: '123456789012345678',
        localDate: '2026-12-05',
        outcome: 'sending',
        at: '2026-12-05T08:00:00.000Z',
        messageId: null,
      },
      lastRun: {
        outcome: 'failed',
        at: '2026-12-05T08:00:00.000Z',
        seconds: expect.any(Number),
        error: 'Missing Access',
      },
    });
    await observeRun(metrics, 'feed', () => Promise.resolve(42));
    expect(report.body.feed).toEqual({ last: null, lastRun: null });
    expect(healthReport({ metrics, db, gateway: () => connected }).body.feed.lastRun).toMatchObject(
      {
        outcome: 'ok',
      },
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^paperbot_digest_runs_total\{outcome="failed",app="paperbot"\} 1$/m);
    expect(text).toMatch(/^paperbot_feed_runs_total\{outcome="ok",app="paperbot"\} 1$/m);
  });

  it('GIVEN the gateway down or the library unreadable THEN 503 and which one', async () => {
    const { db } = openDatabase(':memory:');
    const metrics = createMetrics(clock);
    const server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      metrics,
      db,
      gateway: () => ({
        connected: false,
        shards: [{ id: 0, status: 'Reconnecting', pingMs: -1 }],
      }),
      log: createLogger('silent'),
    });
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unhealthy', gateway: { connected: false } });
    db.close();
    const unreadable = healthReport({ metrics, db, gateway: () => connected });
    expect(unreadable.ok).toBe(false);
    expect(unreadable.body.library).toMatchObject({ readable: false, error: expect.any(String) });
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
    await server.close();
  });
});
