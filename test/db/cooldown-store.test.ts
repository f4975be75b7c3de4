import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCooldownStore } from '../../src/db/cooldown-store.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createCooldowns } from '../../src/discord/cooldowns.js';
import { tempDir } from '../support/library.js';

describe('cooldowns shared through the library', () => {
  it('GIVEN two processes’ connections to one library THEN a user asking through either waits out one cooldown', () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'db.sqlite');
    const shard0 = createCooldowns(10, createCooldownStore(openDatabase(path).db));
    const shard1 = createCooldowns(10, createCooldownStore(openDatabase(path).db));
    const t = (s: number) => new Date(Date.UTC(2026, 2, 10, 9, 0, s));
    expect(shard0.take('u1', t(0))).toBe(0);
    expect(shard1.take('u1', t(4))).toBe(6000);
    expect(shard1.take('u2', t(4))).toBe(0);
    expect(shard0.take('u1', t(9))).toBe(1000);
    // A refused question does not extend the wait.
    expect(shard1.take('u1', t(10))).toBe(0);
    expect(shard0.take('u1', t(12))).toBe(8000);
    cleanup();
  });

  it('GIVEN a cooldown of 0 THEN nobody waits', () => {
    const { db } = openDatabase(':memory:');
    const none = createCooldowns(0, createCooldownStore(db));
    expect(none.take('u1', new Date(0))).toBe(0);
    expect(none.take('u1', new Date(0))).toBe(0);
  });
});
