import { describe, expect, it } from 'vitest';
import { componentId, parseComponentId, type ComponentId } from '../../src/discord/custom-ids.js';

describe('component custom ids', () => {
  const cases: [ComponentId, string][] = [
    [{ kind: 'vote', vote: 'up', answerId: 'AbC123xy_-' }, 'fb:up:AbC123xy_-'],
    [{ kind: 'vote', vote: 'down', answerId: 'AbC123xy' }, 'fb:down:AbC123xy'],
    [{ kind: 'search-page', sessionId: 'sess-1_x', page: 3 }, 'sp:sess-1_x:3'],
    [{ kind: 'search-page', sessionId: 'sess1', page: -1 }, 'sp:sess1:-1'],
    [{ kind: 'ask-about', paperId: '7znd0yns' }, 'askp:7znd0yns'],
    [{ kind: 'ask-form', paperId: '7znd0yns' }, 'askm:7znd0yns'],
    [{ kind: 'digest-vote', vote: 'up', paperId: '7znd0yns' }, 'dv:up:7znd0yns'],
    [{ kind: 'digest-vote', vote: 'down', paperId: 'k2x9q1ab' }, 'dv:down:k2x9q1ab'],
  ];

  it.each(cases)('GIVEN %j THEN it is built as %s and read back the same', (id, wire) => {
    expect(componentId(id)).toBe(wire);
    expect(parseComponentId(wire)).toEqual(id);
  });

  it('GIVEN ids this bot never makes THEN they are read as nothing, not guessed at', () => {
    for (const wire of [
      '',
      'fb',
      'fb:sideways:abc',
      'fb:up',
      'fb:up:abc:extra',
      'sp:sess1',
      'sp:sess1:two',
      'sp:sess1:99999',
      'askp:',
      'askp:a b',
      'askm:x:y',
      'dv:up',
      'dv:meh:7znd0yns',
      'dv:down:a:b',
      'other:thing',
      `askp:${'x'.repeat(61)}`,
    ]) {
      expect(parseComponentId(wire), wire).toBeUndefined();
    }
  });

  it('GIVEN a part with the separator or too long for Discord THEN building refuses', () => {
    expect(() => componentId({ kind: 'ask-about', paperId: 'a:b' })).toThrow(/custom id/);
    expect(() => componentId({ kind: 'ask-about', paperId: 'x'.repeat(61) })).toThrow(/custom id/);
    expect(componentId({ kind: 'ask-about', paperId: 'x'.repeat(60) }).length).toBeLessThanOrEqual(
      100,
    );
  });
});
