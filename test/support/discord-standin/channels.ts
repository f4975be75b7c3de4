import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  MessageType,
  RESTJSONErrorCodes,
  type APIAttachment,
  type APIEmbed,
  type APIMessageTopLevelComponent,
} from 'discord.js';
import { z } from 'zod';
import type { Gateway } from './gateway.js';
import {
  checkMessage,
  commandsBody,
  discordError,
  emptyMessage,
  formBodyError,
  isEmpty,
  messageBody,
  messageReference,
  ok,
  parseMessage,
  threadBody,
  unknownChannel,
  type FileInfo,
  type Reply,
} from './limits.js';
import type { Route } from './rest.js';
import type { RestCall } from './types.js';
import { memberFor, userFor, type Channel, type StoredMessage, type World } from './world.js';

/** Channel messages, threads and slash-command registration, as a bot calls them. */
export function channelRoutes(world: World, gateway: Gateway): Route[] {
  const { botUserId, applicationId, channels, messages, threadStarters, commandIds, nextId } =
    world;
  const { dispatch } = gateway;
  const messageJson = (...args: Parameters<World['messageJson']>) => world.messageJson(...args);
  const threadJson = (...args: Parameters<World['threadJson']>) => world.threadJson(...args);
  const edit = (m: StoredMessage, call: Pick<RestCall, 'body' | 'files'>) =>
    editMessage(world, m, call);

  function createMessage(call: RestCall, channelId: string): Reply {
    const dmUser = world.dmChannels.get(channelId);
    if (!channels.has(channelId) && dmUser === undefined) return unknownChannel();
    if (dmUser !== undefined && world.closedDms.has(dmUser))
      return discordError(
        403,
        RESTJSONErrorCodes.CannotSendMessagesToThisUser,
        'Cannot send messages to this user',
      );
    const invalid = checkMessage(call.body, call.files);
    if (invalid) return invalid;
    const body = parseMessage(call.body);
    // An enforced nonce seen in this channel within the window returns that message again.
    const nonce = enforcedNonce(call.body);
    const seen = nonce ? world.nonces.get(`${channelId}:${nonce}`) : undefined;
    const again =
      seen && world.now() - seen.at < world.nonceWindowMs && messages.get(seen.messageId);
    if (again) return ok({ ...again, nonce });
    const reference = messageReference.safeParse(body.message_reference);
    const created: StoredMessage = {
      ...messageJson(nextId(), channelId, body),
      attachments: attachmentsFor(call.files),
      ...(reference.success
        ? {
            type: MessageType.Reply,
            message_reference: {
              ...reference.data,
              channel_id: channelId,
              guild_id: world.guildOf(channelId),
            },
            referenced_message: messages.get(reference.data.message_id) ?? null,
          }
        : {}),
    };
    messages.set(created.id, created);
    if (nonce)
      world.nonces.set(`${channelId}:${nonce}`, { messageId: created.id, at: world.now() });
    // Discord echoes a bot's own messages to it over the gateway (a DM needs an intent the bot lacks).
    if (dmUser !== undefined) return ok(created);
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

  /** A channel's history: `limit` (≤ 100) messages after or before an id, newest first. */
  function listMessages(call: RestCall, channelId: string): Reply {
    if (!channels.has(channelId)) return unknownChannel();
    const limit = Math.min(Math.max(Number(call.query.limit ?? 50) || 50, 1), 100);
    const all = [...messages.values()]
      .filter((m) => m.channel_id === channelId)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const { after, before } = call.query;
    const picked = after
      ? all.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit)
      : (before ? all.filter((m) => BigInt(m.id) < BigInt(before)) : all).slice(-limit);
    return ok(picked.reverse());
  }

  /** Opens (or returns) the bot's direct-message channel with a user. */
  function openDm(call: RestCall): Reply {
    const parsed = dmBody.safeParse(call.body ?? {});
    if (!parsed.success) return formBodyError(parsed.error.issues);
    const recipient = parsed.data.recipient_id;
    let id = [...world.dmChannels].find(([, user]) => user === recipient)?.[0];
    if (!id) world.dmChannels.set((id = nextId()), recipient);
    return ok({
      id,
      type: ChannelType.DM,
      last_message_id: null,
      flags: 0,
      recipients: [userFor(recipient)],
    });
  }

  return [
    ['POST', /^\/users\/@me\/channels$/, openDm],
    ['GET', /^\/channels\/(\d+)\/messages$/, listMessages],
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
            ? edit(m, call)
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
}

const dmBody = z.object({ recipient_id: z.string().regex(/^\d{17,20}$/) });

/** The nonce of a message body sent with `enforce_nonce`, else undefined. */
function enforcedNonce(body: unknown): string | undefined {
  const b = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
  return b.enforce_nonce === true && (typeof b.nonce === 'string' || typeof b.nonce === 'number')
    ? String(b.nonce)
    : undefined;
}

/** A message edited as Discord edits it: the fields given replace the old ones. */
export function editMessage(
  world: World,
  message: StoredMessage,
  call: Pick<RestCall, 'body' | 'files'>,
): Reply {
  const { messages } = world;
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

export function attachmentsFor(files: FileInfo[]): APIAttachment[] {
  return files.map((file, i) => ({
    id: String(i),
    filename: file.name,
    size: file.size,
    url: `https://cdn.invalid/${file.name}`,
    proxy_url: `https://cdn.invalid/${file.name}`,
  }));
}
