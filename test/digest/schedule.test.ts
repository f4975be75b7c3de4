import { describe, expect, it } from 'vitest';
import { dailyCron, dueRuns, latestOccurrence, localDay } from '../../src/digest/schedule.js';
import { subscription } from '../support/library.js';

const sub = subscription;
const noRuns = { run: () => undefined };
const at = (iso: string) => new Date(iso);

describe('digest schedule (injected clock)', () => {
  it('GIVEN 08:30 Europe/Paris in winter THEN it is due from 07:30 UTC, not before', () => {
    expect(dueRuns([sub()], noRuns, at('2026-03-10T07:29:00Z')).map((d) => d.localDate)).toEqual([
      '2026-03-09',
    ]);
    const due = dueRuns([sub()], noRuns, at('2026-03-10T07:30:00Z'));
    expect(due.map((d) => [d.localDate, d.scheduledFor.toISOString()])).toEqual([
      ['2026-03-10', '2026-03-10T07:30:00.000Z'],
    ]);
  });

  it('GIVEN the spring DST change THEN 08:30 local moves to 06:30 UTC and no day is skipped or doubled', () => {
    const days = ['2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z', '2026-03-30T12:00:00Z'].map((t) =>
      latestOccurrence(sub(), at(t))!.toISOString(),
    );
    expect(days).toEqual([
      '2026-03-28T07:30:00.000Z',
      '2026-03-29T06:30:00.000Z',
      '2026-03-30T06:30:00.000Z',
    ]);
    expect(days.map((d) => localDay(new Date(d), 'Europe/Paris'))).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
    ]);
  });

  it('GIVEN a time that does not exist on the DST day (02:30) THEN that day still gets its digest once', () => {
    const s = sub({ cron: '30 2 * * *' });
    const run = latestOccurrence(s, at('2026-03-29T12:00:00Z'))!;
    expect(localDay(run, 'Europe/Paris')).toBe('2026-03-29');
    expect(latestOccurrence(s, at('2026-03-28T12:00:00Z'))!.toISOString()).toBe(
      '2026-03-28T01:30:00.000Z',
    );
  });

  it('GIVEN the autumn DST change (01:30 happens twice in New York) THEN one run that day', () => {
    const s = sub({ cron: '30 1 * * *', tz: 'America/New_York' });
    const first = latestOccurrence(s, at('2026-11-01T05:45:00Z'))!; // 01:30 EDT
    const later = latestOccurrence(s, at('2026-11-01T06:45:00Z'))!; // 01:45 EST, after the repeat
    expect(localDay(first, s.tz)).toBe('2026-11-01');
    expect(localDay(later, s.tz)).toBe('2026-11-01');
    // Both instants fall on the same local day, and a done day is never due again.
    const done = {
      run: () => ({
        channelId: s.channelId,
        localDate: '2026-11-01',
        nonce: 'n',
        status: 'done' as const,
        startedAt: '',
        paperRowids: [],
        more: 0,
      }),
    };
    expect(dueRuns([s], done, at('2026-11-01T06:45:00Z'))).toEqual([]);
  });

  it('GIVEN the bot was down for three days THEN only the latest day is due, once', () => {
    const due = dueRuns([sub()], noRuns, at('2026-03-13T09:00:00Z'));
    expect(due.map((d) => d.localDate)).toEqual(['2026-03-13']);
  });

  it("GIVEN a subscription made after today's time THEN nothing is due until tomorrow", () => {
    expect(
      dueRuns([sub({ createdAt: '2026-03-10T10:00:00Z' })], noRuns, at('2026-03-10T11:00:00Z')),
    ).toEqual([]);
  });

  it('GIVEN a subscription made at the very instant of a run THEN that run is due', () => {
    const due = dueRuns(
      [sub({ createdAt: '2026-03-10T07:30:00Z' })],
      noRuns,
      at('2026-03-10T07:30:00Z'),
    );
    expect(due.map((d) => d.localDate)).toEqual(['2026-03-10']);
  });

  it('GIVEN a run begun but not done THEN it is still due', () => {
    const sending = {
      run: () => ({
        channelId: '111111111111111111',
        localDate: '2026-03-10',
        nonce: 'n',
        status: 'sending' as const,
        startedAt: '2026-03-10T07:30:00Z',
        paperRowids: [],
        more: 0,
      }),
    };
    expect(dueRuns([sub()], sending, at('2026-03-10T08:00:00Z')).map((d) => d.localDate)).toEqual([
      '2026-03-10',
    ]);
  });

  it('GIVEN the edges of a day THEN 00:00, 19:45 and 23:59 are times, and 08:60, 8:5 and 24:00 are not', () => {
    expect(dailyCron(' 00:00 ')).toBe('0 0 * * *');
    expect(dailyCron('19:45')).toBe('45 19 * * *');
    expect(dailyCron('23:59')).toBe('59 23 * * *');
    for (const bad of ['08:60', '8:5', '24:00', '123:00', '08:30 pm', ''])
      expect(dailyCron(bad), bad).toBeUndefined();
  });

  it('GIVEN HH:MM THEN a daily cron; anything else is refused', () => {
    expect(dailyCron('08:30')).toBe('30 8 * * *');
    expect(dailyCron('7:05')).toBe('5 7 * * *');
    expect(dailyCron('24:00')).toBeUndefined();
    expect(dailyCron('noon')).toBeUndefined();
  });
});
