import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { NOW } from './library.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the paperbot command in-process with its own stdin, env and clock. */
export async function cli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdin: Readable.from([stdin]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now: () => NOW,
  });
  return { code, stdout, stderr };
}
