import type { Library } from '../app/open-library.js';
import { UnreadablePagesError, type IngestReport } from '../corpus/ingest-files.js';
import { CliError, type CliIo } from './io.js';
import { startProgress } from './progress.js';

export interface IngestCommandOptions {
  json?: boolean;
  referenceDate?: Date;
}

/** What ends an ingest from outside, and the exit code each gives (128 + its number). */
const STOPS = { SIGINT: 130, SIGTERM: 143 } as const;

/** Ctrl-C or SIGTERM, listened for from before the library opens until `dispose`. */
export interface StopSignal {
  signal: AbortSignal;
  /** The exit code for the signal that came, if one did. */
  exitCode(): number | undefined;
  dispose(): void;
}

/**
 * Listens for SIGINT/SIGTERM. Start it before anything that prints (the first-use build):
 * a test, or a user, may answer the first line with Ctrl-C at once.
 */
export function listenForStop(io: CliIo): StopSignal {
  const signals = io.signals ?? process;
  const controller = new AbortController();
  let stoppedBy: keyof typeof STOPS | undefined;
  const handlers = (Object.keys(STOPS) as (keyof typeof STOPS)[]).map((name) => {
    const handler = () => {
      stoppedBy ??= name;
      controller.abort();
    };
    signals.on(name, handler);
    return () => signals.off(name, handler);
  });
  return {
    signal: controller.signal,
    exitCode: () => (stoppedBy ? STOPS[stoppedBy] : undefined),
    dispose: () => handlers.forEach((off) => off()),
  };
}

/**
 * `paperbot ingest [PATH...]` — parse pages, upsert them, print the counts. A page the
 * user named that cannot be read is an error (exit 1); Ctrl-C rolls the one transaction
 * back and says so (exit 130). A bar shows progress on a terminal.
 */
export async function ingestCommand(
  library: Pick<Library, 'ingestFilesInterruptibly'>,
  paths: string[],
  options: IngestCommandOptions,
  io: CliIo,
  stop: StopSignal = listenForStop(io),
): Promise<number> {
  const progress = startProgress(io.stderr, 'Ingesting papers');
  let report: IngestReport;
  try {
    report = await library.ingestFilesInterruptibly(paths, {
      now: io.now(),
      ...(options.referenceDate ? { referenceDate: options.referenceDate } : {}),
      signal: stop.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
  } catch (error) {
    progress.stop();
    const stopped = stop.exitCode();
    if (stopped !== undefined) {
      io.stderr.write('paperbot ingest: interrupted; nothing was changed.\n');
      return stopped;
    }
    if (error instanceof UnreadablePagesError)
      throw new CliError(`paperbot ingest: ${error.message}\nNothing was changed.`);
    throw error;
  } finally {
    stop.dispose();
  }
  progress.stop();
  io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : renderIngest(report));
  return 0;
}

export function renderIngest(report: IngestReport): string {
  const lines = [
    `Read ${report.files} ${plural(report.files, 'file')}, ${report.entries} paper ${plural(report.entries, 'entry', 'entries')}.`,
    `new ${report.new} · updated ${report.updated} · unchanged ${report.unchanged} · skipped ${report.skipped.length}`,
  ];
  if (report.new === 0 && report.updated === 0) lines.push('Nothing changed.');
  lines.push(`The library holds ${report.total} ${plural(report.total, 'paper')}.`);
  if (report.skipped.length > 0) {
    lines.push('Skipped:');
    for (const s of report.skipped) {
      const where = s.line > 0 ? `${s.source}:${s.line}` : s.source;
      lines.push(`  ${where}: ${s.reason}${s.excerpt ? ` — "${s.excerpt}"` : ''}`);
    }
  }
  if (report.warnings.length > 0) {
    lines.push('Warnings (papers kept):');
    for (const w of report.warnings) lines.push(`  ${w.source}:${w.line}: ${w.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
