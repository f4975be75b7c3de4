import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openLibraryAt } from '../../src/app/open-library.js';
import { hfDailyCommand } from '../../src/cli/hf-daily-command.js';
import { loadConfig } from '../../src/config.js';
import { NOW } from '../support/library.js';

/** The daily-papers API answering 503 twice, then one paper (`fetch` is the boundary). */
function flakyApi(): typeof fetch {
  let calls = 0;
  return () => {
    calls++;
    if (calls <= 2) return Promise.resolve(new Response('busy', { status: 503 }));
    const body = [
      {
        paper: {
          id: '2406.00001',
          title: 'A Paper From The Feed',
          summary: 'We study a feed. It works well on several benchmarks.',
        },
      },
    ];
    return Promise.resolve(Response.json(body));
  };
}

async function run(tty: boolean) {
  const library = openLibraryAt(':memory:', { autoBuild: false, vectors: false });
  let stdout = '';
  let stderr = '';
  const io = {
    stdin: Readable.from(['']),
    stdout: { write: (t: string) => (stdout += t), isTTY: tty, columns: 80 },
    stderr: { write: (t: string) => (stderr += t), isTTY: tty, columns: 80 },
    env: {},
    now: () => NOW,
  };
  const config = loadConfig({ HF_BASE_URL: 'http://127.0.0.1:9' });
  try {
    const code = await hfDailyCommand(
      library,
      config,
      '2024-06-04',
      { json: false, fetch: flakyApi(), backoffMs: 1 },
      io,
    );
    return { code, stdout, stderr };
  } finally {
    library.close();
  }
}

describe('paperbot ingest --hf-daily retries', () => {
  it('GIVEN a terminal and an API that fails twice THEN a line per retry, then the papers', async () => {
    const { code, stdout, stderr } = await run(true);
    expect(code).toBe(0);
    expect(stderr).toBe(
      '127.0.0.1:9 answered 503; attempt 2 of 4 in 0.0 s…\n127.0.0.1:9 answered 503; attempt 3 of 4 in 0.0 s…\n',
    );
    expect(stdout).toMatch(/new 1 ·/);
  });

  it('GIVEN output piped THEN the retries print nothing extra', async () => {
    const { code, stdout, stderr } = await run(false);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/new 1 ·/);
  });
});
