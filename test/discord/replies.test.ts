import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { createCooldowns } from '../../src/discord/cooldowns.js';
import { cooldownReply, failureReply } from '../../src/discord/replies.js';
import { UserFacingError } from '../../src/errors.js';

function capture() {
  let logs = '';
  const sink = new Writable({ write: (chunk, _e, done) => ((logs += String(chunk)), done()) });
  return { log: createLogger('info', sink), logs: () => logs };
}

describe('what a failure tells the user', () => {
  it('GIVEN an expected failure THEN its own message, and nothing is logged as an error', () => {
    const { log, logs } = capture();
    expect(failureReply(new UserFacingError('No paper with that id.'), log, 'interaction')).toEqual(
      {
        outcome: 'refused',
        message: 'No paper with that id.',
      },
    );
    expect(logs()).toBe('');
  });

  it('GIVEN an unexpected failure THEN an error id the user can quote, which the log carries with the error', () => {
    const { log, logs } = capture();
    const reply = failureReply(new Error('database is on fire'), log, 'message');
    expect(reply.outcome).toBe('error');
    const id = /error id `([0-9a-f]{8})`/.exec(reply.message)?.[1];
    expect(id).toBeDefined();
    expect(reply.message).not.toContain('fire');
    const line = JSON.parse(logs()) as { msg: string; errorId: string; err: { message: string } };
    expect(line).toMatchObject({
      msg: 'message failed',
      errorId: id,
      err: { message: 'database is on fire' },
    });
  });
});

describe('the cooldown reply', () => {
  it('GIVEN a second question within the window THEN one text says when to try again; after it, none', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const ctx = { cooldowns: createCooldowns(10), clock: () => now };
    expect(cooldownReply(ctx, 'u1')).toBeUndefined();
    now = new Date('2026-01-01T00:00:03Z');
    expect(cooldownReply(ctx, 'u1')).toBe(
      `You're asking a little fast. Try again <t:${Date.parse('2026-01-01T00:00:10Z') / 1000}:R> (in 7 s).`,
    );
    expect(cooldownReply(ctx, 'u2')).toBeUndefined();
    now = new Date('2026-01-01T00:00:10Z');
    expect(cooldownReply(ctx, 'u1')).toBeUndefined();
  });
});
