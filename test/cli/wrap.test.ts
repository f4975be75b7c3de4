import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWrapper, wrapText } from '../../src/cli/wrap.js';
import { tempDir } from '../support/library.js';
import { cli } from '../support/run-cli.js';

/**
 * What a terminal shows: no escape sequences (colour, hyperlink targets), and a line
 * redrawn after a carriage return (the spinner) shows its last drawing.
 */
const visible = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- escape sequences are what is removed
    .replace(/\u001b\]8;;[^\u001b]*\u001b\\/g, '')
    // eslint-disable-next-line no-control-regex -- as above
    .replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1))
    .join('\n');

describe('wrapping to the terminal', () => {
  it('GIVEN text wider than the terminal THEN it breaks at spaces, keeping [n] whole', () => {
    const text =
      'Speculative decoding drafts tokens with a small model and checks them [1] at once.';
    expect(wrapText(text, 30)).toBe(
      'Speculative decoding drafts\ntokens with a small model and\nchecks them [1] at once.',
    );
    expect(wrapText(text, undefined)).toBe(text);
  });

  it('GIVEN the same text streamed in pieces split mid-word and mid-citation THEN the same lines', () => {
    const text =
      'Speculative decoding drafts tokens with a small model and checks them [1] at once.';
    const wrapper = createWrapper(30);
    const pieces = [
      'Specul',
      'ative decoding drafts tok',
      'ens with a small model and checks them [',
      '1] at',
      ' once.',
    ];
    const streamed = pieces.map((p) => wrapper.push(p)).join('') + wrapper.end();
    expect(streamed).toBe(wrapText(text, 30));
  });

  it('GIVEN a word longer than the width THEN it has a line of its own, unbroken', () => {
    expect(wrapText('see https://example.org/a/very/long/path/indeed for more', 20)).toBe(
      'see\nhttps://example.org/a/very/long/path/indeed\nfor more',
    );
  });
});

describe('paperbot ask and chat on a terminal', () => {
  let env: Record<string, string>;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    env = { DB_PATH: join(t.dir, 'paperbot.db') };
  });
  afterEach(() => cleanup());

  const question = 'how do reward models end up preferring longer answers';

  it('GIVEN a 60-column terminal THEN every line of the answer and its sources fits, and links are one short line', async () => {
    const run = await cli(['ask', question], env, '', { columns: 60 });
    expect(run.code).toBe(0);
    const lines = visible(run.stdout).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines.some((line) => /^\s*\]/.test(line) || /\[\d*$/.test(line))).toBe(false);
    // A title search link is long (the title, encoded): a short hyperlinked text shows instead.
    expect(run.stdout).not.toMatch(/\n {4}https:\/\/arxiv\.org\/search/);
    expect(run.stdout).toMatch(
      // eslint-disable-next-line no-control-regex -- a terminal hyperlink is escape sequences
      /\u001b\]8;;https:\/\/arxiv\.org\/search\/\?searchtype=title&query=[^\u001b]+\u001b\\arXiv search for this title\u001b\]8;;\u001b\\/,
    );
  });

  it('GIVEN a pipe THEN the answer is not wrapped and links are whole', async () => {
    const run = await cli(['ask', question], env);
    expect(run.stdout).toMatch(
      /\n {4}https:\/\/arxiv\.org\/search\/\?searchtype=title&query=\S+\n/,
    );
    expect(run.stdout).not.toContain('\u001b');
  });

  it('GIVEN chat on a 50-column terminal THEN the streamed answer wraps after its "bot › " prompt', async () => {
    const run = await cli(['chat'], env, `${question}\n/quit\n`, { columns: 50 });
    expect(run.code).toBe(0);
    const lines = visible(run.stdout).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(run.stdout).toMatch(/bot › \S/);
  });
});
