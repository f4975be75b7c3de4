import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  RESTJSONErrorCodes,
} from 'discord.js';
import { attachmentsFor, editMessage } from './channels.js';
import {
  autocompleteData,
  callbackBody,
  checkMessage,
  discordError,
  formBodyError,
  ok,
  parseMessage,
  withPrefix,
  type Reply,
} from './limits.js';
import type { Route } from './rest.js';
import type { RestCall } from './types.js';
import type { Pending, StoredMessage, World } from './world.js';

/**
 * Interaction callbacks (the 3 s acknowledgement, acknowledged once) and the webhook
 * routes a reply is edited and followed up through.
 */
export function interactionRoutes(world: World, options: { ackDeadlineMs: number }): Route[] {
  const { applicationId, messages, pending, nextId } = world;
  const ackDeadlineMs = options.ackDeadlineMs;
  const messageJson = (...args: Parameters<World['messageJson']>) => world.messageJson(...args);

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
        const edited = editMessage(world, target, { ...call, body: data });
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

  return [
    ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, interactionCallback],
    [
      'GET',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      (call, app, token, id) => withWebhookMessage(app, token, id, (m) => ok(m)),
    ],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      (call, app, token, id) =>
        withWebhookMessage(app, token, id, (m) => editMessage(world, m, call)),
    ],
    [
      'DELETE',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      (call, app, token, id) =>
        withWebhookMessage(app, token, id, (m) => (messages.delete(m.id), { status: 204 })),
    ],
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, followUp],
  ];
}
