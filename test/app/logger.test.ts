import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';

describe('logger', () => {
  it('GIVEN a token or key in a log object THEN it never reaches the output', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      {
        token: 'secret-token-1',
        config: { discordToken: 'secret-token-2', openaiApiKey: 'sk-secret-3' },
        headers: { authorization: 'Bot secret-4' },
      },
      'hello',
    );
    log.child({ command: 'ask', guild: '1' }).info({ latencyMs: 12, outcome: 'ok' }, 'interaction');
    expect(out).not.toMatch(/secret/);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[1]).toMatchObject({
      command: 'ask',
      guild: '1',
      latencyMs: 12,
      outcome: 'ok',
      msg: 'interaction',
    });
  });
});
