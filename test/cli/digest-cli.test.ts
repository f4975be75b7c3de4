import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/library.js';
import { cli } from '../support/run-cli.js';

let env: Record<string, string>;
let cleanup: () => void;
let server: Server | undefined;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  env = { DB_PATH: join(t.dir, 'paperbot.db') };
});
afterEach(async () => {
  cleanup();
  if (!server) return;
  server.closeAllConnections();
  await new Promise((r) => server!.close(r));
  server = undefined;
});

interface DigestJson {
  channel: string | null;
  date: string;
  papers: { id: string; title: string }[];
}

describe('paperbot digest', () => {
  it('GIVEN --dry-run THEN it prints the contract JSON and records nothing; a real run then covers the same papers once', async () => {
    const dry = JSON.parse(
      (await cli(['digest', '--dry-run', '--json'], env)).stdout,
    ) as DigestJson;
    expect(Object.keys(dry).slice(0, 3)).toEqual(['channel', 'date', 'papers']);
    expect(dry.channel).toBeNull();
    expect(dry.papers).toHaveLength(10);
    for (const p of dry.papers)
      expect(p).toMatchObject({ id: expect.stringMatching(/^\w{8}$/), title: expect.any(String) });
    const again = JSON.parse(
      (await cli(['digest', '--dry-run', '--json'], env)).stdout,
    ) as DigestJson;
    expect(again.papers).toEqual(dry.papers);
    const real = JSON.parse((await cli(['digest', '--json'], env)).stdout) as DigestJson;
    expect(real.papers.map((p) => p.id)).toEqual(dry.papers.map((p) => p.id));
    const next = JSON.parse((await cli(['digest', '--json'], env)).stdout) as DigestJson;
    expect(next.papers.some((p) => dry.papers.some((d) => d.id === p.id))).toBe(false);
  });

  it('GIVEN --channel without a token and without --dry-run THEN it says what to set and posts nothing', async () => {
    const run = await cli(['digest', '--channel', '123456789012345678'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Set DISCORD_TOKEN to post a digest/);
  });
});

describe('paperbot ingest --hf-daily', () => {
  it('GIVEN a local daily-papers API THEN new papers are added and a failure changes nothing', async () => {
    let fail = false;
    server = createServer((req, res) => {
      if (fail) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify([
          {
            paper: {
              id: '2501.00001',
              title: 'A Brand New Paper',
              summary: 'We do new things. They work.',
              upvotes: 4,
              publishedAt: '2025-01-01T00:00:00Z',
            },
          },
          { paper: { id: 'bad' } },
        ]),
      );
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const hf = {
      ...env,
      HF_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
    const first = await cli(['ingest', '--hf-daily', '2025-01-02'], hf);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/new 1 · updated 0 · unchanged 0 · skipped 1/);
    expect(first.stdout).toMatch(/The library holds 252 papers/);
    const shown = await cli(['paper', 'A Brand New Paper'], hf);
    expect(shown.stdout).toContain('https://arxiv.org/abs/2501.00001');
    fail = true;
    const failed = await cli(['ingest', '--hf-daily', '2025-01-03'], hf);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /Could not fetch the daily papers for 2025-01-03: .*503.* Nothing was changed\./,
    );
  }, 30_000);
});
