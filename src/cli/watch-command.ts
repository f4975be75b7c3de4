import type { Logger } from 'pino';
import type { Services } from '../app/compose.js';
import { alertText } from '../discord/format-alert.js';
import { CliError, type CliIo } from './io.js';

export interface WatchCommandOptions {
  user?: string;
  json?: boolean;
}

/**
 * `paperbot watch [--user ID] [--json]`: the alerts the bot would send now (to one user, or
 * to every user who watches a topic), dry: nothing is recorded or sent.
 */
export async function watchCommand(
  services: Services,
  options: WatchCommandOptions,
  io: CliIo,
  log: Logger,
): Promise<number> {
  if (options.user !== undefined && !/^\d{17,20}$/.test(options.user))
    throw new CliError(
      `--user takes a Discord user id (17 to 20 digits), not “${options.user}”.`,
      2,
    );
  const users =
    options.user !== undefined
      ? [options.user]
      : [...new Set(services.watchStore.all().map((w) => w.userId))];
  const alerts = services.alerts(log);
  const report = [];
  for (const user of users)
    report.push({
      user,
      topics: services.watchStore.list(user).map((w) => w.topic),
      papers: await alerts.preview(user),
    });
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        dryRun: true,
        users: report.map((r) => ({
          user: r.user,
          topics: r.topics,
          papers: r.papers.map((p) => ({
            id: p.id,
            title: p.title,
            topic: p.topic,
            link: p.link,
            summary: p.summary,
          })),
        })),
      })}\n`,
    );
    return 0;
  }
  if (report.length === 0) io.stdout.write('Nobody watches a topic yet (/watch add in Discord).\n');
  for (const r of report)
    io.stdout.write(
      r.topics.length === 0
        ? `User ${r.user} watches no topic.\n`
        : `User ${r.user} watches: ${r.topics.join(', ')}\n${alertText(r.user, r.papers)}`,
    );
  return 0;
}
