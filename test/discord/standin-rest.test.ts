import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startDiscordStandin, type DiscordStandin } from '../support/discord-standin/index.js';

/** The stand-in's REST routes on their own, called with fetch (no discord.js). */
let standin: DiscordStandin;
afterEach(async () => standin?.close());

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${standin.apiUrl}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: 'Bot t' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
};

/** A bare gateway client that identifies, so that interactions can be dispatched. */
async function identify(): Promise<WebSocket> {
  const gateway = (await call('GET', '/gateway/bot')).body as { url: string };
  const ws = new WebSocket(gateway.url);
  ws.on('message', (raw) => {
    if ((JSON.parse(String(raw)) as { op: number }).op === 10)
      ws.send(JSON.stringify({ op: 2, d: { token: 't', intents: 1 } }));
  });
  await standin.ready;
  return ws;
}

describe("the stand-in's REST routes", () => {
  it('GIVEN a channel message THEN it is created, recorded with its body, and an unknown channel is 10003', async () => {
    standin = await startDiscordStandin();
    const [channel] = standin.channelIds;
    const created = await call('POST', `/channels/${channel}/messages`, { content: 'hello' });
    expect(created).toMatchObject({ status: 200, body: { content: 'hello', channel_id: channel } });
    const fetched = await call('GET', `/channels/${channel}/messages/${String(created.body!.id)}`);
    expect(fetched.body).toMatchObject({ id: created.body!.id, content: 'hello' });
    expect(standin.calls.at(-2)).toMatchObject({
      method: 'POST',
      path: `/channels/${channel}/messages`,
      body: { content: 'hello' },
      authorization: 'Bot t',
      status: 200,
    });
    expect(
      await call('POST', '/channels/1234567890123456789/messages', { content: 'x' }),
    ).toMatchObject({ status: 404, body: { code: 10003 } });
    expect((await call('GET', '/no/such/route')).status).toBe(404);
  });

  it('GIVEN an enforced nonce sent twice THEN one message within the window, a second one after it', async () => {
    standin = await startDiscordStandin({ nonceWindowMs: 60_000 });
    const [channel] = standin.channelIds;
    const send = () =>
      call('POST', `/channels/${channel}/messages`, {
        content: 'x',
        nonce: 'n1',
        enforce_nonce: true,
      });
    const first = await send();
    const again = await send();
    expect(again.body!.id).toBe(first.body!.id);
    expect(standin.channelMessages(channel!)).toHaveLength(1);
    standin.passTime(60_000);
    const later = await send();
    expect(later.body!.id).not.toBe(first.body!.id);
    expect(standin.channelMessages(channel!)).toHaveLength(2);
    // Without enforce_nonce, Discord does not deduplicate.
    await call('POST', `/channels/${channel}/messages`, { content: 'x', nonce: 'n2' });
    await call('POST', `/channels/${channel}/messages`, { content: 'x', nonce: 'n2' });
    expect(standin.channelMessages(channel!)).toHaveLength(4);
  });

  it('GIVEN a channel history THEN it is read newest first, `limit` at a time, after or before an id', async () => {
    standin = await startDiscordStandin();
    const [channel] = standin.channelIds;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        String(
          (await call('POST', `/channels/${channel}/messages`, { content: `m${i}` })).body!.id,
        ),
      );
    const list = async (query: string) =>
      (
        (await call('GET', `/channels/${channel}/messages?${query}`)).body as unknown as {
          id: string;
        }[]
      ).map((m) => ids.indexOf(m.id));
    expect(await list('limit=3')).toEqual([4, 3, 2]);
    expect(await list(`after=${ids[0]}&limit=2`)).toEqual([2, 1]);
    expect(await list(`before=${ids[3]}&limit=2`)).toEqual([2, 1]);
  });

  it('GIVEN an interaction THEN the first acknowledgement is taken, a second is 40060, and @original is the reply', async () => {
    standin = await startDiscordStandin();
    const ws = await identify();
    const { id, token } = standin.slashCommand('ask', []);
    expect(
      (
        await call('POST', `/interactions/${id}/${token}/callback`, {
          type: 4,
          data: { content: 'hi' },
        })
      ).status,
    ).toBe(204);
    expect(
      await call('POST', `/interactions/${id}/${token}/callback`, {
        type: 4,
        data: { content: 'again' },
      }),
    ).toMatchObject({ status: 400, body: { code: 40060 } });
    const original = await call(
      'GET',
      `/webhooks/${standin.applicationId}/${token}/messages/@original`,
    );
    expect(original.body).toMatchObject({ content: 'hi' });
    ws.close();
  });

  it('GIVEN an interaction answered after the deadline THEN 10062 Unknown interaction', async () => {
    standin = await startDiscordStandin({ ackDeadlineMs: 50 });
    const ws = await identify();
    const { id, token } = standin.slashCommand('ask', []);
    await new Promise((r) => setTimeout(r, 120));
    expect(
      await call('POST', `/interactions/${id}/${token}/callback`, { type: 5, data: {} }),
    ).toMatchObject({ status: 404, body: { code: 10062 } });
    ws.close();
  });
});
