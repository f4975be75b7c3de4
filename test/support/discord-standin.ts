import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type APIApplicationCommandInteractionDataBasicOption,
  type ChannelFlags,
  type GuildMemberFlags,
  type ThreadMemberFlags,
  type APIAttachment,
  type APIEmbed,
  type APIGuildMember,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIThreadChannel,
  type APIUser,
} from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';

export interface StandinOptions {
  guildId?: string;
  channelIds?: string[];
  botUserId?: string;
  /** Defaults to the bot user's id, as for any application created since 2021. */
  applicationId?: string;
  /** How long after dispatch an interaction may first be acknowledged (Discord: 3 s). */
  ackDeadlineMs?: number;
  /** Announced in HELLO; small values make the client heartbeat during a test. */
  heartbeatIntervalMs?: number;
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
  channelIds: string[];
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
  /** The first recorded call matching, already made or still to come; rejects listing the calls seen. */
  waitForCall(predicate: (call: RestCall) => boolean, timeoutMs?: number): Promise<RestCall>;
  close(): Promise<void>;
}

type StoredMessage = APIMessage & { guild_id: string };
interface Channel {
  id: string;
  type: ChannelType.GuildText | ChannelType.PublicThread;
  name: string;
  parentId?: string;
}
interface Pending {
  id: string;
  token: string;
  kind: 'command' | 'autocomplete' | 'component' | 'modal';
  channelId: string;
  dispatchedAt: number;
  acked: boolean;
  /** The message `@original` names: the component's message, or the response once there is one. */
  originalId?: string;
}
interface Session {
  ws: WebSocket;
  seq: number;
  intents?: number;
}
interface Reply {
  status: number;
  body?: unknown;
  /** Runs once the response is sent, e.g. the gateway event Discord sends after it. */
  after?: () => void;
}
type FileInfo = { name: string; size: number };

const API_PREFIX = '/api/v10';
const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;
const BOT_PERMISSIONS =
  MEMBER_PERMISSIONS | PermissionFlagsBits.ManageThreads | PermissionFlagsBits.ManageMessages;

/**
 * A local Discord (REST on node:http, gateway on ws, both on 127.0.0.1) that the real
 * discord.js Client logs into. It plays one guild with text channels, dispatches what a test
 * asks for, records every REST call and enforces the rules a bot gets wrong: the 3 s
 * acknowledgement deadline, single acknowledgement and the message, embed and component limits.
 */
export async function startDiscordStandin(options: StandinOptions = {}): Promise<DiscordStandin> {
  const started = Date.now();
  const nextId = snowflakes();
  const guildId = options.guildId ?? nextId();
  const channelIds = options.channelIds ?? [nextId(), nextId()];
  const botUserId = options.botUserId ?? nextId();
  const applicationId = options.applicationId ?? botUserId;
  const ackDeadlineMs = options.ackDeadlineMs ?? 3000;
  const testerId = nextId();
  const botUser: APIUser = { ...userFor(botUserId), username: 'paperbot', bot: true };

  const channels = new Map<string, Channel>(
    channelIds.map((id, i) => [id, { id, type: ChannelType.GuildText, name: `channel-${i + 1}` }]),
  );
  const messages = new Map<string, StoredMessage>();
  const threadStarters = new Set<string>();
  const pending = new Map<string, Pending>();
  const commandIds = new Map<string, string>();
  const sessions = new Set<Session>();
  const calls: RestCall[] = [];
  const waiters = new Set<(call: RestCall) => void>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  // ---- gateway ----

  wss.on('connection', (ws) => {
    const session: Session = { ws, seq: 0 };
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
        session.intents = identify.data.intents;
        sendDispatch(session, GatewayDispatchEvents.Ready, {
          v: 10,
          user: { ...botUser, verified: true, mfa_enabled: false, flags: 0 },
          guilds: [{ id: guildId, unavailable: true }],
          session_id: randomBytes(16).toString('hex'),
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          shard: [0, 1],
          application: { id: applicationId, flags: 0 },
        });
        sendDispatch(session, GatewayDispatchEvents.GuildCreate, guildCreate());
        return markReady();
      }
      case GatewayOpcodes.Resume:
        // Sessions don't survive here: make the client identify afresh.
        return send(session, { op: GatewayOpcodes.InvalidSession, d: false });
      default:
        return;
    }
  }

  /** Sends a dispatch to every identified client whose intents let it through. */
  function dispatch(t: string, d: unknown | ((session: Session) => unknown), intent?: number) {
    for (const session of sessions) {
      if (session.intents === undefined) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      sendDispatch(
        session,
        t,
        typeof d === 'function' ? (d as (s: Session) => unknown)(session) : d,
      );
    }
  }

  /** What a test dispatches needs a client to receive it: failing loudly beats a silent timeout. */
  function requireClient(what: string) {
    if (![...sessions].some((s) => s.intents !== undefined)) {
      throw new Error(`no client has identified yet (await standin.ready before ${what})`);
    }
  }

  function guildCreate() {
    const textChannels = [...channels.values()].filter((c) => c.type === ChannelType.GuildText);
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
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---- dispatches a test asks for ----

  function interaction(
    kind: Pending['kind'],
    type: InteractionType,
    data: unknown,
    opts: InteractionOptions,
    extra: object = {},
  ) {
    requireClient('an interaction');
    const channel = knownChannel(opts.channelId ?? channelIds[0]);
    const userId = opts.userId ?? testerId;
    const id = nextId();
    const token = `standin.${randomBytes(24).toString('base64url')}`;
    const member: APIInteractionGuildMember = {
      ...memberFor(),
      user: userFor(userId),
      permissions: opts.permissions ?? String(MEMBER_PERMISSIONS),
    };
    const state: Pending = {
      id,
      token,
      kind,
      channelId: channel.id,
      dispatchedAt: Date.now(),
      acked: false,
    };
    pending.set(token, state);
    dispatch(GatewayDispatchEvents.InteractionCreate, {
      id,
      application_id: applicationId,
      type,
      token,
      version: 1,
      data,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channel.id,
      channel: channelJson(channel),
      member,
      app_permissions: String(BOT_PERMISSIONS),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...extra,
    });
    return { state, result: { id, token } };
  }

  function commandData(name: string, options: CommandOption[]) {
    let commandId = commandIds.get(name);
    if (!commandId) commandIds.set(name, (commandId = nextId()));
    return {
      id: commandId,
      name,
      type: 1,
      guild_id: guildId,
      options: options as APIApplicationCommandInteractionDataBasicOption[],
    };
  }

  function knownChannel(id: string | undefined): Channel {
    const channel = id === undefined ? undefined : channels.get(id);
    if (!channel)
      throw new Error(`unknown channel ${id}; known: ${[...channels.keys()].join(', ')}`);
    return channel;
  }

  function channelJson(channel: Channel) {
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
    return threadJson(channel);
  }

  function threadJson(
    channel: Channel,
    autoArchive: 60 | 1440 | 4320 | 10080 = 1440,
  ): APIThreadChannel {
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

  function message(
    content: string,
    opts: {
      authorId?: string;
      authorIsBot?: boolean;
      mentionsBot?: boolean;
      channelId?: string;
      messageId?: string;
    } = {},
  ) {
    requireClient('a message');
    const channel = knownChannel(opts.channelId ?? channelIds[0]);
    const mentionsBot = opts.mentionsBot ?? new RegExp(`<@!?${botUserId}>`).test(content);
    const text =
      mentionsBot && !content.includes(`<@${botUserId}>`) && !content.includes(`<@!${botUserId}>`)
        ? `<@${botUserId}> ${content}`
        : content;
    const authorId = opts.authorId ?? testerId;
    const stored: StoredMessage = {
      ...messageJson(opts.messageId ?? nextId(), channel.id, { content: text }),
      author: { ...userFor(authorId), ...(opts.authorIsBot ? { bot: true } : {}) },
      mentions: mentionsBot ? [botUser] : [],
    };
    messages.set(stored.id, stored);
    dispatch(
      GatewayDispatchEvents.MessageCreate,
      (session: Session) => {
        // Discord blanks what the Message Content intent guards unless the bot is mentioned.
        const blank =
          !mentionsBot && ((session.intents ?? 0) & GatewayIntentBits.MessageContent) === 0;
        const visible = blank ? { content: '', embeds: [], attachments: [], components: [] } : {};
        return {
          ...stored,
          ...visible,
          member: memberFor(),
          mentions: stored.mentions.map((u) => ({ ...u, member: memberFor() })),
        };
      },
      GatewayIntentBits.GuildMessages,
    );
    return { id: stored.id };
  }

  function button(customId: string, opts: InteractionOptions & { messageId?: string } = {}) {
    const channelId =
      opts.channelId ??
      (opts.messageId ? messages.get(opts.messageId)?.channel_id : undefined) ??
      channelIds[0];
    let target = opts.messageId
      ? messages.get(opts.messageId)
      : [...messages.values()]
          .reverse()
          .find(
            (m) =>
              m.channel_id === channelId &&
              m.author.id === botUserId &&
              JSON.stringify(m.components ?? []).includes(JSON.stringify(customId)),
          );
    if (!target) {
      target = messageJson(opts.messageId ?? nextId(), channelId ?? '', {
        content: '',
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              { type: ComponentType.Button, style: 1, custom_id: customId, label: customId },
            ],
          },
        ],
      });
      messages.set(target.id, target);
    }
    const { state, result } = interaction(
      'component',
      InteractionType.MessageComponent,
      { custom_id: customId, component_type: ComponentType.Button },
      { ...opts, channelId: target.channel_id },
      { message: target },
    );
    state.originalId = target.id;
    return result;
  }

  function messageJson(
    id: string,
    channelId: string,
    body: MessageBody,
    author: APIUser = botUser,
  ): StoredMessage {
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

  // ---- REST ----

  async function handle(req: IncomingMessage, res: ServerResponse) {
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { body, files } = await readBody(Buffer.concat(chunks), req.headers['content-type']);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = safeDecode(url.pathname);
    const call: RestCall = {
      method: req.method ?? 'GET',
      path: path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      authorization: req.headers.authorization,
      at: Date.now() - started,
      status: 0,
    };
    const reply = path.startsWith(`${API_PREFIX}/`) ? route(call) : notFound();
    call.status = reply.status;
    calls.push(call);
    for (const waiter of [...waiters]) waiter(call);
    if (reply.body === undefined) {
      res.writeHead(reply.status).end();
    } else {
      res
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body));
    }
    reply.after?.();
  }

  type Handler = (call: RestCall, a: string, b: string, c: string) => Reply;
  const routes: [string, RegExp, Handler][] = [
    [
      'GET',
      /^\/gateway(?:\/bot)?$/,
      () =>
        ok({
          url: `ws://127.0.0.1:${port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        }),
    ],
    ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, interactionCallback],
    [
      'GET',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      (call, app, token, id) => withWebhookMessage(app, token, id, (m) => ok(m)),
    ],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      (call, app, token, id) => withWebhookMessage(app, token, id, (m) => editMessage(m, call)),
    ],
    [
      'DELETE',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      (call, app, token, id) =>
        withWebhookMessage(app, token, id, (m) => (messages.delete(m.id), { status: 204 })),
    ],
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, followUp],
    ['POST', /^\/channels\/(\d+)\/messages$/, createMessage],
    [
      'GET',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (call, ch, id) => withChannelMessage(ch, id, (m) => ok(m)),
    ],
    [
      'PATCH',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (call, ch, id) =>
        withChannelMessage(ch, id, (m) =>
          m.author.id === botUserId
            ? editMessage(m, call)
            : discordError(
                403,
                RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser,
                'Cannot edit a message authored by another user',
              ),
        ),
    ],
    [
      'DELETE',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (call, ch, id) => withChannelMessage(ch, id, (m) => (messages.delete(m.id), { status: 204 })),
    ],
    ['POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, startThread],
    [
      'POST',
      /^\/channels\/(\d+)\/typing$/,
      (call, ch) => (channels.has(ch) ? { status: 204 } : unknownChannel()),
    ],
    ['PUT', /^\/applications\/(\d+)\/commands$/, (call) => putCommands(call, undefined)],
    [
      'PUT',
      /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
      (call, app, guild) => putCommands(call, guild),
    ],
  ];

  function route(call: RestCall): Reply {
    for (const [method, pattern, handler] of routes) {
      const match = call.method === method ? pattern.exec(call.path) : null;
      if (match) {
        const [a = '', b = '', c = ''] = match.slice(1);
        return handler(call, a, b, c);
      }
    }
    return notFound();
  }

  function interactionCallback(call: RestCall, id: string, token: string): Reply {
    const state = pending.get(token);
    const unknown = discordError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
    if (!state || state.id !== id) return unknown;
    if (state.acked)
      return discordError(
        400,
        RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
        'Interaction has already been acknowledged.',
      );
    if (Date.now() - state.dispatchedAt > ackDeadlineMs) return unknown;
    const parsed = callbackBody.safeParse(call.body);
    if (!parsed.success) return formBodyError(parsed.error.issues);
    const { type, data } = parsed.data;
    let original: StoredMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const invalid = checkMessage(data, call.files, ['data']);
        if (invalid) return invalid;
        original = {
          ...messageJson(nextId(), state.channelId, parseMessage(data)),
          type: MessageType.ChatInputCommand,
          webhook_id: applicationId,
          application_id: applicationId,
        };
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = (parseMessage(data).flags ?? 0) & MessageFlags.Ephemeral;
        original = {
          ...messageJson(nextId(), state.channelId, { flags: flags | MessageFlags.Loading }),
          type: MessageType.ChatInputCommand,
          webhook_id: applicationId,
          application_id: applicationId,
        };
        break;
      }
      case InteractionResponseType.UpdateMessage: {
        const target = state.originalId ? messages.get(state.originalId) : undefined;
        if (state.kind !== 'component' || !target)
          return discordError(
            400,
            RESTJSONErrorCodes.InvalidFormBodyOrContentType,
            'Invalid interaction response type for this interaction',
          );
        const edited = editMessage(target, { ...call, body: data });
        if (edited.status !== 200) return withPrefix(edited, 'data');
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const choices = autocompleteData.safeParse(data);
        if (!choices.success) return formBodyError(choices.error.issues, ['data']);
        break;
      }
      default:
        break;
    }
    state.acked = true;
    if (original) {
      messages.set(original.id, original);
      state.originalId = original.id;
    }
    if (call.query.with_response !== 'true') return { status: 204 };
    const shown = state.originalId ? messages.get(state.originalId) : undefined;
    return ok({
      interaction: {
        id,
        type:
          state.kind === 'component'
            ? InteractionType.MessageComponent
            : InteractionType.ApplicationCommand,
        response_message_id: shown?.id,
        response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
        response_message_ephemeral: ((shown?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
      },
      resource: {
        type,
        ...(shown && type !== InteractionResponseType.ApplicationCommandAutocompleteResult
          ? { message: shown }
          : {}),
      },
    });
  }

  function webhookState(app: string, token: string): Pending | undefined {
    return app === applicationId ? pending.get(token) : undefined;
  }

  function withWebhookMessage(
    app: string,
    token: string,
    id: string,
    then: (m: StoredMessage) => Reply,
  ): Reply {
    const state = webhookState(app, token);
    if (!state) return discordError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    const message = messages.get(id === '@original' ? (state.originalId ?? '') : id);
    return message
      ? then(message)
      : discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
  }

  function followUp(call: RestCall, app: string, token: string): Reply {
    const state = webhookState(app, token);
    if (!state) return discordError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    const invalid = checkMessage(call.body, call.files);
    if (invalid) return invalid;
    const created = {
      ...messageJson(nextId(), state.channelId, parseMessage(call.body)),
      attachments: attachmentsFor(call.files),
      webhook_id: applicationId,
      application_id: applicationId,
    };
    messages.set(created.id, created);
    return call.query.wait === 'true' ? ok(created) : { status: 204 };
  }

  function createMessage(call: RestCall, channelId: string): Reply {
    if (!channels.has(channelId)) return unknownChannel();
    const invalid = checkMessage(call.body, call.files);
    if (invalid) return invalid;
    const body = parseMessage(call.body);
    const reference = messageReference.safeParse(body.message_reference);
    const created: StoredMessage = {
      ...messageJson(nextId(), channelId, body),
      attachments: attachmentsFor(call.files),
      ...(reference.success
        ? {
            type: MessageType.Reply,
            message_reference: { ...reference.data, channel_id: channelId, guild_id: guildId },
            referenced_message: messages.get(reference.data.message_id) ?? null,
          }
        : {}),
    };
    messages.set(created.id, created);
    // Discord echoes a bot's own messages to it over the gateway.
    return {
      ...ok(created),
      after: () =>
        dispatch(
          GatewayDispatchEvents.MessageCreate,
          { ...created, member: memberFor() },
          GatewayIntentBits.GuildMessages,
        ),
    };
  }

  function withChannelMessage(
    channelId: string,
    id: string,
    then: (m: StoredMessage) => Reply,
  ): Reply {
    if (!channels.has(channelId)) return unknownChannel();
    const message = messages.get(id);
    return message?.channel_id === channelId
      ? then(message)
      : discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
  }

  function editMessage(message: StoredMessage, call: Pick<RestCall, 'body' | 'files'>): Reply {
    const result = messageBody(call.body).safeParse(call.body ?? {});
    if (!result.success) return formBodyError(result.error.issues);
    const body = result.data;
    const keptAttachments = body.attachments
      ? message.attachments.filter((a) => body.attachments?.some((kept) => kept.id === a.id))
      : message.attachments;
    const edited: StoredMessage = {
      ...message,
      ...(body.content != null ? { content: body.content } : {}),
      ...(body.embeds != null ? { embeds: body.embeds as APIEmbed[] } : {}),
      ...(body.components != null
        ? { components: body.components as APIMessageTopLevelComponent[] }
        : {}),
      attachments: [...keptAttachments, ...attachmentsFor(call.files)],
      flags: (message.flags ?? 0) & ~MessageFlags.Loading,
      edited_timestamp: new Date().toISOString(),
    };
    if (isEmpty(edited, [])) return emptyMessage();
    messages.set(edited.id, edited);
    return ok(edited);
  }

  function startThread(call: RestCall, channelId: string, messageId: string): Reply {
    const parent = channels.get(channelId);
    if (!parent) return unknownChannel();
    if (parent.type !== ChannelType.GuildText)
      return discordError(
        400,
        RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
        'Cannot execute action on this channel type',
      );
    if (messages.get(messageId)?.channel_id !== channelId)
      return discordError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    if (threadStarters.has(messageId))
      return discordError(
        400,
        RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage,
        'A thread has already been created for this message',
      );
    const parsed = threadBody.safeParse(call.body ?? {});
    if (!parsed.success) return formBodyError(parsed.error.issues);
    // A thread started from a message takes that message's id.
    const thread: Channel = {
      id: messageId,
      type: ChannelType.PublicThread,
      name: parsed.data.name,
      parentId: channelId,
    };
    channels.set(thread.id, thread);
    threadStarters.add(messageId);
    const json = threadJson(thread, parsed.data.auto_archive_duration ?? 1440);
    return {
      status: 201,
      body: json,
      after: () =>
        dispatch(
          GatewayDispatchEvents.ThreadCreate,
          { ...json, newly_created: true },
          GatewayIntentBits.Guilds,
        ),
    };
  }

  function putCommands(call: RestCall, guild: string | undefined): Reply {
    const parsed = commandsBody.safeParse(call.body);
    if (!parsed.success) return formBodyError(parsed.error.issues);
    return ok(
      parsed.data.map((command) => {
        let id = commandIds.get(command.name);
        if (!id) commandIds.set(command.name, (id = nextId()));
        return {
          type: 1,
          default_member_permissions: null,
          nsfw: false,
          ...command,
          id,
          application_id: applicationId,
          ...(guild ? { guild_id: guild } : {}),
          version: nextId(),
        };
      }),
    );
  }

  // ---- the handle a test holds ----

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    guildId,
    channelIds,
    botUserId,
    applicationId,
    calls,
    ready,
    slashCommand: (name, options = [], opts = {}) =>
      interaction('command', InteractionType.ApplicationCommand, commandData(name, options), opts)
        .result,
    autocomplete: (commandName, focusedOption, value, opts = {}) => {
      const options = [
        ...(opts.otherOptions ?? []),
        { name: focusedOption, type: 3, value, focused: true },
      ];
      return interaction(
        'autocomplete',
        InteractionType.ApplicationCommandAutocomplete,
        commandData(commandName, options),
        opts,
      ).result;
    },
    button,
    message,
    modalSubmit: (customId, fields, opts = {}) =>
      interaction(
        'modal',
        InteractionType.ModalSubmit,
        {
          custom_id: customId,
          components: Object.entries(fields).map(([id, value]) => ({
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.TextInput, custom_id: id, value }],
          })),
        },
        opts,
      ).result,
    waitForCall(predicate, timeoutMs = 5000) {
      const seen = calls.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise<RestCall>((resolve, reject) => {
        const waiter = (call: RestCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(call);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const list =
            calls.map((c) => `  ${c.method} ${c.path} → ${c.status}`).join('\n') || '  (none)';
          reject(new Error(`no REST call matched within ${timeoutMs} ms; calls seen:\n${list}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      for (const session of sessions) session.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- Discord's rules, as zod schemas that produce Discord's error bodies ----

const maxLength = (n: number) => z.string().max(n, `Must be ${n} or fewer in length.`);
const requiredText = (n: number) => maxLength(n).min(1, 'This field is required');
const list = <T extends z.ZodType>(item: T, n: number) =>
  z.array(item).max(n, `Must be ${n} or fewer in length.`);

const embed = z.looseObject({
  title: maxLength(256).nullish(),
  description: maxLength(4096).nullish(),
  fields: list(z.looseObject({ name: requiredText(256), value: requiredText(1024) }), 25).nullish(),
  footer: z.looseObject({ text: requiredText(2048) }).nullish(),
  author: z.looseObject({ name: requiredText(256) }).nullish(),
});
const component = z.looseObject({
  custom_id: maxLength(100).nullish(),
  label: maxLength(80).nullish(),
  options: list(z.unknown(), 25).nullish(),
});
const actionRow = z.looseObject({ components: list(component, 5).nullish() });
const messageFields = {
  content: maxLength(2000).nullish(),
  embeds: list(embed, 10).nullish(),
  flags: z.number().int().nullish(),
  attachments: z.array(z.looseObject({ id: z.union([z.string(), z.number()]) })).nullish(),
  message_reference: z.unknown().optional(),
  sticker_ids: z.array(z.string()).nullish(),
  poll: z.unknown().optional(),
};
/** Components V2 messages (flag 1 << 15) have their own layout rules, not checked here. */
const messageSchemas = {
  rows: z
    .looseObject({ ...messageFields, components: list(actionRow, 5).nullish() })
    .superRefine(embedTotal)
    .superRefine(uniqueCustomIds),
  v2: z
    .looseObject({ ...messageFields, components: list(z.unknown(), 40).nullish() })
    .superRefine(embedTotal),
};
type MessageBody = {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  flags?: number | null;
  attachments?: { id: string | number }[] | null;
  message_reference?: unknown;
  sticker_ids?: string[] | null;
  poll?: unknown;
};

function messageBody(body: unknown) {
  const flags = z.looseObject({ flags: z.number() }).safeParse(body);
  return flags.success && (flags.data.flags & MessageFlags.IsComponentsV2) !== 0
    ? messageSchemas.v2
    : messageSchemas.rows;
}

function embedTotal(body: { embeds?: z.infer<typeof embed>[] | null }, ctx: z.RefinementCtx) {
  const total = (body.embeds ?? []).reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0),
    0,
  );
  if (total > 6000)
    ctx.addIssue({
      code: 'custom',
      path: ['embeds'],
      message: 'Embed size exceeds maximum size of 6000',
      params: { discordCode: 'MAX_EMBED_SIZE_EXCEEDED' },
    });
}

function uniqueCustomIds(
  body: { components?: z.infer<typeof actionRow>[] | null },
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  (body.components ?? []).forEach((row, r) =>
    (row.components ?? []).forEach((c, i) => {
      if (c.custom_id == null) return;
      if (seen.has(c.custom_id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', r, 'components', i, 'custom_id'],
          message: 'Component custom id cannot be duplicated',
          params: { discordCode: 'COMPONENT_CUSTOM_ID_DUPLICATED' },
        });
      }
      seen.add(c.custom_id);
    }),
  );
}

const callbackBody = z.looseObject({ type: z.number().int(), data: z.unknown() });
const autocompleteData = z.looseObject({
  choices: list(
    z.looseObject({ name: requiredText(100), value: z.union([maxLength(100), z.number()]) }),
    25,
  ),
});
const threadBody = z.looseObject({
  name: requiredText(100),
  auto_archive_duration: z
    .union([z.literal(60), z.literal(1440), z.literal(4320), z.literal(10080)])
    .optional(),
});
const commandsBody = list(
  z.looseObject({
    name: z.string().regex(/^[-_\p{L}\p{N}]{1,32}$/u, 'Command name is invalid'),
    description: z.string().max(100, 'Must be 100 or fewer in length.').optional(),
    options: list(z.unknown(), 25).optional(),
  }),
  100,
);
const messageReference = z.looseObject({ message_id: z.string() });
const gatewayFrame = z.looseObject({ op: z.number(), d: z.unknown() });
const identifyData = z.looseObject({ token: z.string(), intents: z.number() });

/** A 400 for a message Discord refuses, or undefined when it would be accepted. */
function checkMessage(body: unknown, files: FileInfo[], prefix: string[] = []): Reply | undefined {
  const result = messageBody(body).safeParse(body ?? {});
  if (!result.success) return formBodyError(result.error.issues, prefix);
  return isEmpty(result.data, files) ? emptyMessage() : undefined;
}

function parseMessage(body: unknown): MessageBody {
  const result = messageBody(body).safeParse(body ?? {});
  return result.success ? (result.data as MessageBody) : {};
}

function isEmpty(m: MessageBody | APIMessage, files: FileInfo[]): boolean {
  const has = (v: unknown) => Array.isArray(v) && v.length > 0;
  const poll = 'poll' in m ? m.poll : undefined;
  return (
    !m.content?.trim() &&
    !has(m.embeds) &&
    !has(m.components) &&
    !has(m.attachments) &&
    !has('sticker_ids' in m ? m.sticker_ids : undefined) &&
    !poll &&
    files.length === 0
  );
}

function formBodyError(issues: z.core.$ZodIssue[], prefix: string[] = []): Reply {
  const errors: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = errors;
    for (const key of [...prefix, ...issue.path])
      node = (node[String(key)] ??= {}) as Record<string, unknown>;
    const discordCode =
      issue.code === 'custom'
        ? String(issue.params?.discordCode ?? 'BASE_TYPE_INVALID')
        : issue.code === 'too_big'
          ? 'BASE_TYPE_MAX_LENGTH'
          : issue.code === 'too_small'
            ? 'BASE_TYPE_REQUIRED'
            : 'BASE_TYPE_INVALID';
    ((node._errors ??= []) as unknown[]).push({ code: discordCode, message: issue.message });
  }
  return discordError(
    400,
    RESTJSONErrorCodes.InvalidFormBodyOrContentType,
    'Invalid Form Body',
    errors,
  );
}

function withPrefix(reply: Reply, key: string): Reply {
  const body = reply.body as { errors?: unknown } | undefined;
  return body?.errors ? { ...reply, body: { ...body, errors: { [key]: body.errors } } } : reply;
}

function emptyMessage(): Reply {
  return discordError(
    400,
    RESTJSONErrorCodes.CannotSendAnEmptyMessage,
    'Cannot send an empty message',
  );
}

function unknownChannel(): Reply {
  return discordError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
}

function notFound(): Reply {
  return discordError(404, 0, '404: Not Found');
}

function discordError(status: number, code: number, message: string, errors?: object): Reply {
  return { status, body: { message, code, ...(errors ? { errors } : {}) } };
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

// ---- small builders ----

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

function userFor(id: string): APIUser {
  return {
    id,
    username: `user${id.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
  };
}

function memberFor(): Omit<APIGuildMember, 'user'> {
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

function attachmentsFor(files: FileInfo[]): APIAttachment[] {
  return files.map((file, i) => ({
    id: String(i),
    filename: file.name,
    size: file.size,
    url: `https://cdn.invalid/${file.name}`,
    proxy_url: `https://cdn.invalid/${file.name}`,
  }));
}

async function readBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: FileInfo[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType?.startsWith('multipart/form-data'))
    return { body: parseJson(raw.toString('utf8')), files: [] };
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: FileInfo[] = [];
  let body: unknown;
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (name === 'payload_json') body = parseJson(value);
    } else {
      files.push({ name: value.name, size: value.size });
    }
  }
  return { body, files };
}

function rawText(raw: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
