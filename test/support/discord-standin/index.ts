import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createDispatches } from './dispatches.js';
import { startGateway } from './gateway.js';
import { createRest } from './rest.js';
import type { DiscordStandin, StandinOptions } from './types.js';
import { World } from './world.js';

export type * from './types.js';

/**
 * A local Discord (REST on node:http, gateway on ws, both on 127.0.0.1) that the real
 * discord.js Client logs into. It plays one guild with text channels, dispatches what a test
 * asks for, records every REST call and enforces the rules a bot gets wrong: the 3 s
 * acknowledgement deadline, single acknowledgement and the message, embed and component
 * limits. The parts: world.ts (what Discord holds), gateway.ts, rest.ts (with
 * interactions.ts and channels.ts), limits.ts (Discord's rules), dispatches.ts (what a test
 * makes happen).
 */
export async function startDiscordStandin(options: StandinOptions = {}): Promise<DiscordStandin> {
  const world = new World(options);
  const server = createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const gateway = startGateway(wss, world, {
    port,
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });
  const rest = createRest(world, gateway, {
    port,
    ackDeadlineMs: options.ackDeadlineMs ?? 3000,
    recommendedShards: options.recommendedShards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
  });
  server.on('request', (req, res) => {
    rest.handle(req, res).catch(() => res.destroy());
  });
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    guildId: world.guildId,
    guildIds: world.guildIds,
    channelIds: world.channelIds,
    channelsOf: (guildId) => world.channelsOf(guildId),
    shards: () => gateway.shards(),
    botUserId: world.botUserId,
    applicationId: world.applicationId,
    calls: rest.calls,
    ready: gateway.ready,
    ...createDispatches(world, gateway),
    waitForCall: (predicate, timeoutMs) => rest.waitForCall(predicate, timeoutMs),
    channelMessages: (channelId) =>
      [...world.messages.values()]
        .filter((m) => m.channel_id === channelId)
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)),
    directMessages: (userId) =>
      [...world.messages.values()]
        .filter((m) => world.dmChannels.get(m.channel_id) === userId)
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)),
    setDmsClosed: (userId, closed) =>
      void (closed ? world.closedDms.add(userId) : world.closedDms.delete(userId)),
    passTime: (ms) => void (world.skewMs += ms),
    async close() {
      gateway.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
