import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  RESTJSONErrorCodes,
  Routes,
  type ClientEvents,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startDiscordStandin,
  type DiscordStandin,
  type StandinOptions,
} from '../support/discord-standin/index.js';

let running: { client: Client; standin: DiscordStandin } | undefined;

afterEach(async () => {
  await running?.client.destroy();
  await running?.standin.close();
  running = undefined;
});

/** A real discord.js client logged into a fresh stand-in, past clientReady. */
async function loggedIn(options: StandinOptions = {}) {
  const standin = await startDiscordStandin(options);
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
    ],
    rest: { api: standin.apiUrl, retries: 0 },
    allowedMentions: { parse: [] },
  });
  running = { client, standin };
  const ready = next(client, Events.ClientReady);
  await client.login('standin-token');
  await ready;
  return { client, standin };
}

/** The arguments of the next `event` the client emits. */
function next<E extends keyof ClientEvents>(client: Client, event: E): Promise<ClientEvents[E]> {
  return new Promise((resolve) => client.once(event, (...args) => resolve(args)));
}

async function nextInteraction(client: Client) {
  const [interaction] = await next(client, Events.InteractionCreate);
  return interaction;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Discord stand-in with a real discord.js client', () => {
  it('GIVEN a login THEN the client is ready with the guild and its text channels cached', async () => {
    const { client, standin } = await loggedIn();
    await standin.ready;
    expect(client.user?.id).toBe(standin.botUserId);
    expect(client.application?.id).toBe(standin.applicationId);
    const guild = client.guilds.cache.get(standin.guildId);
    expect(guild?.channels.cache.map((c) => c.id).sort()).toEqual([...standin.channelIds].sort());
    expect(standin.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /gateway/bot']);
  });

  it('GIVEN a slash command answered by deferReply + editReply THEN a type 5 callback then a PATCH of @original with no allowed mentions', async () => {
    const { client, standin } = await loggedIn();
    const arriving = nextInteraction(client);
    const { id, token } = standin.slashCommand('ask', [
      { name: 'question', type: 3, value: 'what is RLHF?' },
    ]);
    const interaction = await arriving;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command');
    expect(interaction.options.getString('question')).toBe('what is RLHF?');
    expect(interaction.channelId).toBe(standin.channelIds[0]);
    expect(interaction.memberPermissions?.has('SendMessages')).toBe(true);

    await interaction.deferReply();
    const edited = await interaction.editReply('An answer <@123456789012345678>');
    expect(edited.content).toBe('An answer <@123456789012345678>');

    const [callback, edit] = standin.calls.slice(-2);
    expect(callback).toMatchObject({
      method: 'POST',
      path: Routes.interactionCallback(id, token),
      body: { type: 5 },
      status: 204,
      authorization: undefined,
    });
    expect(edit).toMatchObject({
      method: 'PATCH',
      path: `/webhooks/${standin.applicationId}/${token}/messages/@original`,
      status: 200,
    });
    expect(edit?.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a subcommand with options THEN the client reads both', async () => {
    const { client, standin } = await loggedIn();
    const arriving = nextInteraction(client);
    standin.slashCommand('digest', [
      { name: 'subscribe', type: 1, options: [{ name: 'count', type: 4, value: 7 }] },
    ]);
    const interaction = await arriving;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command');
    expect(interaction.options.getSubcommand()).toBe('subscribe');
    expect(interaction.options.getInteger('count')).toBe(7);
  });

  it('GIVEN a reply over 2000 characters THEN discord.js rejects with DiscordAPIError 50035', async () => {
    const { client, standin } = await loggedIn();
    const arriving = nextInteraction(client);
    standin.slashCommand('ask');
    const interaction = await arriving;
    if (!interaction.isRepliable()) throw new Error('expected a repliable interaction');

    const error: unknown = await interaction.reply('x'.repeat(2001)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({
      code: RESTJSONErrorCodes.InvalidFormBodyOrContentType,
      status: 400,
    });
    expect((error as Error).message).toContain('data.content[BASE_TYPE_MAX_LENGTH]');
    // A refused response is no acknowledgement: a valid one still goes through.
    await interaction.reply('short');
    expect(standin.calls.map((c) => c.status)).toEqual([200, 400, 204]);
  });

  it('GIVEN the first acknowledgement after the deadline THEN 10062, and a second acknowledgement THEN 40060', async () => {
    const { client, standin } = await loggedIn({ ackDeadlineMs: 200 });
    let arriving = nextInteraction(client);
    standin.slashCommand('ask');
    const late = await arriving;
    if (!late.isRepliable()) throw new Error('expected a repliable interaction');
    await sleep(300);
    await expect(late.deferReply()).rejects.toMatchObject({
      code: RESTJSONErrorCodes.UnknownInteraction,
      status: 404,
    });

    arriving = nextInteraction(client);
    const { id, token } = standin.slashCommand('ask');
    const twice = await arriving;
    if (!twice.isRepliable()) throw new Error('expected a repliable interaction');
    await twice.deferReply();
    // discord.js guards a second acknowledgement itself, so go around it as a buggy caller would.
    const again = client.rest.post(Routes.interactionCallback(id, token), {
      body: { type: 4, data: { content: 'again' } },
      auth: false,
    });
    await expect(again).rejects.toMatchObject({
      code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
    });
  });

  it('GIVEN autocomplete THEN 25 choices are accepted and 26 refused', async () => {
    const { client, standin } = await loggedIn();
    const choices = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `Paper ${i}`, value: `p${i}` }));

    let arriving = nextInteraction(client);
    standin.autocomplete('paper', 'id', 'tra');
    const first = await arriving;
    if (!first.isAutocomplete()) throw new Error('expected autocomplete');
    expect(first.options.getFocused(true)).toMatchObject({ name: 'id', value: 'tra' });
    await first.respond(choices(25));

    arriving = nextInteraction(client);
    standin.autocomplete('paper', 'id', 'tran');
    const second = await arriving;
    if (!second.isAutocomplete()) throw new Error('expected autocomplete');
    await expect(second.respond(choices(26))).rejects.toMatchObject({
      code: RESTJSONErrorCodes.InvalidFormBodyOrContentType,
    });
    expect(standin.calls.slice(-2).map((c) => [c.body.type, c.status])).toEqual([
      [8, 204],
      [8, 400],
    ]);
  });

  it('GIVEN a message mentioning the bot THEN the client sees it, starts a thread, and sees a message in that thread', async () => {
    const { client, standin } = await loggedIn();
    let arriving = next(client, Events.MessageCreate);
    const { id } = standin.message('what is DPO?', { mentionsBot: true });
    const [message] = await arriving;
    expect(message.id).toBe(id);
    expect(message.content).toBe(`<@${standin.botUserId}> what is DPO?`);
    expect(message.mentions.has(client.user!)).toBe(true);

    const thread = await message.startThread({ name: 'what is DPO?' });
    expect(thread.isThread()).toBe(true);
    expect(thread.parentId).toBe(standin.channelIds[0]);
    const created = await standin.waitForCall(
      (c) => c.path === Routes.threads(message.channelId, id),
    );
    expect(created).toMatchObject({ method: 'POST', status: 201, body: { name: 'what is DPO?' } });

    arriving = next(client, Events.MessageCreate);
    standin.message('and how does it differ from PPO?', { channelId: thread.id });
    const [followUp] = await arriving;
    expect(followUp.channelId).toBe(thread.id);
    expect(followUp.channel.isThread()).toBe(true);

    arriving = next(client, Events.MessageCreate);
    const sent = await thread.send('an answer');
    const [echo] = await arriving;
    expect(echo.id).toBe(sent.id);
    expect(echo.author.id).toBe(standin.botUserId);
  });

  it('GIVEN a button press THEN the client gets a button interaction on the message', async () => {
    const { client, standin } = await loggedIn();
    const arriving = nextInteraction(client);
    standin.button('feedback:up:42');
    const interaction = await arriving;
    expect(interaction.isButton()).toBe(true);
    if (!interaction.isButton()) return;
    expect(interaction.customId).toBe('feedback:up:42');
    await interaction.update({ content: 'Thanks!', components: [] });
    expect(standin.calls.at(-1)).toMatchObject({ body: { type: 7 }, status: 204 });
  });

  it('GIVEN a short heartbeat interval THEN heartbeats are acknowledged and the client stays up', async () => {
    const { client } = await loggedIn({ heartbeatIntervalMs: 50 });
    await sleep(250);
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    expect(client.isReady()).toBe(true);
  });
});

describe("the stand-in's message rules", () => {
  async function post(standin: DiscordStandin, body: unknown) {
    const response = await fetch(
      `${standin.apiUrl}/v10${Routes.channelMessages(standin.channelIds[0]!)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bot standin-token' },
        body: JSON.stringify(body),
      },
    );
    return { status: response.status, body: (await response.json()) as { code: number } };
  }

  const text = (n: number) => 'x'.repeat(n);
  const row = (buttons: number, customId = 'b') => ({
    type: 1,
    components: Array.from({ length: buttons }, (_, i) => ({
      type: 2,
      style: 1,
      label: 'b',
      custom_id: `${customId}${i}`,
    })),
  });

  it.each([
    ['content over 2000', { content: text(2001) }],
    ['11 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }],
    ['a title over 256', { embeds: [{ title: text(257) }] }],
    ['a description over 4096', { embeds: [{ description: text(4097) }] }],
    [
      '26 fields',
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
    ],
    ['a field name over 256', { embeds: [{ fields: [{ name: text(257), value: 'v' }] }] }],
    ['a field value over 1024', { embeds: [{ fields: [{ name: 'n', value: text(1025) }] }] }],
    ['a footer over 2048', { embeds: [{ footer: { text: text(2049) } }] }],
    ['an author name over 256', { embeds: [{ author: { name: text(257) } }] }],
    [
      'embeds over 6000 in all',
      { embeds: [{ description: text(4000) }, { description: text(2001) }] },
    ],
    ['6 action rows', { content: 'x', components: Array.from({ length: 6 }, () => row(1)) }],
    ['6 buttons in a row', { content: 'x', components: [row(6)] }],
    ['a custom_id over 100', { content: 'x', components: [row(1, text(100))] }],
    ['a custom_id used twice', { content: 'x', components: [row(2), row(2)] }],
  ])('GIVEN %s THEN 400 code 50035', async (_, body) => {
    const standin = await startDiscordStandin();
    try {
      expect(await post(standin, body)).toMatchObject({ status: 400, body: { code: 50035 } });
      expect(standin.calls[0]).toMatchObject({ status: 400, authorization: 'Bot standin-token' });
    } finally {
      await standin.close();
    }
  });

  it('GIVEN an empty message THEN 400 code 50006, and a message at every limit THEN 200', async () => {
    const standin = await startDiscordStandin();
    try {
      expect(await post(standin, { content: '  ' })).toMatchObject({
        status: 400,
        body: { code: 50006 },
      });
      const atLimits = {
        content: text(2000),
        embeds: [
          {
            title: text(256),
            description: text(4096),
            fields: [{ name: 'n', value: text(1024) }],
            footer: { text: text(622) },
          },
        ],
        components: Array.from({ length: 5 }, (_, r) => row(5, `${r}${text(98)}`)),
      };
      const { status, body } = await post(standin, atLimits);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        channel_id: standin.channelIds[0],
        author: { id: standin.botUserId, bot: true },
      });
    } finally {
      await standin.close();
    }
  });

  it('GIVEN an unknown route THEN 404 code 0, still recorded', async () => {
    const standin = await startDiscordStandin();
    try {
      const response = await fetch(`${standin.apiUrl}/v10/guilds/1/bans?limit=5`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 0 });
      expect(standin.calls).toMatchObject([
        { method: 'GET', path: '/guilds/1/bans', query: { limit: '5' }, status: 404 },
      ]);
      await expect(standin.waitForCall((c) => c.method === 'DELETE', 50)).rejects.toThrow(
        /GET \/guilds\/1\/bans → 404/,
      );
    } finally {
      await standin.close();
    }
  });
});
