import type { Config } from '../config.js';
import { createDigestStore, type Subscription } from '../db/digest-store.js';
import type { Db } from '../db/open-database.js';
import { runChannelDigest, terminalDigest, type DigestContent } from '../digest/run-digest.js';
import { dailyCron, localDay } from '../digest/schedule.js';
import { selectDigestPapers } from '../digest/select-papers.js';
import { createSummarizer, informativeSentence } from '../digest/summarize.js';
import { digestText } from '../discord/format-digest.js';
import { createDigestPoster } from '../discord/post-digest.js';
import type { ChatModel } from '../llm/chat-model.js';
import { CliError, type CliIo } from './io.js';

export interface DigestCommandOptions {
  channel?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `paperbot digest [--channel ID] [--dry-run] [--json]`: one digest, now. */
export async function digestCommand(
  db: Db,
  config: Config,
  model: ChatModel | undefined,
  options: DigestCommandOptions,
  io: CliIo,
): Promise<number> {
  const store = createDigestStore(db);
  const now = io.now();
  const summarize = createSummarizer(model);
  let content: DigestContent;
  if (!options.channel) {
    content = await terminalDigest(
      { db, store, summarize, clock: io.now },
      {
        count: 10,
        topic: null,
        dryRun: Boolean(options.dryRun),
        localDate: localDay(now, config.digestTz ?? 'UTC'),
      },
    );
  } else {
    const subscription =
      store.subscription(options.channel) ?? adHocSubscription(options.channel, config);
    const localDate = localDay(now, subscription.tz);
    if (options.dryRun) {
      const since = store.lastDone(subscription.channelId)?.startedAt ?? null;
      const selection = selectDigestPapers(db, {
        channelId: subscription.channelId,
        since,
        topic: subscription.topic,
        count: subscription.count,
      });
      content = {
        channelId: subscription.channelId,
        date: localDate,
        topic: subscription.topic,
        items: selection.papers.map((p) => ({
          id: p.id,
          title: p.title,
          link: '',
          date: p.dateRaw ?? p.published,
          upvotes: p.upvotes,
          summary: informativeSentence(p.abstract),
        })),
        more: selection.more,
      };
    } else {
      if (!config.discordToken)
        throw new CliError(
          'Set DISCORD_TOKEN to post a digest to a channel; --dry-run prints it without posting.',
          2,
        );
      const post = createDigestPoster({
        token: config.discordToken,
        ...(config.discordApiUrl ? { apiUrl: config.discordApiUrl } : {}),
      });
      const outcome = await runChannelDigest(
        { db, store, summarize, post, clock: io.now },
        subscription,
        localDate,
      );
      if (outcome.kind === 'already-done') {
        io.stderr.write(`The digest for ${options.channel} on ${localDate} was already posted.\n`);
        content = {
          channelId: options.channel,
          date: localDate,
          topic: subscription.topic,
          items: [],
          more: 0,
        };
      } else {
        content = outcome.content;
      }
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

/** A channel with no subscription: the environment's defaults, daily at 08:00. */
function adHocSubscription(channelId: string, config: Config): Subscription {
  return {
    channelId,
    guildId: null,
    cron: config.digestCron ?? dailyCron('08:00')!,
    tz: config.digestTz ?? 'UTC',
    topic: null,
    count: 10,
    createdAt: new Date(0).toISOString(),
  };
}
