import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes, type APIChannel } from 'discord.js';
import type { SendAlert } from '../digest/watch-alerts.js';
import { formatAlert } from './format-alert.js';

/**
 * Sends alerts as direct messages over REST: opens (or reuses) the DM channel with the
 * user, then posts one message with no allowed mentions and Discord's nonce enforced.
 * Discord's 50007 ("Cannot send messages to this user": DMs closed, or no server shared)
 * is an answer, not a failure.
 */
export function createAlertSender(options: { token: string; apiUrl?: string }): SendAlert {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const dmChannels = new Map<string, string>();
  return async (userId, items, nonce) => {
    try {
      let channelId = dmChannels.get(userId);
      if (!channelId) {
        const dm = (await rest.post(Routes.userChannels(), {
          body: { recipient_id: userId },
        })) as APIChannel;
        dmChannels.set(userId, (channelId = dm.id));
      }
      await rest.post(Routes.channelMessages(channelId), {
        body: {
          ...formatAlert(items),
          nonce,
          enforce_nonce: true,
          allowed_mentions: { parse: [] },
        },
      });
      return 'sent';
    } catch (error) {
      if (
        error instanceof DiscordAPIError &&
        error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser
      )
        return 'dms_closed';
      throw error;
    }
  };
}
