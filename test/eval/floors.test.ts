import { describe, expect, it } from 'vitest';
import { belowFloors } from '../../src/eval/floors.js';

describe('the quality floors', () => {
  const floors = {
    'dev-questions-2': { hitAt1: 0.781, hitAt5: 0.906, falseNotFound: 0.089 },
    'dev-nearmiss': { notFound: 0.5 },
  };

  it('GIVEN every figure at or above its floor (and not-found at or below its ceiling) THEN nothing is reported', () => {
    expect(
      belowFloors(
        {
          'dev-questions-2': { hitAt1: 0.7812, hitAt5: 0.95, falseNotFound: 0.0889 },
          'dev-nearmiss': { notFound: 0.5 },
          'dev-new-set-without-floor': { hitAt1: 0.1 },
        },
        floors,
      ),
    ).toEqual([]);
  });

  it('GIVEN a figure that dropped, false not-found that rose, or a set not measured THEN each is named', () => {
    expect(
      belowFloors(
        { 'dev-questions-2': { hitAt1: 0.7804, hitAt5: 0.906, falseNotFound: 0.0895 } },
        floors,
      ),
    ).toEqual([
      'dev-questions-2 hitAt1: 0.780 below its floor 0.781',
      'dev-questions-2 falseNotFound: 0.090 above its ceiling 0.089',
      'dev-nearmiss: not measured (the floor file names it)',
    ]);
  });

  it('GIVEN a floor for a figure the set does not report THEN that is named too', () => {
    expect(belowFloors({ 'dev-nearmiss': {} }, { 'dev-nearmiss': { notFound: 0.5 } })).toEqual([
      'dev-nearmiss notFound: not measured',
    ]);
  });
});
