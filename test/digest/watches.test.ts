import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { createWatchStore, type WatchStore } from '../../src/db/watch-store.js';
import { createWatches, MAX_WATCHES, type Watches } from '../../src/digest/watches.js';
import { UserFacingError } from '../../src/errors.js';

const ANN = '300000000000000001';
const BOB = '300000000000000002';
let store: WatchStore;
let watches: Watches;
let tick = 0;

beforeEach(() => {
  store = createWatchStore(openDatabase(':memory:').db);
  // Each call a second later, so "oldest first" is well defined.
  watches = createWatches({ store, clock: () => new Date(Date.UTC(2026, 2, 10, 8, 0, tick++)) });
});

/** The message a refused call gives the user. */
function refusal(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof UserFacingError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('/watch add, list, remove', () => {
  it('GIVEN two topics added THEN the list shows both, oldest first, out of 10', () => {
    expect(watches.add(ANN, '  long   context ')).toMatch(/^Watching “long context”/);
    watches.add(ANN, 'speculative decoding');
    expect(watches.list(ANN)).toBe(
      'You watch 2 of 10 topics:\n• long context\n• speculative decoding',
    );
    expect(watches.list(BOB)).toMatch(/^You watch no topic yet/);
  });

  it('GIVEN two topics whose words run together the same ("reward modeling", "modelingre ward") THEN both are watched, not one taken for the other', () => {
    watches.add(ANN, 'reward modeling');
    expect(watches.add(ANN, 'modelingre ward')).toMatch(/^Watching “modelingre ward”/);
    expect(watches.list(ANN)).toBe(
      'You watch 2 of 10 topics:\n• reward modeling\n• modelingre ward',
    );
  });

  it('GIVEN 10 topics THEN the 11th is refused with a clear message and the 10 are kept', () => {
    for (let i = 0; i < MAX_WATCHES; i++) watches.add(ANN, `topic number${i}`);
    expect(refusal(() => watches.add(ANN, 'one too many'))).toBe(
      'You already watch 10 topics, the most there can be: /watch remove one first.',
    );
    expect(store.count(ANN)).toBe(10);
    // Another user's limit is their own.
    expect(watches.add(BOB, 'one too many')).toMatch(/^Watching/);
  });

  it('GIVEN the same topic spelled differently THEN the second is refused as a duplicate', () => {
    watches.add(ANN, 'Long Context');
    expect(refusal(() => watches.add(ANN, 'context   LONG'))).toBe(
      'You already watch “Long Context”.',
    );
    expect(store.count(ANN)).toBe(1);
  });

  it('GIVEN an empty, an over-long or a wordless topic THEN each is refused clearly and nothing is stored', () => {
    expect(refusal(() => watches.add(ANN, '   '))).toBe(
      'Give a topic to watch, e.g. “long context”.',
    );
    expect(refusal(() => watches.add(ANN, 'x'.repeat(101)))).toBe(
      'A topic is at most 100 characters (that one has 101); a few words are enough.',
    );
    expect(refusal(() => watches.add(ANN, 'the of and'))).toMatch(
      /^“the of and” has no word a paper could be matched on \(those are all very common words/,
    );
    expect(watches.add(ANN, `${'w'.repeat(50)} ${'v'.repeat(49)}`)).toMatch(/^Watching/);
    expect(store.count(ANN)).toBe(1);
  });

  it('GIVEN a topic removed THEN it is gone, and removing one not watched says so', () => {
    watches.add(ANN, 'long context');
    watches.add(ANN, 'reward models');
    expect(watches.remove(ANN, 'Long Context')).toBe('No more alerts for “long context”.');
    expect(watches.list(ANN)).toBe('You watch 1 of 10 topics:\n• reward models');
    expect(refusal(() => watches.remove(ANN, 'long context'))).toBe(
      'You do not watch “long context”; /watch list shows your topics.',
    );
    expect(refusal(() => watches.remove(BOB, 'reward models'))).toMatch(/^You do not watch/);
    expect(refusal(() => watches.remove(ANN, 'the'))).toMatch(/^You do not watch “the”/);
  });

  it('GIVEN a user typing in /watch remove THEN the choices are their own topics containing the text', () => {
    watches.add(ANN, 'long context');
    watches.add(ANN, 'context distillation');
    watches.add(ANN, 'reward models');
    watches.add(BOB, 'context windows');
    expect(watches.choices(ANN, 'CONTEXT')).toEqual(['long context', 'context distillation']);
    expect(watches.choices(ANN, '')).toHaveLength(3);
    expect(watches.choices(BOB, 'reward')).toEqual([]);
  });

  it('GIVEN a topic with capitals, and a user typing spaces and lower case THEN it is a choice', () => {
    watches.add(ANN, 'Long Context');
    expect(watches.choices(ANN, ' long ')).toEqual(['Long Context']);
  });

  it('GIVEN a topic typed in full-width letters THEN it is kept and matched as plain letters', () => {
    expect(watches.add(ANN, 'ｌｏｎｇ　ｃｏｎｔｅｘｔ')).toMatch(/^Watching “long context”/);
    expect(refusal(() => watches.add(ANN, 'long context'))).toBe(
      'You already watch “long context”.',
    );
  });
});
