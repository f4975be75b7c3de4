import { describe, expect, it } from 'vitest';
import { differenceOffline } from '../../src/answer/compare-difference.js';

const draft = {
  name: 'DraftSpec',
  title: 'DraftSpec: Faster Decoding with Tiny Drafters',
  abstract:
    'We propose DraftSpec, a speculative decoding scheme in which a tiny drafter proposes tokens. It reaches a 2.5x speed-up.',
};
const reward = {
  name: 'RM',
  title: 'Reward Models Prefer Verbose Answers',
  abstract: 'We show that reward models prefer longer answers regardless of quality.',
};

describe('differenceOffline: how two abstracts differ, offline', () => {
  it('GIVEN the paper with a figure second THEN it is the one named as giving one', () => {
    expect(differenceOffline(reward, draft)).toBe(
      'RM [1] centres on reward, prefer and answers; DraftSpec [2] on draftspec, decoding and tiny. Only [2] gives a figure in its abstract.',
    );
  });

  it('GIVEN a figure in both abstracts THEN no sentence about figures', () => {
    const other = { ...reward, abstract: `${reward.abstract} The bias grows by 30% with size.` };
    expect(differenceOffline(draft, other)).not.toMatch(/figure/);
  });

  it('GIVEN two abstracts with the same words THEN it says so, and names at most two they share', () => {
    expect(differenceOffline(draft, { ...draft, name: 'Twin' })).toBe(
      'DraftSpec [1] and Twin [2] use much the same words in their abstracts. Both deal with draftspec and decoding.',
    );
  });

  it('GIVEN one word of its own each THEN each is named alone', () => {
    expect(
      differenceOffline(
        { name: 'X', title: 'Alpha', abstract: 'We study it.' },
        { name: 'Y', title: 'Beta', abstract: 'We study it.' },
      ),
    ).toBe('X [1] centres on alpha; Y [2] on beta. Neither abstract gives a figure.');
  });

  it('GIVEN numbers and words under four letters THEN they are never named', () => {
    const text = differenceOffline(
      { name: 'X', title: 'Gate', abstract: 'In 2024 the MoE gate saw 1000s of GPU runs.' },
      { name: 'Y', title: 'Pruning', abstract: 'We prune.' },
    );
    expect(text).toBe(
      'X [1] centres on gate and runs; Y [2] on pruning. Neither abstract gives a figure.',
    );
  });

  it('GIVEN a word both share, heavy in one only, and one both use often THEN the one both use often comes first', () => {
    const a = {
      name: 'A',
      title: 'Cache Pruning',
      abstract: 'Cache pruning keeps tokens; evicted tokens return.',
    };
    const b = {
      name: 'B',
      title: 'Speculative Drafting',
      abstract: 'Drafting tokens with a cache; tokens verified later.',
    };
    expect(differenceOffline(a, b)).toMatch(/Both deal with tokens and cache\./);
  });

  it('GIVEN words nearly every abstract uses, however often THEN they never tell two papers apart', () => {
    const generic =
      'Results show performance on new tasks, based on existing large language models; ' +
      'significantly, the framework and experiments demonstrate effective, various improvements. ';
    const text = differenceOffline(
      { name: 'X', title: 'Gate', abstract: generic.repeat(3) + 'A gate.' },
      { name: 'Y', title: 'Pruning', abstract: 'We prune.' },
    );
    expect(text).toBe(
      'X [1] centres on gate and improvements; Y [2] on pruning. Neither abstract gives a figure.',
    );
  });

  it('GIVEN a paper whose words are all the other’s THEN it says they use the same words, never an empty list', () => {
    const wide = { name: 'Wide', title: 'Cache Pruning', abstract: 'Cache pruning for decoding.' };
    const narrow = { name: 'Narrow', title: 'Cache', abstract: 'Pruning the cache.' };
    expect(differenceOffline(wide, narrow)).toBe(
      'Wide [1] and Narrow [2] use much the same words in their abstracts. Both deal with cache and pruning. Neither abstract gives a figure.',
    );
  });

  it('GIVEN a name with digits after its first letter ("H100", "Llama3") THEN it can tell the papers apart', () => {
    expect(
      differenceOffline(
        { name: 'X', title: 'Kernels', abstract: 'Kernels for H100.' },
        { name: 'Y', title: 'Kernels', abstract: 'Kernels for Llama3.' },
      ),
    ).toBe(
      'X [1] centres on h100; Y [2] on llama3. Both deal with kernels. Neither abstract gives a figure.',
    );
  });
});
