import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../app/project-paths.js';

/** A paper of the bundled pages, for examples: `paperbot paper` of it always finds it. */
export const EXAMPLE_PAPER_ID = '7znd0yns';

/** paperbot's version, from its package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

/** Under `paperbot --help`: a few commands to start from, and where the settings are. */
export const HELP_EXAMPLES = `
Examples:
  paperbot search speculative decoding
  paperbot ask why do reward models prefer longer answers
  paperbot paper ${EXAMPLE_PAPER_ID}
  paperbot compare ${EXAMPLE_PAPER_ID} "Ruler: A Model-Agnostic Method" --aspect data
  paperbot ingest my-pages/ --reference-date 2024-06-30
  paperbot search - < queries.txt > results.jsonl

Settings come from the environment or a .env file in the working folder; .env.example lists every one.
`;
