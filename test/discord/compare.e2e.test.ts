import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildBotContext } from '../../src/app/build-bot-context.js';
import { compose } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/start-bot.js';
import {
  startDiscordStandin,
  type DiscordStandin,
  type RestCall,
} from '../support/discord-standin/index.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { NOW, PAGES_DIR, ingest, paper } from '../support/library.js';

let users = 0;
const newUser = () => `32000000000000000${(users++).toString().padStart(2, '0')}`;
const callback = (id: string) => (c: RestCall) =>
  c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`);
const edited = (token: string) => (c: RestCall) =>
  c.method === 'PATCH' &&
  c.path.includes(`/${token}/messages/@original`) &&
  Array.isArray(c.body.embeds);

const LONG = (n: number) =>
  Array.from(
    { length: 25 },
    (_, i) =>
      `Method ${n}x${i} improves accuracy by ${i}.5% on the benchmark data set number ${i} ${'with many careful words '.repeat(12)}`,
  ).join('. ');

async function startWith(env: Record<string, string>) {
  const standin = await startDiscordStandin();
  const library = openLibraryAt(':memory:', { autoBuild: false });
  library.ingestFiles([PAGES_DIR], { now: NOW });
  ingest(
    library.db,
    [
      paper(`Zebra ${'very long title '.repeat(20)}`, LONG(1)),
      paper(`Quagga ${'very long title '.repeat(20)}`, LONG(2)),
    ],
    { now: NOW },
  );
  const ctx = buildBotContext(compose(loadConfig(env), library), createLogger('silent'));
  const bot = await startBot(ctx, { token: 'standin-token', apiUrl: standin.apiUrl, commands });
  const compare = (first: string, second: string, aspect?: string) =>
    standin.slashCommand(
      'compare',
      [
        { name: 'first', type: 3, value: first },
        { name: 'second', type: 3, value: second },
        ...(aspect ? [{ name: 'aspect', type: 3, value: aspect }] : []),
      ],
      { userId: newUser() },
    );
  return { standin, bot, compare };
}

describe('/compare end to end, offline', () => {
  let standin: DiscordStandin;
  let bot: RunningBot;
  let compare: Awaited<ReturnType<typeof startWith>>['compare'];
  beforeAll(async () => {
    ({ standin, bot, compare } = await startWith({ ASK_COOLDOWN_SECONDS: '60' }));
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await standin?.close();
  });

  it('GIVEN either paper being typed THEN autocomplete answers with titles valued by id', async () => {
    for (const option of ['first', 'second']) {
      const { id } = standin.autocomplete('compare', option, 'speculative deco');
      const answer = await standin.waitForCall(callback(id));
      expect(answer.body.type).toBe(8);
      expect(answer.body.data.choices.length).toBeGreaterThan(0);
      expect(answer.body.data.choices.length).toBeLessThanOrEqual(25);
      for (const choice of answer.body.data.choices) expect(choice.value).toMatch(/^[0-9a-z]{8}$/);
    }
  });

  it('GIVEN two papers and an aspect THEN it defers, then edits in two cited columns, both papers linked, a closing sentence, and no pings', async () => {
    const { id, token } = compare('WildBench', 'Ruler: A Model-Agnostic', 'data');
    const defer = await standin.waitForCall(callback(id));
    expect(defer.body.type).toBe(5);
    const final = await standin.waitForCall(edited(token), 10_000);
    expect(final.status).toBe(200);
    expect(final.body.allowed_mentions?.parse).toEqual([]);
    const embed = final.body.embeds[0];
    expect(embed.title).toBe('Two papers compared, on data');
    expect(embed.description).toMatch(
      /^\*\*\[1\]\*\* \[WildBench.*\]\(https:\/\/arxiv\.org\/.+\) · `\w{8}`\n\*\*\[2\]\*\* \[Ruler.*\]\(https:\/\/arxiv\.org\/.+\) · `\w{8}`\n\n\*\*How they differ:\*\* .*\\\[1\\\].*\\\[2\\\]/,
    );
    const fields = embed.fields as { name: string; value: string; inline: boolean }[];
    const cells = fields.filter((f) => f.name !== '\u200b');
    expect(cells.map((f) => f.name)).toEqual(
      ['On data', 'What it does', 'Data', 'Headline result'].flatMap((l) => [
        `${l} · [1]`,
        `${l} · [2]`,
      ]),
    );
    for (const [i, f] of cells.entries()) {
      expect(f.inline).toBe(true);
      expect(f.value).toContain(`\\[${(i % 2) + 1}\\]`);
    }
    expect(embed.footer.text).toBe('Drawn from the abstracts, offline.');
  });

  it('GIVEN two papers with very long titles and abstracts THEN the stand-in accepts the embed (every Discord limit holds)', async () => {
    const { token } = compare('Zebra very long title', 'Quagga very long title', 'accuracy');
    const final = await standin.waitForCall(edited(token), 10_000);
    expect(final.status).toBe(200);
    expect(final.body.embeds[0].fields.length).toBe(11);
  });

  it('GIVEN the same paper twice, or an unknown title THEN a short private message and no "thinking…"', async () => {
    const same = compare('WildBench', 'WildBench');
    expect((await standin.waitForCall(callback(same.id))).body).toMatchObject({
      type: 4,
      data: {
        flags: 64,
        content: expect.stringMatching(/^Pick two different papers: both are “WildBench/),
      },
    });
    const unknown = compare('WildBench', 'zzzz qqqq');
    expect((await standin.waitForCall(callback(unknown.id))).body).toMatchObject({
      type: 4,
      data: {
        flags: 64,
        content: expect.stringMatching(/^No paper with the id or title "zzzz qqqq"/),
      },
    });
    const aspect = compare('WildBench', 'Ruler: A Model-Agnostic', '?!?');
    expect((await standin.waitForCall(callback(aspect.id))).body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/has no word to look for/) },
    });
  });
});

describe('/compare end to end, with a model server', () => {
  let standin: DiscordStandin;
  let bot: RunningBot;
  let server: FakeOpenAiServer;
  let compare: Awaited<ReturnType<typeof startWith>>['compare'];
  beforeAll(async () => {
    server = await startFakeOpenAi([
      {
        kind: 'answer',
        pieces: ['WildBench [1] builds a benchmark, ', 'while Ruler [2] controls length.'],
      },
      { kind: 'status', status: 401 },
    ]);
    ({ standin, bot, compare } = await startWith({
      OPENAI_BASE_URL: server.url,
      LLM_MODEL: 'stand-in',
    }));
  }, 20_000);
  afterAll(async () => {
    await bot?.stop();
    await standin?.close();
    await server?.close();
  });

  it('GIVEN a model that answers, then one that fails THEN its sentence closes the first; the second falls back, saying so', async () => {
    const ok = compare('WildBench', 'Ruler: A Model-Agnostic');
    const first = (await standin.waitForCall(edited(ok.token), 10_000)).body.embeds[0];
    expect(first.description).toMatch(
      /\*\*How they differ:\*\* WildBench \\\[1\\\] builds a benchmark, while Ruler \\\[2\\\] controls length\.$/,
    );
    expect(first.footer.text).toBe(
      'Closing sentence by openai:stand-in; the rest quotes the abstracts.',
    );
    const failing = compare('WildBench', 'Ruler: A Model-Agnostic');
    const second = (await standin.waitForCall(edited(failing.token), 10_000)).body.embeds[0];
    expect(second.footer.text).toMatch(
      /^The language model was unavailable \(.+\), so the closing sentence is drawn from the abstracts\.$/,
    );
    expect(second.description).toMatch(/\*\*How they differ:\*\* WildBench \\\[1\\\] centres on /);
    expect(server.requests).toHaveLength(2);
  });
});
