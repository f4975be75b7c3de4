import { beforeEach, describe, expect, it } from 'vitest';
import { createDigestStore, type Subscription } from '../../src/db/digest-store.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import type { DigestContent } from '../../src/digest/digest-content.js';
import {
  digestNonce,
  runChannelDigest,
  terminalDigest,
  type DigestDeps,
} from '../../src/digest/run-digest.js';
import { informativeSentence } from '../../src/digest/summarize.js';
import { digestText, formatDigest } from '../../src/discord/format-digest.js';
import { LIMITS, embedLength } from '../../src/discord/limits.js';
import { writerStatus } from '../../src/db/writer-status.js';
import { ingest, paper } from '../support/library.js';

const T0 = new Date('2026-03-10T06:00:00Z');
let db: Db;
let now: Date;

/** A stand-in for Discord's channel messages: a nonce seen before returns the same message. */
function fakeChannel() {
  const messages: { nonce: string; content: DigestContent; id: string }[] = [];
  let crashAfterSend = false;
  const post = async (content: DigestContent, nonce: string) => {
    let message = messages.find((m) => m.nonce === nonce);
    if (!message) {
      message = {
        nonce,
        content,
        id: String(1_000_000_000_000_000_000n + BigInt(messages.length)),
      };
      messages.push(message);
    }
    if (crashAfterSend) {
      crashAfterSend = false;
      throw new Error('process killed after Discord accepted the message');
    }
    return { messageId: message.id };
  };
  return { messages, post, crashNextSend: () => (crashAfterSend = true) };
}

function deps(post: DigestDeps['post']): DigestDeps {
  return {
    db,
    store: createDigestStore(db),
    summarize: async (p) => informativeSentence(p.abstract),
    post,
    clock: () => now,
  };
}

const sub = (channelId: string, topic: string | null = null): Subscription => ({
  channelId,
  guildId: null,
  cron: '30 8 * * *',
  tz: 'UTC',
  topic,
  count: 10,
  createdAt: T0.toISOString(),
});

const A =
  'We propose a method for this problem. It works well on four benchmarks and beats prior work by a wide margin.';

beforeEach(() => {
  ({ db } = openDatabase(':memory:'));
  now = new Date(T0.getTime() + 3600_000);
  ingest(
    db,
    [
      paper('Long Context Retrieval Heads', `Long context models use retrieval heads. ${A}`, {
        upvotes: 5,
      }),
      paper(
        'Direct Preference Optimization Revisited',
        `Preference optimization without a reward model. ${A}`,
        { upvotes: 9 },
      ),
      paper('Efficient Long Context Attention', `Attention for long context inputs. ${A}`, {
        upvotes: 2,
      }),
    ],
    { now },
  );
});

describe('a channel digest', () => {
  it('GIVEN new papers THEN one message, most upvoted first, and the same day never posts twice', async () => {
    const channel = fakeChannel();
    const first = await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111'),
      '2026-03-10',
    );
    expect(first.kind).toBe('posted');
    expect(channel.messages).toHaveLength(1);
    expect(channel.messages[0]!.content.items.map((i) => i.upvotes)).toEqual([9, 5, 2]);
    expect(channel.messages[0]!.nonce).toBe(digestNonce('111111111111111111', '2026-03-10'));
    expect(
      await runChannelDigest(deps(channel.post), sub('111111111111111111'), '2026-03-10'),
    ).toEqual({ kind: 'already-done' });
    expect(channel.messages).toHaveLength(1);
  });

  it('GIVEN a crash between "sent" and "recorded" THEN the restart resends the same papers with the same nonce, and Discord keeps one message', async () => {
    const channel = fakeChannel();
    channel.crashNextSend();
    await expect(
      runChannelDigest(deps(channel.post), sub('111111111111111111'), '2026-03-10'),
    ).rejects.toThrow(/killed/);
    // A paper arrives before the restart: it must not change what the retried post contains.
    ingest(db, [paper('A Late Long Context Paper', `Long context again. ${A}`, { upvotes: 50 })], {
      now: new Date(now.getTime() + 1000),
    });
    const retry = await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111'),
      '2026-03-10',
    );
    expect(retry.kind).toBe('posted');
    expect(channel.messages).toHaveLength(1);
    const posted = db.prepare('SELECT count(*) AS n FROM digest_posts').get() as { n: number };
    expect(posted.n).toBe(3);
    // The late paper goes out the next day, once.
    now = new Date(now.getTime() + 86_400_000);
    const next = await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111'),
      '2026-03-11',
    );
    expect(next.kind === 'posted' && next.content.items.map((i) => i.title)).toEqual([
      'A Late Long Context Paper',
    ]);
  });

  it('GIVEN nothing new for the channel THEN nothing is posted', async () => {
    const channel = fakeChannel();
    await runChannelDigest(deps(channel.post), sub('111111111111111111'), '2026-03-10');
    const again = await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111'),
      '2026-03-11',
    );
    expect(again.kind).toBe('nothing-new');
    expect(channel.messages).toHaveLength(1);
  });

  it('GIVEN two channels with different topics THEN each gets its own papers', async () => {
    const channel = fakeChannel();
    await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111', 'long context'),
      '2026-03-10',
    );
    await runChannelDigest(
      deps(channel.post),
      sub('222222222222222222', 'preference optimization'),
      '2026-03-10',
    );
    const [a, b] = channel.messages.map((m) => m.content.items.map((i) => i.title));
    expect(a).toEqual(['Long Context Retrieval Heads', 'Efficient Long Context Attention']);
    expect(b).toEqual(['Direct Preference Optimization Revisited']);
  });

  it('GIVEN more papers than fit THEN the message stays within limits and counts the rest', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      paper(
        `Paper ${i} ${'with a long title '.repeat(8)}`,
        `${'Sentence with words. '.repeat(5)}${A}`,
        { upvotes: i },
      ),
    );
    ingest(db, many, { now });
    const channel = fakeChannel();
    await runChannelDigest(
      deps(channel.post),
      { ...sub('111111111111111111'), count: 25 },
      '2026-03-10',
    );
    const message = formatDigest(channel.messages[0]!.content);
    expect(message.embeds[0]!.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embedLength(message.embeds[0]!)).toBeLessThanOrEqual(LIMITS.embedTotal);
    // 43 papers qualify (40 and the 3 of every test), 25 are chosen, fewer fit; the first 12
    // shown have their votes (👍, 👎) and the buttons left over go to "Ask #n", within 25.
    const shown = message.embeds[0]!.description!.match(/^\*\*\d+\. /gm)!.length;
    expect(shown).toBeLessThan(25);
    const labels = message.components.flatMap((row) =>
      row.components.map((b) => ('label' in b ? (b.label ?? '') : '')),
    );
    const voted = Math.min(shown, 12);
    expect(labels.filter((l) => l.startsWith('👍'))).toHaveLength(voted);
    expect(labels.filter((l) => l.startsWith('Ask'))).toHaveLength(Math.min(voted, 25 - 2 * voted));
    expect(labels.slice(0, 3)).toEqual(['Ask #1', '👍 #1', '👎 #1']);
    expect(message.embeds[0]!.description).toMatch(
      new RegExp(`\\n\\n… and ${43 - shown} more — /search to see them$`),
    );
    expect(message.components.length).toBeLessThanOrEqual(5);
    for (const row of message.components) expect(row.components.length).toBeLessThanOrEqual(5);
  });

  it('GIVEN 10 short papers (the default count) THEN every one gets 👍 / 👎 and the first five "Ask #n"; GIVEN 20 THEN the first 12 get votes, the first one Ask', () => {
    const content = (n: number) => ({
      channelId: null,
      date: '2026-03-10',
      topic: null,
      more: 0,
      items: Array.from({ length: n }, (_, i) => ({
        id: `paper${String(i).padStart(3, '0')}`,
        title: `Paper ${i + 1}`,
        link: `https://arxiv.org/abs/2401.0000${i}`,
        date: '2026-03-09',
        upvotes: n - i,
        summary: 'One sentence.',
      })),
    });
    const labelsOf = (n: number) =>
      formatDigest(content(n)).components.flatMap((row) =>
        row.components.map((b) => ('label' in b ? (b.label ?? '') : '')),
      );
    const ten = labelsOf(10);
    expect(ten).toHaveLength(25);
    for (let n = 1; n <= 10; n++) {
      expect(ten).toContain(`👍 #${n}`);
      expect(ten).toContain(`👎 #${n}`);
    }
    expect(ten.filter((l) => l.startsWith('Ask'))).toEqual([1, 2, 3, 4, 5].map((n) => `Ask #${n}`));
    const twenty = labelsOf(20);
    expect(twenty.filter((l) => l.startsWith('👍'))).toEqual(
      Array.from({ length: 12 }, (_, i) => `👍 #${i + 1}`),
    );
    expect(twenty.filter((l) => l.startsWith('Ask'))).toEqual(['Ask #1']);
    const eight = labelsOf(8);
    expect(eight.filter((l) => l.startsWith('Ask'))).toHaveLength(8);
    expect(eight.slice(0, 6)).toEqual(['Ask #1', '👍 #1', '👎 #1', 'Ask #2', '👍 #2', '👎 #2']);
  });

  it('GIVEN more papers than the count THEN the message and the terminal digest say exactly how many more; GIVEN fewer THEN neither says more', async () => {
    const channel = fakeChannel();
    const few = await runChannelDigest(deps(channel.post), sub('111111111111111111'), '2026-03-10');
    expect(few.kind === 'posted' && few.content.more).toBe(0);
    expect(formatDigest(channel.messages[0]!.content).embeds[0]!.description).not.toMatch(/more/);
    expect(digestText(channel.messages[0]!.content)).not.toMatch(/more/);

    ingest(
      db,
      Array.from({ length: 12 }, (_, i) => paper(`Short Paper ${i}`, `Short ${i}. ${A}`)),
      { now: new Date(now.getTime() + 1000) },
    );
    now = new Date(now.getTime() + 86_400_000);
    const many = await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111'),
      '2026-03-11',
    );
    expect(many.kind).toBe('posted');
    const content = channel.messages[1]!.content;
    expect(content.items).toHaveLength(10);
    expect(content.more).toBe(2);
    expect(formatDigest(content).embeds[0]!.description).toMatch(
      /\n\n… and 2 more — \/search to see them$/,
    );
    expect(digestText(content)).toMatch(/\n… and 2 more\.\n$/);
  });

  it('GIVEN a big batch and a crash after the send THEN the retry posts exactly what the first attempt chose, "… and N more" included', async () => {
    ingest(
      db,
      Array.from({ length: 250 }, (_, i) =>
        paper(`Batch Paper ${i}`, `Batch abstract ${i}. ${A}`, { upvotes: i }),
      ),
      { now },
    );
    const attempts: DigestContent[] = [];
    let crash = true;
    const post: DigestDeps['post'] = async (content) => {
      attempts.push(content);
      if (crash) {
        crash = false;
        throw new Error('process killed after Discord accepted the message');
      }
      return { messageId: '1000000000000000001' };
    };
    const s = sub('111111111111111111');
    await expect(runChannelDigest(deps(post), s, '2026-03-10')).rejects.toThrow(/killed/);
    expect(await runChannelDigest(deps(post), s, '2026-03-10')).toMatchObject({ kind: 'posted' });
    const [first, retry] = attempts.map((c) => formatDigest(c).embeds[0]!.description!);
    expect(first).toMatch(/… and 243 more/);
    expect(retry).toBe(first);
  });
});

describe('a digest run interrupted between the send and its record', () => {
  const s = sub('111111111111111111');
  /** A first attempt that Discord accepted and the process did not record. */
  const crashedAttempt = async () => {
    const sent: { nonce: string }[] = [];
    const post: DigestDeps['post'] = async (_content, nonce) => {
      sent.push({ nonce });
      throw new Error('process killed after Discord accepted the message');
    };
    await expect(runChannelDigest(deps(post), s, '2026-03-10')).rejects.toThrow(/killed/);
    return sent;
  };
  const startedAt = () => new Date(now);

  it('GIVEN its message found in the channel THEN that message is recorded, nothing is sent again, and the day is done', async () => {
    await crashedAttempt();
    const started = startedAt();
    now = new Date(now.getTime() + 600_000);
    const asked: [string, string, string][] = [];
    const channel = fakeChannel();
    const retry = await runChannelDigest(
      {
        ...deps(channel.post),
        findPosted: async (channelId, nonce, since) => {
          asked.push([channelId, nonce, since.toISOString()]);
          return { messageId: '1000000000000000042' };
        },
      },
      s,
      '2026-03-10',
    );
    expect(asked).toEqual([
      [
        '111111111111111111',
        digestNonce('111111111111111111', '2026-03-10'),
        started.toISOString(),
      ],
    ]);
    expect(retry).toMatchObject({
      kind: 'posted',
      messageId: '1000000000000000042',
      recovered: true,
    });
    expect(retry.kind === 'posted' && retry.content.items.map((i) => i.upvotes)).toEqual([9, 5, 2]);
    expect(channel.messages).toEqual([]);
    const message = db
      .prepare(
        "SELECT message_id FROM digest_runs WHERE channel_id = ? AND local_date = '2026-03-10'",
      )
      .pluck()
      .get('111111111111111111');
    expect(message).toBe('1000000000000000042');
    expect(await runChannelDigest(deps(channel.post), s, '2026-03-10')).toEqual({
      kind: 'already-done',
    });
    expect(await runChannelDigest(deps(channel.post), s, '2026-03-11').then((r) => r.kind)).toBe(
      'nothing-new',
    );
  });

  it('GIVEN its message not found in the channel THEN it is sent again, with the same nonce, and recorded', async () => {
    const first = await crashedAttempt();
    const channel = fakeChannel();
    const retry = await runChannelDigest(
      { ...deps(channel.post), findPosted: async () => null },
      s,
      '2026-03-10',
    );
    expect(retry).toMatchObject({ kind: 'posted', messageId: channel.messages[0]!.id });
    expect(retry).not.toHaveProperty('recovered');
    expect(channel.messages.map((m) => m.nonce)).toEqual(first.map((f) => f.nonce));
  });

  it('GIVEN the lookup fails THEN the run fails, nothing is sent, and the next attempt can still post', async () => {
    await crashedAttempt();
    const channel = fakeChannel();
    const failing: DigestDeps = {
      ...deps(channel.post),
      findPosted: async () => {
        throw new Error('Discord said 500');
      },
    };
    await expect(runChannelDigest(failing, s, '2026-03-10')).rejects.toThrow(/500/);
    expect(channel.messages).toEqual([]);
    const retry = await runChannelDigest(deps(channel.post), s, '2026-03-10');
    expect(retry.kind).toBe('posted');
    expect(channel.messages).toHaveLength(1);
  });

  it("GIVEN a first attempt THEN the channel's history is not searched", async () => {
    const channel = fakeChannel();
    let searched = 0;
    const first = await runChannelDigest(
      {
        ...deps(channel.post),
        findPosted: async () => {
          searched++;
          return { messageId: 'never' };
        },
      },
      s,
      '2026-03-10',
    );
    expect(searched).toBe(0);
    expect(first).toMatchObject({ kind: 'posted', messageId: channel.messages[0]!.id });
  });
});

describe('the digest nonce', () => {
  it("GIVEN a channel and a day THEN always the same nonce, within Discord's 25 characters, and another for another channel or day", () => {
    const nonce = digestNonce('111111111111111111', '2026-03-10');
    expect(nonce).toMatch(/^dg[0-9a-f]{22}$/);
    expect(digestNonce('111111111111111111', '2026-03-10')).toBe(nonce);
    expect(digestNonce('222222222222222222', '2026-03-10')).not.toBe(nonce);
    expect(digestNonce('111111111111111111', '2026-03-11')).not.toBe(nonce);
  });
});

describe('the terminal digest (paperbot digest)', () => {
  const options: Parameters<typeof terminalDigest>[1] = {
    count: 10,
    topic: null,
    dryRun: false,
    localDate: '2026-03-10',
  };
  const titles = (content: DigestContent) => content.items.map((i) => i.title);
  const terminal = (over: Partial<typeof options> = {}) =>
    terminalDigest(deps(fakeChannel().post), { ...options, ...over });

  it('GIVEN a dry run THEN the papers no digest had, for no channel, and nothing recorded', async () => {
    const dry = await terminal({ dryRun: true });
    expect(dry).toMatchObject({ channelId: null, date: '2026-03-10', topic: null, more: 0 });
    expect(titles(dry)).toEqual([
      'Direct Preference Optimization Revisited',
      'Long Context Retrieval Heads',
      'Efficient Long Context Attention',
    ]);
    expect(titles(await terminal({ dryRun: true }))).toEqual(titles(dry));
  });

  it('GIVEN a digest printed THEN the next one has only papers added since; a channel still gets them', async () => {
    expect(titles(await terminal())).toHaveLength(3);
    expect(titles(await terminal())).toEqual([]);
    ingest(db, [paper('A Paper Added Later', `Later. ${A}`)], {
      now: new Date(now.getTime() + 1000),
    });
    now = new Date(now.getTime() + 60_000);
    expect(titles(await terminal())).toEqual(['A Paper Added Later']);
    const channel = fakeChannel();
    const posted = await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111'),
      '2026-03-10',
    );
    expect(posted.kind === 'posted' && posted.content.items).toHaveLength(4);
  });

  it('GIVEN a count and a topic THEN only papers on it, up to the count, and how many more', async () => {
    const onTopic = await terminal({ count: 1, topic: 'long context' });
    expect(onTopic).toMatchObject({ topic: 'long context', more: 1 });
    expect(titles(onTopic)).toEqual(['Long Context Retrieval Heads']);
    // Only the one printed is recorded: the one that did not fit comes next time.
    expect(titles(await terminal({ topic: 'long context' }))).toEqual([
      'Efficient Long Context Attention',
    ]);
  });

  it('GIVEN digests printed at two times, and one with nothing new THEN each printing is its own finished run of "terminal", which /healthz leaves out', async () => {
    const runs = () =>
      db
        .prepare('SELECT channel_id, local_date, status FROM digest_runs ORDER BY local_date')
        .all();
    expect(titles(await terminal({ count: 1 }))).toHaveLength(1);
    const first = now.toISOString();
    now = new Date(now.getTime() + 60_000);
    expect(titles(await terminal({ count: 1 }))).toHaveLength(1);
    now = new Date(now.getTime() + 60_000);
    expect(titles(await terminal({ count: 1 }))).toHaveLength(1);
    now = new Date(now.getTime() + 60_000);
    // Nothing left: nothing recorded.
    expect(titles(await terminal())).toEqual([]);
    expect(runs()).toEqual(
      [0, 1, 2].map((i) => ({
        channel_id: 'terminal',
        local_date: `terminal:${new Date(Date.parse(first) + i * 60_000).toISOString()}`,
        status: 'done',
      })),
    );
    expect(writerStatus(db).digest).toBeNull();
  });

  it('GIVEN a channel already had a paper THEN the terminal digest skips it too', async () => {
    const channel = fakeChannel();
    await runChannelDigest(
      deps(channel.post),
      sub('111111111111111111', 'preference optimization'),
      '2026-03-10',
    );
    expect(titles(await terminal({ dryRun: true }))).toEqual([
      'Long Context Retrieval Heads',
      'Efficient Long Context Attention',
    ]);
  });
});
