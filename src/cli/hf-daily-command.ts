import type { Config } from '../config.js';
import { fetchHfDaily, HfDailyError } from '../corpus/hf-daily.js';
import type { Library } from '../app/open-library.js';
import { renderIngest } from './ingest-command.js';
import { CliError, type CliIo } from './io.js';

/** `paperbot ingest --hf-daily [DATE]`: one day of Hugging Face daily papers into the library. */
export async function hfDailyCommand(
  library: Pick<Library, 'ingest'>,
  config: Config,
  date: string,
  options: { json: boolean; fetch?: typeof fetch; backoffMs?: number },
  io: CliIo,
): Promise<number> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    throw new CliError('--hf-daily takes a date like 2025-06-18', 2);
  let result;
  try {
    result = await fetchHfDaily({
      baseUrl: config.hfBaseUrl,
      date,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
      // A line per retry on a terminal, so a slow API is not a silent wait; nothing when piped.
      ...(io.stderr.isTTY
        ? {
            onRetry: ({ problem, attempt, of, waitMs }) =>
              io.stderr.write(
                `${new URL(config.hfBaseUrl).host} ${problem}; attempt ${attempt} of ${of} in ${(waitMs / 1000).toFixed(1)} s…\n`,
              ),
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof HfDailyError)
      throw new CliError(
        `Could not fetch the daily papers for ${date}: ${error.message}. Nothing was changed.`,
      );
    throw error;
  }
  const counts = library.ingest(result.papers, { now: io.now() });
  const report = {
    ...counts,
    files: 0,
    entries: result.papers.length,
    skipped: result.skipped,
    warnings: [],
  };
  io.stdout.write(
    options.json
      ? `${JSON.stringify(report)}\n`
      : renderIngest(report).replace(/^Read 0 files, /, `Hugging Face daily papers for ${date}: `),
  );
  return 0;
}
