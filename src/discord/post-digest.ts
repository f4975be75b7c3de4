import { REST, Routes, type APIMessage } from 'discord.js';
import type { DigestContent } from '../digest/digest-content.js';
import { formatDigest } from './format-digest.js';

/**
 * Posts a digest to its channel over REST, with Discord's message nonce enforced, so a
 * send retried after a crash is deduplicated by Discord, and with no allowed mentions.
 */
export function createDigestPoster(options: { token: string; apiUrl?: string }) {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  return async (content: DigestContent, nonce: string): Promise<{ messageId: string | null }> => {
    if (!content.channelId) throw new Error('a digest without a channel cannot be posted');
    const message = (await rest.post(Routes.channelMessages(content.channelId), {
      body: {
        ...formatDigest(content),
        nonce,
        enforce_nonce: true,
        allowed_mentions: { parse: [] },
      },
    })) as APIMessage;
    return { messageId: message.id };
  };
}
