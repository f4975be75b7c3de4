import {
  ChannelType,
  PermissionFlagsBits,
  type APIGuildMember,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIEmbed,
  type APIThreadChannel,
  type APIUser,
  type ChannelFlags,
  type GuildMemberFlags,
  type ThreadMemberFlags,
  MessageType,
} from 'discord.js';
import type { MessageBody } from './limits.js';

/**
 * What the stand-in's Discord holds: one guild, its text channels and threads, the
 * messages in them, the interactions waiting for an answer, and how each is shown as
 * Discord's JSON.
 */

export type StoredMessage = APIMessage & { guild_id: string };
export interface Channel {
  id: string;
  type: ChannelType.GuildText | ChannelType.PublicThread;
  name: string;
  parentId?: string;
  /** The guild it belongs to (absent: the first guild). */
  guildId?: string;
}
export interface Pending {
  id: string;
  token: string;
  kind: 'command' | 'autocomplete' | 'component' | 'modal';
  channelId: string;
  dispatchedAt: number;
  acked: boolean;
  /** The message `@original` names: the component's message, or the response once there is one. */
  originalId?: string;
}

export const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;
export const BOT_PERMISSIONS =
  MEMBER_PERMISSIONS | PermissionFlagsBits.ManageThreads | PermissionFlagsBits.ManageMessages;

/**
 * A local Discord (REST on node:http, gateway on ws, both on 127.0.0.1) that the real
 * discord.js Client logs into. It plays one guild with text channels, dispatches what a test
 * asks for, records every REST call and enforces the rules a bot gets wrong: the 3 s
 * acknowledgement deadline, single acknowledgement and the message, embed and component limits.
 */

export interface WorldOptions {
  guildId?: string;
  channelIds?: string[];
  botUserId?: string;
  applicationId?: string;
  /** How long Discord remembers an enforced message nonce ("the past few minutes"). */
  nonceWindowMs?: number;
  /** Guilds the bot is in (default 1); each after the first has one text channel of its own. */
  guilds?: number;
}

export class World {
  readonly started = Date.now();
  readonly nextId = snowflakes();
  readonly guildId: string;
  /** Every guild: consecutive ones fall on different shards, `(id >> 22) % count`. */
  readonly guildIds: string[];
  readonly channelIds: string[];
  readonly botUserId: string;
  readonly applicationId: string;
  readonly testerId: string;
  readonly botUser: APIUser;
  readonly channels: Map<string, Channel>;
  readonly messages = new Map<string, StoredMessage>();
  readonly threadStarters = new Set<string>();
  readonly pending = new Map<string, Pending>();
  readonly commandIds = new Map<string, string>();
  /** Enforced nonces seen: `${channel}:${nonce}` → the message and when (world time). */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  readonly nonceWindowMs: number;
  /** Direct-message channels the bot opened: channel id → the user at the other end. */
  readonly dmChannels = new Map<string, string>();
  /** Users who accept no direct message from the bot (sending one: error 50007). */
  readonly closedDms = new Set<string>();
  /** Time a test made pass (`passTime`), added to the clock for the nonce window. */
  skewMs = 0;
  now = () => Date.now() + this.skewMs;

  constructor(options: WorldOptions = {}) {
    const nextId = this.nextId;
    this.guildId = options.guildId ?? nextId();
    const base = BigInt(this.guildId) >> 22n;
    this.guildIds = [
      this.guildId,
      ...Array.from({ length: (options.guilds ?? 1) - 1 }, (_, i) =>
        ((base + BigInt(i + 1)) << 22n).toString(),
      ),
    ];
    this.channelIds = options.channelIds ?? [nextId(), nextId()];
    this.botUserId = options.botUserId ?? nextId();
    this.applicationId = options.applicationId ?? this.botUserId;
    this.nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
    this.testerId = nextId();
    this.botUser = { ...userFor(this.botUserId), username: 'paperbot', bot: true };
    this.channels = new Map<string, Channel>(
      this.channelIds.map((id, i) => [
        id,
        { id, type: ChannelType.GuildText, name: `channel-${i + 1}` },
      ]),
    );
    for (const guild of this.guildIds.slice(1)) {
      const id = nextId();
      this.channels.set(id, { id, type: ChannelType.GuildText, name: 'general', guildId: guild });
    }
  }

  /** The guild a channel (or thread) is in. */
  guildOf(channelId: string): string {
    const channel = this.channels.get(channelId);
    const parent = channel?.parentId ? this.channels.get(channel.parentId) : undefined;
    return channel?.guildId ?? parent?.guildId ?? this.guildId;
  }

  /** The text channels of a guild. */
  channelsOf(guildId: string): string[] {
    return [...this.channels.values()]
      .filter((c) => c.type === ChannelType.GuildText && this.guildOf(c.id) === guildId)
      .map((c) => c.id);
  }

  knownChannel(id: string | undefined): Channel {
    const { channels } = this;
    const channel = id === undefined ? undefined : channels.get(id);
    if (!channel)
      throw new Error(`unknown channel ${id}; known: ${[...channels.keys()].join(', ')}`);
    return channel;
  }

  channelJson(channel: Channel) {
    const guildId = this.guildOf(channel.id);
    if (channel.type === ChannelType.GuildText)
      return {
        id: channel.id,
        type: channel.type,
        name: channel.name,
        guild_id: guildId,
        parent_id: null,
        permission_overwrites: [],
        position: 0,
        nsfw: false,
      };
    return this.threadJson(channel);
  }

  threadJson(channel: Channel, autoArchive: 60 | 1440 | 4320 | 10080 = 1440): APIThreadChannel {
    const { botUserId } = this;
    const guildId = this.guildOf(channel.id);
    const now = new Date().toISOString();
    return {
      id: channel.id,
      type: ChannelType.PublicThread,
      guild_id: guildId,
      parent_id: channel.parentId,
      name: channel.name,
      owner_id: botUserId,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0 as ChannelFlags,
      applied_tags: [],
      thread_metadata: {
        archived: false,
        auto_archive_duration: autoArchive,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
      },
      member: {
        id: channel.id,
        user_id: botUserId,
        join_timestamp: now,
        flags: 0 as ThreadMemberFlags,
      },
    };
  }

  messageJson(
    id: string,
    channelId: string,
    body: MessageBody,
    author: APIUser = this.botUser,
  ): StoredMessage {
    const guildId = this.guildOf(channelId);
    return {
      id,
      channel_id: channelId,
      guild_id: guildId,
      author,
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: (body.embeds ?? []) as APIEmbed[],
      components: (body.components ?? []) as APIMessageTopLevelComponent[],
      pinned: false,
      type: MessageType.Default,
      flags: body.flags ?? 0,
    };
  }

  guildCreate(guildId = this.guildId) {
    const { channels, testerId, started, botUser } = this;
    const textChannels = [...channels.values()].filter(
      (c) => c.type === ChannelType.GuildText && this.guildOf(c.id) === guildId,
    );
    return {
      id: guildId,
      name: 'Stand-in Guild',
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: testerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      joined_at: new Date(started).toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      roles: [
        {
          id: guildId,
          name: '@everyone',
          color: 0,
          hoist: false,
          icon: null,
          unicode_emoji: null,
          position: 0,
          permissions: String(MEMBER_PERMISSIONS),
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      stickers: [],
      members: [{ ...memberFor(), user: botUser }],
      channels: textChannels.map((c, position) => ({
        id: c.id,
        type: c.type,
        name: c.name,
        position,
        permission_overwrites: [],
        nsfw: false,
        topic: null,
        parent_id: null,
        rate_limit_per_user: 0,
        last_message_id: null,
      })),
      // As Discord does: the guild's active threads, so a restarted bot knows them.
      threads: [...channels.values()]
        .filter((c) => c.type !== ChannelType.GuildText && this.guildOf(c.id) === guildId)
        .map((c) => this.threadJson(c)),
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}

/** Discord's epoch (2015-01-01) in ms. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** Increasing snowflakes (19 digits today) made from the clock and a counter. */
function snowflakes(): () => string {
  let last = 0n;
  return () => {
    const now = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    last = now > last ? now : last + 1n;
    return last.toString();
  };
}

export function userFor(id: string): APIUser {
  return {
    id,
    username: `user${id.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
  };
}

export function memberFor(): Omit<APIGuildMember, 'user'> {
  return {
    roles: [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
  };
}
