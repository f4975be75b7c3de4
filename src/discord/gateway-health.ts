import { Status, type Client } from 'discord.js';

export interface GatewayHealth {
  connected: boolean;
  /** Each shard of this process: its id, its status (Ready, Connecting, …) and heartbeat ping. */
  shards: { id: number; status: string; pingMs: number }[];
}

/** The gateway as /healthz reports it: connected when every shard of this process is ready. */
export function gatewayHealth(client: Client): GatewayHealth {
  const shards = [...client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    status: Status[shard.status] ?? String(shard.status),
    pingMs: shard.ping,
  }));
  return {
    connected: client.isReady() && shards.length > 0 && shards.every((s) => s.status === 'Ready'),
    shards,
  };
}
