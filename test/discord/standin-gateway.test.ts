import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startGateway, type Gateway } from '../support/discord-standin/gateway.js';
import { World } from '../support/discord-standin/world.js';

/** The stand-in's gateway on its own, spoken to by a bare WebSocket client. */
let server: Server;
let wss: WebSocketServer;
let gateway: Gateway;
let world: World;
let port: number;

async function start(options: ConstructorParameters<typeof World>[0] = {}) {
  world = new World(options);
  server = createServer();
  wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  gateway = startGateway(wss, world, { port, heartbeatIntervalMs: 5000 });
}
afterEach(async () => {
  gateway.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A client whose frames are queued, so none is missed between awaits. */
async function client() {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  const frames: { op: number; t?: string; s?: number; d?: unknown }[] = [];
  const waiting: (() => void)[] = [];
  let closed: { code: number } | undefined;
  ws.on('message', (raw) => {
    frames.push(JSON.parse(String(raw)) as (typeof frames)[number]);
    waiting.splice(0).forEach((wake) => wake());
  });
  ws.on('close', (code) => {
    closed = { code };
    waiting.splice(0).forEach((wake) => wake());
  });
  const next = async () => {
    while (frames.length === 0 && !closed) await new Promise<void>((r) => waiting.push(r));
    return frames.shift();
  };
  return {
    ws,
    next,
    closed: () => closed,
    send: (frame: object) => ws.send(JSON.stringify(frame)),
  };
}

describe("the stand-in's gateway", () => {
  it('GIVEN a connection THEN HELLO; GIVEN IDENTIFY THEN READY for the guild, then its GUILD_CREATE, and ready resolves', async () => {
    await start();
    const c = await client();
    expect(await c.next()).toEqual({ op: 10, d: { heartbeat_interval: 5000 } });
    c.send({ op: 2, d: { token: 't', intents: 1 } });
    const ready = await c.next();
    expect(ready).toMatchObject({
      op: 0,
      t: 'READY',
      s: 1,
      d: {
        guilds: [{ id: world.guildId, unavailable: true }],
        application: { id: world.applicationId },
      },
    });
    const guild = await c.next();
    expect(guild).toMatchObject({ t: 'GUILD_CREATE', s: 2, d: { id: world.guildId } });
    await gateway.ready;
    c.send({ op: 1, d: 2 });
    expect(await c.next()).toEqual({ op: 11 });
    c.ws.close();
  });

  it('GIVEN dispatches THEN only sessions whose intents allow them get them, in sequence', async () => {
    await start();
    const guilds = await client();
    const messages = await client();
    await guilds.next();
    await messages.next();
    guilds.send({ op: 2, d: { token: 't', intents: 1 } });
    messages.send({ op: 2, d: { token: 't', intents: 1 | 512 } });
    for (const c of [guilds, messages]) for (let i = 0; i < 2; i++) await c.next();
    gateway.dispatch('MESSAGE_CREATE', (intents: number) => ({ intents }), 512);
    gateway.dispatch('THREAD_CREATE', { id: '1' }, 1);
    expect(await messages.next()).toMatchObject({ t: 'MESSAGE_CREATE', s: 3, d: { intents: 513 } });
    expect(await messages.next()).toMatchObject({ t: 'THREAD_CREATE', s: 4 });
    expect(await guilds.next()).toMatchObject({ t: 'THREAD_CREATE', s: 3 });
    guilds.ws.close();
    messages.ws.close();
  });

  it('GIVEN no client identified THEN a dispatch a test asks for fails loudly; GIVEN a frame that is not JSON THEN the socket closes with 4002', async () => {
    await start();
    expect(() => gateway.requireClient('a message')).toThrow(/no client has identified/);
    const c = await client();
    await c.next();
    c.ws.send('not json at all');
    await c.next();
    expect(c.closed()).toEqual({ code: 4002 });
  });

  it('GIVEN two shards identifying THEN each gets READY and GUILD_CREATE for its own guilds, (id >> 22) % 2, and a guild’s events reach only its shard', async () => {
    await start({ guilds: 2 });
    const [a, b] = world.guildIds as [string, string];
    const expected = (g: string) => Number((BigInt(g) >> 22n) % 2n);
    expect(expected(a)).not.toBe(expected(b));
    const shards = [await client(), await client()];
    const got: Record<number, string[]> = {};
    for (const [id, c] of shards.entries()) {
      await c.next();
      c.send({ op: 2, d: { token: 't', intents: 1, shard: [id, 2] } });
      const ready = (await c.next()) as {
        t: string;
        d: { shard: number[]; guilds: { id: string }[] };
      };
      expect(ready.t).toBe('READY');
      expect(ready.d.shard).toEqual([id, 2]);
      got[id] = ready.d.guilds.map((g) => g.id);
      const created = (await c.next()) as { t: string; d: { id: string; channels: unknown[] } };
      expect(created).toMatchObject({ t: 'GUILD_CREATE', d: { id: got[id]![0] } });
      expect(created.d.channels.length).toBeGreaterThan(0);
    }
    expect(got[expected(a)]).toEqual([a]);
    expect(got[expected(b)]).toEqual([b]);
    expect(gateway.shards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    gateway.dispatch('MESSAGE_CREATE', { guild_id: b, content: 'for b' });
    const frame = (await shards[expected(b)]!.next()) as { t: string; d: { content: string } };
    expect(frame.d.content).toBe('for b');
    gateway.dispatch('MESSAGE_CREATE', { guild_id: a, content: 'for a' });
    const other = (await shards[expected(a)]!.next()) as { t: string; d: { content: string } };
    expect(other.d.content).toBe('for a');
  });

  it('GIVEN IDENTIFY with a shard id not below the count THEN 4010 Invalid shard', async () => {
    await start();
    const c = await client();
    await c.next();
    c.send({ op: 2, d: { token: 't', intents: 1, shard: [2, 2] } });
    expect(await c.next()).toBeUndefined();
    expect(c.closed()).toEqual({ code: 4010 });
  });
});
