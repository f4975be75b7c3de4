import { randomBytes } from 'node:crypto';
import { GatewayDispatchEvents, GatewayOpcodes } from 'discord.js';
import type { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { World } from './world.js';

/**
 * The stand-in's gateway: HELLO, IDENTIFY → READY and GUILD_CREATE, heartbeats, and the
 * dispatches Discord sends, each only to the sessions whose intents let it through.
 */

interface Session {
  ws: WebSocket;
  seq: number;
  intents?: number;
  /** [id, count] from IDENTIFY ([0, 1] when absent). */
  shard: [number, number];
}

const gatewayFrame = z.looseObject({ op: z.number(), d: z.unknown() });
const identifyData = z.looseObject({
  token: z.string(),
  intents: z.number(),
  shard: z.tuple([z.number().int().min(0), z.number().int().min(1)]).optional(),
});

/** The shard a guild's events go to, as Discord routes them. */
export const shardOf = (guildId: string, count: number) =>
  Number((BigInt(guildId) >> 22n) % BigInt(count));

export interface Gateway {
  /** Resolves once a client has identified and been sent READY and GUILD_CREATE. */
  ready: Promise<void>;
  /** Sends a dispatch to every identified client whose intents let it through. */
  dispatch(t: string, d: unknown | ((intents: number) => unknown), intent?: number): void;
  /** The [id, count] of every identified session that is still connected. */
  shards(): [number, number][];
  /** Throws unless a client has identified: a dispatch nobody receives would fail silently. */
  requireClient(what: string): void;
  close(): void;
}

export function startGateway(
  wss: WebSocketServer,
  world: World,
  options: { port: number; heartbeatIntervalMs?: number },
): Gateway {
  const { applicationId, botUser } = world;
  const port = options.port;
  const sessions = new Set<Session>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  wss.on('connection', (ws) => {
    const session: Session = { ws, seq: 0, shard: [0, 1] };
    sessions.add(session);
    ws.on('close', () => sessions.delete(session));
    ws.on('message', (raw) => onGatewayMessage(session, rawText(raw)));
    send(session, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 },
    });
  });

  function send(session: Session, payload: object) {
    if (session.ws.readyState === session.ws.OPEN) session.ws.send(JSON.stringify(payload));
  }

  function sendDispatch(session: Session, t: string, d: unknown) {
    session.seq += 1;
    send(session, { op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
  }

  function onGatewayMessage(session: Session, text: string) {
    const frame = gatewayFrame.safeParse(parseJson(text));
    if (!frame.success) return session.ws.close(4002, 'Error while decoding payload.');
    switch (frame.data.op) {
      case GatewayOpcodes.Heartbeat:
        return send(session, { op: GatewayOpcodes.HeartbeatAck });
      case GatewayOpcodes.Identify: {
        const identify = identifyData.safeParse(frame.data.d);
        if (!identify.success) return session.ws.close(4002, 'Error while decoding payload.');
        const shard = identify.data.shard ?? [0, 1];
        if (shard[0] >= shard[1]) return session.ws.close(4010, 'Invalid shard.');
        session.intents = identify.data.intents;
        session.shard = shard;
        const guilds = world.guildIds.filter((g) => shardOf(g, shard[1]) === shard[0]);
        sendDispatch(session, GatewayDispatchEvents.Ready, {
          v: 10,
          user: { ...botUser, verified: true, mfa_enabled: false, flags: 0 },
          guilds: guilds.map((id) => ({ id, unavailable: true })),
          session_id: randomBytes(16).toString('hex'),
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          shard,
          application: { id: applicationId, flags: 0 },
        });
        for (const g of guilds)
          sendDispatch(session, GatewayDispatchEvents.GuildCreate, world.guildCreate(g));
        return markReady();
      }
      case GatewayOpcodes.Resume:
        // Sessions don't survive here: make the client identify afresh.
        return send(session, { op: GatewayOpcodes.InvalidSession, d: false });
      default:
        return;
    }
  }

  function dispatch(t: string, d: unknown | ((intents: number) => unknown), intent?: number) {
    for (const session of sessions) {
      if (session.intents === undefined) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      const data =
        typeof d === 'function' ? (d as (intents: number) => unknown)(session.intents) : d;
      // A guild's events go to the one shard that holds it.
      const guild = (data as { guild_id?: unknown } | null)?.guild_id;
      if (typeof guild === 'string' && shardOf(guild, session.shard[1]) !== session.shard[0])
        continue;
      sendDispatch(session, t, data);
    }
  }

  function requireClient(what: string) {
    if (![...sessions].some((s) => s.intents !== undefined)) {
      throw new Error(`no client has identified yet (await standin.ready before ${what})`);
    }
  }

  return {
    ready,
    dispatch,
    requireClient,
    shards: () =>
      [...sessions]
        .filter((s) => s.intents !== undefined && s.ws.readyState === s.ws.OPEN)
        .map((s) => s.shard),
    close() {
      for (const session of sessions) session.ws.terminate();
    },
  };
}

function rawText(raw: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
