import type { Library } from '../app/open-library.js';
import type { IngestReport } from '../corpus/ingest-files.js';
import type { CliIo } from './io.js';

export interface IngestCommandOptions {
  json?: boolean;
  referenceDate?: Date;
}

/** `paperbot ingest [PATH...]` — parse pages, upsert them, print the counts. */
export function ingestCommand(
  library: Pick<Library, 'ingestFiles'>,
  paths: string[],
  options: IngestCommandOptions,
  io: CliIo,
): number {
  const now = io.now();
  const report = library.ingestFiles(paths, {
    now,
    ...(options.referenceDate ? { referenceDate: options.referenceDate } : {}),
  });
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
