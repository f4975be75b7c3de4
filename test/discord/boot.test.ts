import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { loginWithRetry, networkFailure, retryDelayMs } from '../../src/discord/boot.js';

/** What fetch throws when DNS can't resolve Discord's host (no network is touched here). */
function dnsFailure(): Error {
  const cause = Object.assign(new Error('getaddrinfo ENOTFOUND discord.com'), {
    code: 'ENOTFOUND',
  });
  return new TypeError('fetch failed', { cause });
}

describe('logging in at boot', () => {
  it('GIVEN getaddrinfo ENOTFOUND twice THEN it waits 1 s, then 2 s, logs each retry, and logs in', async () => {
    let lines = '';
    const log = createLogger('info', { write: (l: string) => void (lines += l) });
    const waits: number[] = [];
    let attempts = 0;
    await loginWithRetry(
      () => (++attempts <= 2 ? Promise.reject(dnsFailure()) : Promise.resolve('ok')),
      log,
      (ms) => (waits.push(ms), Promise.resolve()),
    );
    expect(attempts).toBe(3);
    expect(waits).toEqual([1000, 2000]);
    expect(
      lines
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
    ).toEqual([
      'cannot reach Discord (ENOTFOUND); retrying in 1 s',
      'cannot reach Discord (ENOTFOUND); retrying in 2 s',
    ]);
  });

  it('GIVEN a bad token THEN no retry: the error at once', async () => {
    const log = createLogger('silent');
    const invalid = Object.assign(new Error('An invalid token was provided.'), {
      code: 'TokenInvalid',
    });
    let attempts = 0;
    await expect(
      loginWithRetry(
        () => (attempts++, Promise.reject(invalid)),
        log,
        () => Promise.resolve(),
      ),
    ).rejects.toBe(invalid);
    expect(attempts).toBe(1);
    expect(networkFailure(invalid)).toBeUndefined();
  });

  it('GIVEN many failures THEN the wait doubles up to a minute', () => {
    expect([1, 2, 3, 6, 7, 20].map(retryDelayMs)).toEqual([
      1000, 2000, 4000, 32_000, 60_000, 60_000,
    ]);
  });
});
