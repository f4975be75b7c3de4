import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compose } from '../../src/app/compose.js';
import { openLibraryAt, type Library } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import { startDiscordStandin, type DiscordStandin } from '../support/discord-standin/index.js';
import { NOW, paper, tempDir } from '../support/library.js';
import { cli } from '../support/run-cli.js';

/**
 * One function chooses a channel's next digest: the dry run, /digest preview and the
 * real post must list the same papers in the same order, whatever state the channel is in.
 */
const CHANNEL = '123456789012345678';
const hours = (n: number) => new Date(NOW.getTime() + n * 3600_000);
const A = 'We propose a method for this problem. It works on four benchmarks and beats prior work.';

let standin: DiscordStandin;
let dir: string;
let cleanup: () => void;
let env: Record<string, string>;
let library: Library;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  standin = await startDiscordStandin({ channelIds: [CHANNEL] });
  env = { DB_PATH: join(dir, 'paperbot.db') };
  // The bundled papers arrive two days before, the channel subscribes a day before (daily
  // at 08:00 UTC, so today's digest is due at NOW, 12:00), three papers arrive after.
  library = openLibraryAt(env.DB_PATH!, { now: hours(-48) });
  const services = compose(loadConfig(env), library, { clock: () => hours(-24) });
  services.digests.subscribe({
    channelId: CHANNEL,
    guildId: null,
    time: '08:00',
    tz: 'UTC',
    topic: null,
    count: 2,
  });
  library.ingest(
    [
      paper('Fresh Paper With Few Votes', `Fresh one. ${A}`, { upvotes: 1 }),
      paper('Fresh Paper With Most Votes', `Fresh two. ${A}`, { upvotes: 30 }),
      paper('Fresh Paper In Between', `Fresh three. ${A}`, { upvotes: 7 }),
    ],
    { now: hours(-12) },
  );
});
afterEach(async () => {
  library.close();
  await standin.close();
  cleanup();
});

type Listed = { papers: { title: string }[]; more: number };
const titles = (listed: Listed) => listed.papers.map((p) => p.title);

async function allThree() {
  const dry = JSON.parse(
    (await cli(['digest', '--channel', CHANNEL, '--dry-run', '--json'], env)).stdout,
  ) as Listed;
  const preview = await compose(loadConfig(env), library, { clock: () => NOW }).digests.preview(
    CHANNEL,
  );
  const run = await cli(['digest', '--channel', CHANNEL, '--json'], {
    ...env,
    DISCORD_TOKEN: 'standin-token',
    DISCORD_API_URL: standin.apiUrl,
  });
  expect(run.stderr).toBe('');
  const posted = JSON.parse(run.stdout) as Listed;
  const messages = standin.calls.filter(
    (c) => c.method === 'POST' && c.path === `/channels/${CHANNEL}/messages` && c.status === 200,
  );
  expect(messages).toHaveLength(1);
  // The message's "Ask #n" buttons name the papers in the order shown.
  const buttons = (messages[0]!.body.components as { components: { custom_id: string }[] }[])
    .flatMap((row) => row.components.map((b) => b.custom_id))
    .filter((id) => id.startsWith('askp:'));
  return {
    dry: titles(dry),
    preview: preview.items.map((i) => i.title),
    posted: titles(posted),
    buttons,
    ids: posted.papers.map((p) => (p as { id?: string }).id),
  };
}

describe("a channel's next digest", () => {
  it('GIVEN papers from before and after the channel subscribed THEN dry run, preview and post list the same new papers, most upvoted first', async () => {
    const seen = await allThree();
    const want = ['Fresh Paper With Most Votes', 'Fresh Paper In Between'];
    expect(seen.dry).toEqual(want);
    expect(seen.preview).toEqual(want);
    expect(seen.posted).toEqual(want);
    expect(seen.buttons).toEqual(seen.ids.map((id) => `askp:${id}`));
  });

  it('GIVEN a run that chose its papers and crashed before posting THEN all three list what it chose, not what arrived since', async () => {
    const crashing = compose(loadConfig(env), library, {
      clock: () => hours(-1),
      postDigest: async () => {
        throw new Error('killed before Discord answered');
      },
    });
    const sub = crashing.digests.subscriptionFor(CHANNEL);
    await expect(crashing.runDigest(sub, '2025-11-22')).rejects.toThrow(/killed/);
    library.ingest([paper('A Late Paper Everyone Upvoted', `Late. ${A}`, { upvotes: 500 })], {
      now: hours(-0.5),
    });
    const seen = await allThree();
    const chosen = ['Fresh Paper With Most Votes', 'Fresh Paper In Between'];
    expect(seen.dry).toEqual(chosen);
    expect(seen.preview).toEqual(chosen);
    expect(seen.posted).toEqual(chosen);
  });
});
