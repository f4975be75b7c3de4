import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { compose, type Services } from '../app/compose.js';
import { createLogger } from '../app/logger.js';
import type { Library } from '../app/open-library.js';
import { bundledPagesDir as bundledPages } from '../app/project-paths.js';
import { ConfigError, loadConfig, parseShards, type Config } from '../config.js';
import { askCommand } from './ask-command.js';
import { chatCommand } from './chat-command.js';
import { compareCommand } from './compare-command.js';
import { ingestCommand, listenForStop } from './ingest-command.js';
import { EXAMPLE_PAPER_ID, HELP_EXAMPLES, packageVersion } from './help.js';
import { CliError, type CliIo } from './io.js';
import { openCheckedLibrary } from './open-checked.js';
import { paperCommand } from './paper-command.js';
import { searchCommand } from './search-command.js';
import { deployCommandsCommand, logTo, startCommand } from './start-command.js';
import { digestCommand } from './digest-command.js';
import { hfDailyCommand } from './hf-daily-command.js';
import { watchCommand } from './watch-command.js';

/** Papers `paperbot ingest` embeds before it exits (about 85 ms each). */
const EMBED_AFTER_INGEST = 500;

/** Runs `paperbot ARGS…` and resolves to the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let library: Library | undefined;
  const config = (): Config => loadConfig(io.env);
  /** A line for the person at the terminal (a log line under `paperbot start`). */
  let report = (line: string): void => void io.stderr.write(`${line}\n`);
  const open = (autoBuild = true): Library => {
    library ??= openCheckedLibrary(config(), { now: io.now(), autoBuild });
    if (library.built) {
      report(`Built the paper library from data/ (first use): ${library.built.total} papers.`);
      delete library.built;
    }
    return library;
  };
  let composed: Services | undefined;
  const services = (): Services => (composed ??= compose(config(), open(), { clock: io.now }));
  /** After an ingest: vectors for the new papers, a bounded number (the rest: `paperbot start`). */
  const embedNewPapers = async () => {
    if (!config().semanticSearch) return;
    open().adoptShippedVectors();
    let done: number;
    try {
      done = await services().fillVectors({ max: EMBED_AFTER_INGEST });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      io.stderr.write(
        `Could not embed the new papers (${reason}); they are found by their words until \`paperbot start\` or the next ingest embeds them.\n`,
      );
      return;
    }
    if (done > 0) io.stderr.write(`Embedded ${done} papers for search by meaning.\n`);
    if (done === EMBED_AFTER_INGEST)
      io.stderr.write(
        'More papers wait for their vectors (found by their words until then): `paperbot start` embeds them in the background, or run `paperbot ingest` again.\n',
      );
  };
  let exitCode = 0;

  const program = new Command('paperbot')
    .description('Answers questions about research papers, with citations.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('after', HELP_EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run paperbot --help for usage)');

  program
    .command('search')
    .description('rank papers for a query; "-" reads one query per line from stdin (JSON out)')
    .argument('<query...>', 'words to search for, or - for stdin')
    .option('-l, --limit <n>', 'how many results (1-100)', parseLimit, 10)
    .option('--json', 'print JSON')
    .action(async (words: string[], options: { limit: number; json?: boolean }) => {
      exitCode = await searchCommand(services().retrieve, words.join(' '), options, io);
    });

  program
    .command('ask')
    .description(
      'a cited answer from the papers; "-" reads one question per line from stdin (JSON out)',
    )
    .argument('<question...>', 'your question, or - for stdin')
    .option('--json', 'print JSON')
    .option(
      '-k, --sources <n>',
      'how many papers to search for and offer the model (1-20)',
      parseSources,
      5,
    )
    .action(async (words: string[], options: { json?: boolean; sources: number }) => {
      const { ask } = services();
      exitCode = await askCommand(
        (q, o) => ask(q, { k: options.sources, ...o }),
        words.join(' '),
        options,
        io,
      );
    });

  program
    .command('chat')
    .description('a conversation in the terminal: ask, follow up, see the sources')
    .action(async () => {
      exitCode = await chatCommand(services().ask, io);
    });

  program
    .command('paper')
    .description('show one paper in full, by id or title')
    .argument('<id-or-title...>', `the paper id (e.g. ${EXAMPLE_PAPER_ID}) or its title`)
    .option('--json', 'print JSON')
    .action((words: string[], options: { json?: boolean }) => {
      const lib = open();
      exitCode = paperCommand(lib.db, lib.search, words.join(' '), options, io);
    });

  program
    .command('compare')
    .description('two papers side by side: what each does, its data and its result, cited')
    .argument('<first>', 'a paper id, link or title (quote a title of several words)')
    .argument('<second>', 'the other paper')
    .option('-a, --aspect <text>', 'what to focus on, e.g. data, efficiency, results')
    .option('--json', 'print JSON')
    .action(async (first: string, second: string, options: { aspect?: string; json?: boolean }) => {
      const { library: lib, compare } = services();
      exitCode = await compareCommand(
        { db: lib.db, search: lib.search, compare },
        [first, second],
        options,
        io,
      );
    });

  program
    .command('ingest')
    .description("parse listing pages and add their papers (default: the project's data/ pages)")
    .argument('[paths...]', 'page files or folders of .txt pages')
    .addOption(
      new Option(
        '--reference-date <yyyy-mm-dd>',
        'resolve dates written without a year against this day',
      ).argParser(parseDay),
    )
    .option(
      '--hf-daily [yyyy-mm-dd]',
      'fetch one day of Hugging Face daily papers instead (default: today, UTC)',
    )
    .option('--json', 'print JSON')
    .action(
      async (
        paths: string[],
        options: { json?: boolean; referenceDate?: Date; hfDaily?: string | boolean },
      ) => {
        const settings = config();
        if (options.hfDaily !== undefined) {
          const date =
            options.hfDaily === true
              ? io.now().toISOString().slice(0, 10)
              : String(options.hfDaily);
          exitCode = await hfDailyCommand(
            open(),
            settings,
            date,
            { json: Boolean(options.json) },
            io,
          );
          if (exitCode === 0) await embedNewPapers();
          return;
        }
        const referenceDate = options.referenceDate ?? settings.referenceDate;
        const stop = listenForStop(io);
        let lib: Library;
        try {
          lib = open(paths.length > 0);
        } catch (error) {
          stop.dispose();
          throw error;
        }
        const targets = paths.length > 0 ? paths : [bundledPages()];
        exitCode = await ingestCommand(
          lib,
          targets,
          { ...options, ...(referenceDate ? { referenceDate } : {}) },
          io,
          stop,
        );
        if (exitCode === 0) await embedNewPapers();
      },
    );

  program
    .command('digest')
    .description(
      'one digest now: for a channel (posted, unless --dry-run) or, without one, every paper no digest has had',
    )
    .option('--channel <id>', 'the Discord channel the digest is for')
    .option('--dry-run', 'print what would be posted and record nothing')
    .option('--json', 'print JSON')
    .action(async (options: { channel?: string; dryRun?: boolean; json?: boolean }) => {
      exitCode = await digestCommand(services(), options, io);
    });

  program
    .command('watch')
    .description(
      'the alerts on new papers the bot would send now, to one user or to every watcher (dry: nothing recorded or sent)',
    )
    .option('--user <id>', 'the Discord user id whose alerts to show')
    .option('--json', 'print JSON')
    .action(async (options: { user?: string; json?: boolean }) => {
      exitCode = await watchCommand(
        services(),
        options,
        io,
        createLogger(config().logLevel, logTo(io)),
      );
    });

  program
    .command('start')
    .description('run the Discord bot (needs DISCORD_TOKEN)')
    .option(
      '--shards <n>',
      'run as N shard processes, or auto (Discord’s count); default DISCORD_SHARDS',
      parseShardsOption,
    )
    .action(async (options: { shards?: number | 'auto' }) => {
      const settings = config();
      const log = createLogger(settings.logLevel, logTo(io));
      report = (line) => log.info(line);
      exitCode = await startCommand(
        { ...settings, shards: options.shards ?? settings.shards },
        services,
        io,
        io.signals ?? process,
        log,
      );
    });

  program
    .command('deploy-commands')
    .description('register the slash commands (to DISCORD_GUILD_ID when set, else globally)')
    .action(async () => {
      exitCode = await deployCommandsCommand(config(), io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  } finally {
    library?.close();
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed the usage problem (or the help text).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (error instanceof CliError) {
    io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`paperbot: ${message}\n`);
  return 1;
}

function parseShardsOption(value: string): number | 'auto' {
  const shards = parseShards(value);
  if (shards === undefined)
    throw new InvalidArgumentError('must be auto or a number from 1 to 9999');
  return shards;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new InvalidArgumentError('must be a whole number from 1 to 100');
  }
  return n;
}

function parseSources(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new InvalidArgumentError('must be a whole number from 1 to 20');
  return n;
}

function parseDay(value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('must be a date like 2025-06-18');
  }
  return date;
}
