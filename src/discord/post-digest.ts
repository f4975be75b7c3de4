import { REST, Routes, type APIMessage } from 'discord.js';
import type { DigestContent } from '../digest/digest-content.js';
import { formatDigest } from './format-digest.js';

export interface DigestPoster {
  /** Posts the digest, marked with its run's nonce. */
  post(content: DigestContent, nonce: string): Promise<{ messageId: string | null }>;
  /**
   * The bot's digest message marked with `nonce` in the channel, posted since `since`, or
   * null: the bot's own record of a post, for when Discord has forgotten the nonce.
   */
  findPosted(channelId: string, nonce: string, since: Date): Promise<{ messageId: string } | null>;
}

/** Discord's epoch (2015-01-01), in ms. */
const DISCORD_EPOCH = 1_420_070_400_000n;
/** Clocks differ: look a little before the run started. */
const SKEW_MS = 60_000;
/** Messages read per request (Discord's maximum), and requests at most per lookup. */
const PAGE = 100;
const MAX_PAGES = 20;

/** The marker a digest message carries: its run's nonce, in the embed's footer. */
const marker = (nonce: string) => `digest ${nonce}`;

/**
 * Posts a digest to its channel over REST, with no allowed mentions and Discord's message
 * nonce enforced (a send retried within Discord's few minutes is deduplicated there). The
 * message also carries the nonce in its footer, so that a run retried later (after a crash
 * between the send and its record) finds its message in the channel's history instead of
 * posting again (needs Read Message History in the channel).
 */
export function createDigestPoster(options: { token: string; apiUrl?: string }): DigestPoster {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  return {
    async post(content, nonce) {
      if (!content.channelId) throw new Error('a digest without a channel cannot be posted');
      const formatted = formatDigest(content);
      const message = (await rest.post(Routes.channelMessages(content.channelId), {
        body: {
          ...formatted,
          embeds: formatted.embeds.map((e, i) =>
            i === 0 ? { ...e, footer: { text: marker(nonce) } } : e,
          ),
          nonce,
          enforce_nonce: true,
          allowed_mentions: { parse: [] },
        },
      })) as APIMessage;
      return { messageId: message.id };
    },
    async findPosted(channelId, nonce, since) {
      let after = ((BigInt(since.getTime() - SKEW_MS) - DISCORD_EPOCH) << 22n).toString();
      for (let page = 0; page < MAX_PAGES; page++) {
        const messages = (await rest.get(Routes.channelMessages(channelId), {
          query: new URLSearchParams({ after, limit: String(PAGE) }),
        })) as APIMessage[];
        const found = messages.find(
          (m) => m.author.bot && m.embeds.some((e) => e.footer?.text === marker(nonce)),
        );
        if (found) return { messageId: found.id };
        if (messages.length < PAGE) return null;
        after = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
      }
      return null;
    },
  };
}
