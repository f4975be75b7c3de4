import { randomBytes } from 'node:crypto';
import {
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionType,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIInteractionGuildMember,
} from 'discord.js';
import type { Gateway } from './gateway.js';
import type { CommandOption, DiscordStandin, InteractionOptions } from './types.js';
import {
  MEMBER_PERMISSIONS,
  BOT_PERMISSIONS,
  memberFor,
  userFor,
  type Pending,
  type StoredMessage,
  type World,
} from './world.js';

/** What a test makes happen on the stand-in's Discord: commands, buttons, forms, messages. */
export type Dispatches = Pick<
  DiscordStandin,
  'slashCommand' | 'autocomplete' | 'button' | 'message' | 'modalSubmit'
>;

export function createDispatches(world: World, gateway: Gateway): Dispatches {
  const {
    guildId,
    channelIds,
    botUserId,
    applicationId,
    testerId,
    botUser,
    messages,
    pending,
    commandIds,
    nextId,
  } = world;
  const { dispatch, requireClient } = gateway;
  const knownChannel = (id: string | undefined) => world.knownChannel(id);
  const channelJson = (channel: Parameters<World['channelJson']>[0]) => world.channelJson(channel);
  const messageJson = (...args: Parameters<World['messageJson']>) => world.messageJson(...args);

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
    const guildId = world.guildOf(channel.id);
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
      (intents: number) => {
        // Discord blanks what the Message Content intent guards unless the bot is mentioned.
        const blank = !mentionsBot && (intents & GatewayIntentBits.MessageContent) === 0;
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

  return {
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
  };
}
