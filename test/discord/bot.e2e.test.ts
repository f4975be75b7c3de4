import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildBotContext } from '../../src/app/build-bot-context.js';
import { compose } from '../../src/app/compose.js';
import { createLogger } from '../../src/app/logger.js';
import { openLibraryAt } from '../../src/app/open-library.js';
import { loadConfig } from '../../src/config.js';
import { createDigestPoster } from '../../src/discord/post-digest.js';
import { startBot, type RunningBot } from '../../src/discord/start-bot.js';
import type { BotContext } from '../../src/discord/context.js';
import {
  startDiscordStandin,
  type DiscordStandin,
  type RestCall,
} from '../support/discord-standin/index.js';
import { NOW, PAGES_DIR } from '../support/library.js';

let standin: DiscordStandin;
let bot: RunningBot;
let ctx: BotContext;
let users = 0;
/** A fresh user per test, so the per-user cooldown of one test never touches another. */
const newUser = () => `31000000000000000${(users++).toString().padStart(2, '0')}`;

beforeAll(async () => {
  standin = await startDiscordStandin();
  const library = openLibraryAt(':memory:', { autoBuild: false });
  library.ingestFiles([PAGES_DIR], { now: NOW });
  // As `paperbot ingest` does: the bundled papers take their shipped vectors.
  library.adoptShippedVectors();
  const config = loadConfig({ ASK_COOLDOWN_SECONDS: '60' });
  ctx = buildBotContext(compose(config, library), createLogger('silent'));
  bot = await startBot(ctx, { token: 'standin-token', apiUrl: standin.apiUrl, commands });
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await standin?.close();
});

const callback = (id: string) => (c: RestCall) =>
  c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`);
const original = (token: string) => (c: RestCall) =>
  c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`);
const noPings = (body: { allowed_mentions?: unknown; data?: { allowed_mentions?: unknown } }) => {
  const allowed = (body.allowed_mentions ?? body.data?.allowed_mentions) as
    { parse?: unknown[]; users?: unknown[]; roles?: unknown[] } | undefined;
  expect(allowed?.parse).toEqual([]);
  expect(allowed?.users ?? []).toEqual([]);
  expect(allowed?.roles ?? []).toEqual([]);
};

describe('the bot end to end, with the real discord.js client', () => {
  it('GIVEN /ask THEN it defers within 3 s, then edits in a cited answer that can ping no one, with working 👍/👎', async () => {
    const user = newUser();
    const { id, token } = standin.slashCommand(
      'ask',
      [
        {
          name: 'question',
          type: 3,
          value: 'how do reward models end up preferring longer answers?',
        },
      ],
      { userId: user },
    );
    const defer = await standin.waitForCall(callback(id));
    expect(defer.body.type).toBe(5);
    expect(defer.status).toBe(204);
    const final = await standin.waitForCall(
      (c) => original(token)(c) && Array.isArray(c.body.embeds) && c.body.embeds.length > 0,
      10_000,
    );
    expect(final.status).toBe(200);
    const embed = final.body.embeds[0];
    expect(embed.description).toMatch(/\[1\]/);
    expect(embed.description).toMatch(/\*\*Sources\*\*\n\[1\] \[.+\]\(https:\/\/arxiv\.org\//);
    noPings(final.body);
    const buttons = final.body.components[0].components.map(
      (b: { custom_id: string }) => b.custom_id,
    );
    expect(buttons).toEqual([expect.stringMatching(/^fb:up:/), expect.stringMatching(/^fb:down:/)]);

    const vote = standin.button(buttons[0], { userId: user });
    const thanks = await standin.waitForCall(callback(vote.id));
    expect(thanks.body).toMatchObject({
      type: 4,
      data: { content: expect.stringMatching(/^Thanks/), flags: 64 },
    });
    standin.button(buttons[1], { userId: user });
    await new Promise((r) => setTimeout(r, 300));
    expect(ctx.answers.stats(standin.guildId)).toMatchObject({ rated: 1, thumbsUp: 0 });
  });

  it('GIVEN a second /ask right away THEN the cooldown answers privately with when to try again', async () => {
    const user = newUser();
    standin.slashCommand(
      'ask',
      [{ name: 'question', type: 3, value: 'speculative decoding with a draft model' }],
      { userId: user },
    );
    const second = standin.slashCommand(
      'ask',
      [{ name: 'question', type: 3, value: 'and what about tree attention?' }],
      { userId: user },
    );
    const reply = await standin.waitForCall(callback(second.id));
    expect(reply.body).toMatchObject({
      type: 4,
      data: {
        flags: 64,
        content: expect.stringMatching(/asking a little fast\. Try again <t:\d+:R>/),
      },
    });
  });

  it('GIVEN /paper being typed THEN autocomplete answers in time with at most 25 titles valued by id', async () => {
    const { id } = standin.autocomplete('paper', 'title', 'long cont');
    const answer = await standin.waitForCall(callback(id));
    expect(answer.status).toBe(204);
    expect(answer.body.type).toBe(8);
    expect(answer.body.data.choices.length).toBeGreaterThan(0);
    expect(answer.body.data.choices.length).toBeLessThanOrEqual(25);
    for (const choice of answer.body.data.choices) expect(choice.value).toMatch(/^[0-9a-z]{8}$/);
    const empty = standin.autocomplete('paper', 'title', '');
    expect((await standin.waitForCall(callback(empty.id))).body.data.choices).toHaveLength(25);
  });

  it('GIVEN /paper with an unknown title THEN a short private message, and the bot carries on', async () => {
    const { id } = standin.slashCommand('paper', [{ name: 'title', type: 3, value: 'zzzz qqqq' }], {
      userId: newUser(),
    });
    const reply = await standin.waitForCall(callback(id));
    expect(reply.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/^No paper with the id or title/) },
    });
    const ok = standin.slashCommand('paper', [{ name: 'title', type: 3, value: 'WildBench' }], {
      userId: newUser(),
    });
    const shown = await standin.waitForCall(callback(ok.id));
    expect(shown.body.data.embeds[0].title).toMatch(/^WildBench/);
  });

  it('GIVEN /search THEN ten per page, and only the searcher can turn the page', async () => {
    const user = newUser();
    const { id, token } = standin.slashCommand(
      'search',
      [{ name: 'query', type: 3, value: 'long context' }],
      { userId: user },
    );
    // Acknowledged at once, then the results fill the reply.
    expect((await standin.waitForCall(callback(id))).body.type).toBe(5);
    const first = await standin.waitForCall(
      (c) => original(token)(c) && Array.isArray(c.body.embeds) && c.body.embeds.length > 0,
    );
    expect(first.body.embeds[0].footer.text).toMatch(/^Page 1 of \d+/);
    const next = first.body.components[0].components[1].custom_id as string;
    const stranger = standin.button(next, { userId: newUser() });
    expect((await standin.waitForCall(callback(stranger.id))).body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/Only the person who searched/) },
    });
    const turn = standin.button(next, { userId: user });
    const page2 = await standin.waitForCall(callback(turn.id));
    expect(page2.body.type).toBe(7);
    expect(page2.body.data.embeds[0].footer.text).toMatch(/^Page 2 of/);
  });

  it('GIVEN /search with words no abstract has THEN papers found by meaning are listed, not "no papers match"', async () => {
    const { token } = standin.slashCommand(
      'search',
      [{ name: 'query', type: 3, value: 'wordier graders' }],
      {
        userId: newUser(),
      },
    );
    const reply = await standin.waitForCall(
      (c) => original(token)(c) && Array.isArray(c.body.embeds) && c.body.embeds.length > 0,
      10_000,
    );
    expect(ctx.search.search('wordier graders').hits).toEqual([]);
    expect(reply.body.embeds[0].description).toMatch(/^\*\*1\. \[/);
    expect(reply.body.embeds[0].footer.text).toMatch(/^Page 1 of \d+ · \d+ results/);
  });

  it('GIVEN a mention with a question THEN a thread is started from it and answered there; a follow-up in the thread is answered too', async () => {
    const user = newUser();
    const asked = standin.message(
      'which benchmark uses real conversations people had with chatbots?',
      { authorId: user, mentionsBot: true },
    );
    const thread = await standin.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${standin.channelIds[0]}/messages/${asked.id}/threads`,
    );
    expect(thread.status).toBe(201);
    const threadId = asked.id; // a thread started from a message takes its id
    const answer = await standin.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
      10_000,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.embeds[0].description).toMatch(/WildBench/);
    expect(answer.body.content).toMatch(/Mention me in this thread/);
    noPings(answer.body);

    const before = standin.calls.filter((c) => c.path === `/channels/${threadId}/messages`).length;
    ctx.cooldowns.take(user, new Date(0)); // (cooldown is per user; a different user follows up)
    standin.message('and how does it score the answers?', {
      authorId: newUser(),
      mentionsBot: true,
      channelId: threadId,
    });
    await standin.waitForCall(
      (c) =>
        c.path === `/channels/${threadId}/messages` &&
        standin.calls.filter((x) => x.path === c.path).length > before,
      10_000,
    );
  });

  it('GIVEN a mention with no question THEN a one-line hint; a bot mentioning it THEN nothing', async () => {
    const hinted = standin.message('', { authorId: newUser(), mentionsBot: true });
    const hint = await standin.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${standin.channelIds[0]}/messages` &&
        c.body.message_reference?.message_id === hinted.id,
    );
    expect(hint.body.content).toMatch(/^Ask me a question about the papers/);
    noPings(hint.body);
    const count = standin.calls.length;
    standin.message('what is length bias?', {
      authorId: newUser(),
      authorIsBot: true,
      mentionsBot: true,
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(standin.calls.slice(count).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('GIVEN a digest posted to a channel THEN it arrives within limits, with a nonce and no pings, and its button opens an answer', async () => {
    const poster = createDigestPoster({ token: 'standin-token', apiUrl: standin.apiUrl });
    const paper = ctx.search.search('WildBench', { limit: 1 }).hits[0]!;
    await poster.post(
      {
        channelId: standin.channelIds[0]!,
        date: '2026-03-10',
        topic: null,
        items: [
          {
            id: paper.id,
            title: `${paper.title} @everyone <@&123456789012345678>`,
            link: 'https://arxiv.org/abs/2406.04770',
            date: 'Jun 7, 2024',
            upvotes: 3,
            summary: 'A benchmark from real chats.',
          },
        ],
        more: 7,
      },
      'dg0123456789abcdef012345',
    );
    const sent = await standin.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${standin.channelIds[0]}/messages` &&
        c.body.nonce === 'dg0123456789abcdef012345',
    );
    expect(sent.status).toBe(200);
    expect(sent.body.enforce_nonce).toBe(true);
    noPings(sent.body);
    expect(sent.body.embeds[0].description).toMatch(/… and 7 more — \/search to see them$/);
    expect(sent.body.embeds[0].description).not.toMatch(/@everyone|<@&\d/);

    const press = standin.button(`askp:${paper.id}`, { userId: newUser() });
    const modal = await standin.waitForCall(callback(press.id));
    expect(modal.body.type).toBe(9);
    expect(modal.body.data.components[0].components[0].value).toMatch(/^What does "WildBench/);
    const submit = standin.modalSubmit(
      `askm:${paper.id}`,
      { question: modal.body.data.components[0].components[0].value },
      { userId: newUser() },
    );
    expect((await standin.waitForCall(callback(submit.id))).body.type).toBe(5);
    const answer = await standin.waitForCall(
      (c) => original(submit.token)(c) && Array.isArray(c.body.embeds) && c.body.embeds.length > 0,
      10_000,
    );
    expect(answer.body.embeds[0].description).toMatch(/WildBench/);
  });
});
