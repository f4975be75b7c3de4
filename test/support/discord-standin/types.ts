import type { APIMessage } from 'discord.js';
/** What a test sees of the stand-in: options, the calls recorded, and the handle. */

export interface StandinOptions {
  /** The port on 127.0.0.1 (default: any free one). */
  port?: number;
  guildId?: string;
  channelIds?: string[];
  botUserId?: string;
  /** Defaults to the bot user's id, as for any application created since 2021. */
  applicationId?: string;
  /** How long after dispatch an interaction may first be acknowledged (Discord: 3 s). */
  ackDeadlineMs?: number;
  /** Announced in HELLO; small values make the client heartbeat during a test. */
  heartbeatIntervalMs?: number;
  /** How long an enforced message nonce is remembered (default 5 minutes, as Discord's "few minutes"). */
  nonceWindowMs?: number;
  /** Guilds the bot is in (default 1); each after the first has one text channel of its own. */
  guilds?: number;
  /** The shard count GET /gateway/bot recommends (default 1). */
  recommendedShards?: number;
  /** Shards that may identify at once (`session_start_limit.max_concurrency`, default 1). */
  maxConcurrency?: number;
}

export interface RestCall {
  method: string;
  /** Decoded, without the /api/v10 prefix and the query, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** The JSON body (for multipart requests, the parsed `payload_json`); undefined when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary fields
  /** Files of a multipart request. */
  files: { name: string; size: number }[];
  /** The Authorization header: `Bot <token>` on bot routes, absent on interaction and webhook routes. */
  authorization: string | undefined;
  /** Milliseconds since the stand-in started. */
  at: number;
  status: number;
}

export interface InteractionOptions {
  userId?: string;
  /** The member's permissions in the channel, as a decimal bit-field string. */
  permissions?: string;
  channelId?: string;
}

/** An option as the interaction carries it: a value, or a subcommand (1) or group (2) of options. */
export type CommandOption =
  | { name: string; type: number; value: string | number | boolean; focused?: boolean }
  | { name: string; type: 1 | 2; options?: CommandOption[] };

export interface DiscordStandin {
  /** Give to `new Client({ rest: { api: apiUrl } })`; requests arrive at `${apiUrl}/v10/...`. */
  apiUrl: string;
  guildId: string;
  /** Every guild; consecutive ones are on different shards when there are two. */
  guildIds: string[];
  /** The first guild's text channels. */
  channelIds: string[];
  /** A guild's text channels. */
  channelsOf(guildId: string): string[];
  /** [id, count] of each connected, identified gateway session. */
  shards(): [number, number][];
  botUserId: string;
  applicationId: string;
  /** Every REST call the bot made, in order of arrival, rejected ones included. */
  calls: RestCall[];
  /** Resolves once a client has identified and been sent READY and GUILD_CREATE. */
  ready: Promise<void>;
  slashCommand(
    name: string,
    options?: CommandOption[],
    opts?: InteractionOptions,
  ): { id: string; token: string };
  autocomplete(
    commandName: string,
    focusedOption: string,
    value: string,
    opts?: InteractionOptions & { otherOptions?: CommandOption[] },
  ): { id: string; token: string };
  /** A button press on `messageId`, or on the latest bot message carrying `customId`, or on a made-up one. */
  button(
    customId: string,
    opts?: InteractionOptions & { messageId?: string },
  ): { id: string; token: string };
  /**
   * A user's message. `mentionsBot` defaults to whether the content mentions the bot, and when
   * set puts `<@bot>` in front of content that lacks it. Without the Message Content intent the
   * client gets empty content unless the bot is mentioned, as on Discord.
   */
  message(
    content: string,
    opts?: {
      authorId?: string;
      authorIsBot?: boolean;
      mentionsBot?: boolean;
      channelId?: string;
      messageId?: string;
    },
  ): { id: string };
  /** A submitted modal (type 5 interaction) with text inputs `fields` (custom_id → value). */
  modalSubmit(
    customId: string,
    fields: Record<string, string>,
    opts?: InteractionOptions,
  ): { id: string; token: string };
  /** The messages in a channel, oldest first (what its history holds). */
  channelMessages(channelId: string): APIMessage[];
  /** The direct messages the bot sent a user, oldest first. */
  directMessages(userId: string): APIMessage[];
  /** The user accepts no direct message from the bot from now on (sending one: 50007), or again. */
  setDmsClosed(userId: string, closed: boolean): void;
  /** Lets time pass for what Discord remembers for a while (message nonces). */
  passTime(ms: number): void;
  /** The first recorded call matching, already made or still to come; rejects listing the calls seen. */
  waitForCall(predicate: (call: RestCall) => boolean, timeoutMs?: number): Promise<RestCall>;
  close(): Promise<void>;
}
