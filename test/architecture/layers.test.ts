import { readdirSync, readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * Lints a file that is not on disk, as if it were at `filePath`, with the project's own
 * rules (type-aware rules off: the probe is in no TypeScript project).
 */
async function lintProbe(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parserOptions: { projectService: false, project: null } },
        rules: {
          '@typescript-eslint/no-floating-promises': 'off',
          '@typescript-eslint/no-misused-promises': 'off',
        },
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layers (eslint.config.js)', () => {
  it.each([
    [
      'the library layer importing the search above it',
      'src/db/probe.ts',
      "import type { Search } from '../search/search-papers.js';\nexport type S = Search;\n",
    ],
    [
      'the corpus importing the FTS5 engine above it',
      'src/corpus/probe.ts',
      "import { FTS_TOKENIZER } from '../fts5/schema.js';\nexport const t = FTS_TOKENIZER;\n",
    ],
    [
      'two folders of one layer importing each other',
      'src/eval/probe.ts',
      "import { parseBenchArgs } from '../bench/bench-options.js';\nexport const p = parseBenchArgs;\n",
    ],
  ])('GIVEN %s THEN lint fails, naming the layer', async (_, file, code) => {
    const layer = file.split('/').slice(0, 2).join('/');
    expect(await lintProbe(file, code)).toEqual([
      expect.stringMatching(new RegExp(`^import-x/no-restricted-paths: .*${layer} sits below it`)),
    ]);
  });

  it('GIVEN an import down the layers THEN lint passes', async () => {
    const messages = await lintProbe(
      'src/search/probe.ts',
      "import { FTS_TOKENIZER } from '../fts5/schema.js';\nimport type { Db } from '../db/open-database.js';\nexport const t: [string, Db | null] = [FTS_TOKENIZER, null];\n",
    );
    expect(messages).toEqual([]);
  });

  it('GIVEN discord.js imported outside src/discord and commands THEN lint fails; inside, it passes', async () => {
    const code = "import { Client } from 'discord.js';\nexport const c = Client;\n";
    expect(await lintProbe('src/answer/probe.ts', code)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Only src\/discord\/ and commands\//),
    ]);
    expect(await lintProbe('src/discord/probe.ts', code)).toEqual([]);
  });

  it('GIVEN the folders and files of src/ THEN each one sits in a layer (none escapes the rule)', () => {
    const layers = JSON.parse(readFileSync(`${ROOT}layers.json`, 'utf8')) as string[][];
    const listed = new Set(layers.flat());
    const entries = readdirSync(`${ROOT}src`, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => `src/${e.name}`);
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.filter((entry) => !listed.has(entry))).toEqual([]);
  });
});
