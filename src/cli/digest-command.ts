import type { Services } from '../app/compose.js';
import type { DigestContent } from '../digest/digest-content.js';
import { terminalDigest } from '../digest/run-digest.js';
import { localDay } from '../digest/schedule.js';
import { digestText } from '../discord/format-digest.js';
import { CliError, type CliIo } from './io.js';

export interface DigestCommandOptions {
  channel?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `paperbot digest [--channel ID] [--dry-run] [--json]`: one digest, now. */
export async function digestCommand(
  services: Services,
  options: DigestCommandOptions,
  io: CliIo,
): Promise<number> {
  const { config, library, digests } = services;
  const now = io.now();
  const channel = options.channel;
  let content: DigestContent;
  if (!channel) {
    content = await terminalDigest(
      {
        db: library.db,
        store: services.digestStore,
        summarize: services.summarize,
        clock: io.now,
      },
      {
        count: 10,
        topic: null,
        dryRun: Boolean(options.dryRun),
        localDate: localDay(now, config.digestTz ?? 'UTC'),
      },
    );
  } else {
    const subscription = digests.subscriptionFor(channel);
    const localDate = localDay(now, subscription.tz);
    const nothing = {
      channelId: channel,
      date: localDate,
      topic: subscription.topic,
      items: [],
      more: 0,
    };
    let outcome: DigestContent | 'already-done';
    if (options.dryRun) {
      outcome = await digests.draft(channel);
    } else {
      if (!config.discordToken)
        throw new CliError(
          'Set DISCORD_TOKEN to post a digest to a channel; --dry-run prints it without posting.',
          2,
        );
      const posted = await services.runDigest(subscription, localDate);
      outcome = posted.kind === 'already-done' ? 'already-done' : posted.content;
    }
    if (outcome === 'already-done') {
      io.stderr.write(`The digest for ${channel} on ${localDate} was already posted.\n`);
      content = nothing;
    } else {
      content = outcome;
    }
  }
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ channel: content.channelId, date: content.date, papers: content.items.map((i) => ({ id: i.id, title: i.title, upvotes: i.upvotes, summary: i.summary })), more: content.more, dryRun: Boolean(options.dryRun) })}\n`,
    );
  } else {
    io.stdout.write(digestText(content));
  }
  return 0;
}
