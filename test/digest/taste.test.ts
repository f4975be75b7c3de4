import { beforeEach, describe, expect, it } from 'vitest';
import { createDigestVotes, type DigestVotes } from '../../src/db/digest-votes.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { selectDigestPapers } from '../../src/digest/select-papers.js';
import { orderByTaste } from '../../src/digest/taste.js';
import { ingest, paper } from '../support/library.js';

const CHANNEL = '111111111111111111';
const OTHER = '222222222222222222';
const T0 = new Date('2026-03-01T00:00:00Z');
const T1 = new Date('2026-03-10T00:00:00Z');
let db: Db;
let votes: DigestVotes;

const idOf = (title: string) =>
  db.prepare('SELECT id FROM papers WHERE title = ?').pluck().get(title) as string;
const order = (channelId: string | null) =>
  selectDigestPapers(db, {
    channelId,
    since: '2026-03-05T00:00:00Z',
    topic: null,
    count: 10,
  }).papers.map((p) => p.title);

beforeEach(() => {
  db = openDatabase(':memory:').db;
  votes = createDigestVotes(db);
  // Earlier digests' papers, which the channel voted on.
  ingest(
    db,
    [
      paper(
        'Extending Context Windows To A Million Tokens',
        'Long context language models attend over very long documents with rotary position interpolation.',
      ),
      paper(
        'Needle Retrieval In Long Context',
        'We test long context recall of facts hidden in long documents.',
      ),
      paper(
        'Diffusion For Video Frames',
        'A video diffusion model generates frames with temporal attention.',
      ),
    ],
    { now: T0 },
  );
  // Today's new papers: equally upvoted; the unrelated one comes first in the usual order (title).
  ingest(
    db,
    [
      paper(
        'A Protein Folding Benchmark',
        'We benchmark protein structure prediction on new folds.',
        { upvotes: 5 },
      ),
      paper(
        'Better Video Diffusion Sampling',
        'Fewer sampling steps for video diffusion models of frames.',
        { upvotes: 5 },
      ),
      paper(
        'Ring Attention For Long Context',
        'Long context inference over million token documents with ring attention and position interpolation.',
        { upvotes: 5 },
      ),
      paper('Most Upvoted Graph Paper', 'Graph neural networks for molecules.', { upvotes: 9 }),
    ],
    { now: T1 },
  );
});

describe('the digest order follows a channel’s votes', () => {
  it('GIVEN a channel with no votes THEN the digest keeps the usual order (upvotes, then title)', () => {
    const usual = [
      'Most Upvoted Graph Paper',
      'A Protein Folding Benchmark',
      'Better Video Diffusion Sampling',
      'Ring Attention For Long Context',
    ];
    expect(order(CHANNEL)).toEqual(usual);
    votes.vote(OTHER, idOf('Needle Retrieval In Long Context'), 'u1', 1, T1);
    // Another channel's votes change nothing here.
    expect(order(CHANNEL)).toEqual(usual);
    expect(order(null)).toEqual(usual);
  });

  it('GIVEN a channel that liked long-context papers THEN a new long-context paper comes before equally (and more) upvoted unrelated ones', () => {
    votes.vote(CHANNEL, idOf('Extending Context Windows To A Million Tokens'), 'u1', 1, T1);
    votes.vote(CHANNEL, idOf('Needle Retrieval In Long Context'), 'u2', 1, T1);
    expect(order(CHANNEL)).toEqual([
      'Ring Attention For Long Context',
      'Most Upvoted Graph Paper',
      'A Protein Folding Benchmark',
      'Better Video Diffusion Sampling',
    ]);
  });

  it('GIVEN a channel that disliked video papers THEN a new video paper goes last, the rest in the usual order', () => {
    votes.vote(CHANNEL, idOf('Diffusion For Video Frames'), 'u1', -1, T1);
    expect(order(CHANNEL)).toEqual([
      'Most Upvoted Graph Paper',
      'A Protein Folding Benchmark',
      'Ring Attention For Long Context',
      'Better Video Diffusion Sampling',
    ]);
  });

  it('GIVEN a 👍 changed to 👎 by the same user THEN one vote counts, the latest', () => {
    const id = idOf('Needle Retrieval In Long Context');
    expect(votes.vote(CHANNEL, id, 'u1', 1, T1)).toBe('Needle Retrieval In Long Context');
    votes.vote(CHANNEL, id, 'u1', -1, T1);
    expect([...votes.net(CHANNEL).values()]).toEqual([-1]);
    expect(votes.mostLiked(CHANNEL, 5)).toEqual([]);
    votes.vote(CHANNEL, id, 'u2', 1, T1);
    votes.vote(CHANNEL, id, 'u3', 1, T1);
    expect(votes.mostLiked(CHANNEL, 5)).toEqual([
      { id, title: 'Needle Retrieval In Long Context', up: 2, down: 1 },
    ]);
    expect(votes.vote(CHANNEL, 'no-such-paper', 'u1', 1, T1)).toBeUndefined();
  });
});

describe('a paper’s likeness to the channel’s votes', () => {
  const text = (rowid: number, title: string, abstract: string) => ({ rowid, title, abstract });
  const liked = text(
    1,
    'Zebra Stripes',
    'The 2024 ML of an AI on the 2024 ML of an AI, with zebra.',
  );

  it('GIVEN new papers sharing with a liked one only common words, numbers and words under three letters THEN none moves', () => {
    const fresh = [
      text(10, 'Protein Folding', 'Protein folds, measured on proteins.'),
      text(11, 'The 2024 ML Of An AI', 'The 2024 ML of an AI, on the 2024 ML of an AI, with it.'),
    ];
    expect(orderByTaste(fresh, [liked], new Map([[1, 1]])).map((p) => p.rowid)).toEqual([10, 11]);
  });

  it('GIVEN a liked paper and a new one sharing only a three-letter word ("GAN") THEN the new one moves first', () => {
    const gan = text(2, 'Gan Tricks', 'Tricks for gan training.');
    const fresh = [
      text(10, 'Protein Folding', 'Protein folds, measured on proteins.'),
      text(11, 'Gan Murals', 'Murals painted by gan.'),
    ];
    expect(orderByTaste(fresh, [gan], new Map([[2, 1]])).map((p) => p.rowid)).toEqual([11, 10]);
  });

  it('GIVEN a liked paper and a new one sharing only a word of letters and digits ("H100", "3DGS") THEN the new one moves first', () => {
    const protein = text(10, 'Protein Folding', 'Protein folds, measured on proteins.');
    const h100 = text(3, 'H100 Kernels', 'Kernels for the h100.');
    const onH100 = [protein, text(11, 'H100 Queues', 'Queues for the h100.')];
    expect(orderByTaste(onH100, [h100], new Map([[3, 1]])).map((p) => p.rowid)).toEqual([11, 10]);
    const splats = text(4, '3DGS Scenes', 'Scenes in 3dgs.');
    const on3dgs = [protein, text(12, '3DGS Avatars', 'Avatars in 3dgs.')];
    expect(orderByTaste(on3dgs, [splats], new Map([[4, 1]])).map((p) => p.rowid)).toEqual([12, 10]);
  });

  it('GIVEN a paper liked by four votes and a new one sharing one word of many with it THEN the new one is not "like" it: four votes weigh the centroid, not the likeness', () => {
    const herds = text(
      5,
      'Zebra Herds Migrate',
      'Zebra herds migrate across plains with foals, dust and rivers.',
    );
    const fresh = [
      text(20, 'Protein Folding', 'Protein folds, measured on proteins.'),
      text(
        21,
        'Wetland Ecology Survey',
        'A survey of fish, insects, algae, snails, mussels, reeds and river birds.',
      ),
    ];
    expect(orderByTaste(fresh, [herds], new Map([[5, 4]])).map((p) => p.rowid)).toEqual([20, 21]);
  });

  it('GIVEN two liked papers, one by ten votes and one by one THEN the centroid leans to the first: a new paper like only the second moves first at one vote each, not at ten to one', () => {
    const herds = text(5, 'Zebra Herds Migrate', 'Zebra herds migrate across plains.');
    const gan = text(2, 'Gan Tricks', 'Tricks for gan training.');
    const fresh = [
      text(20, 'Protein Folding', 'Protein folds, measured on proteins.'),
      text(11, 'Gan Murals', 'Murals painted by gan.'),
    ];
    const ordered = (herdVotes: number) =>
      orderByTaste(
        fresh,
        [herds, gan],
        new Map([
          [5, herdVotes],
          [2, 1],
        ]),
      ).map((p) => p.rowid);
    expect(ordered(1)).toEqual([11, 20]);
    expect(ordered(10)).toEqual([20, 11]);
  });

  it("GIVEN a long liked abstract and a new paper on its main subject THEN the new one moves first (likeness is a cosine, whatever the abstract's length)", () => {
    const survey = text(
      6,
      'Zebra Herds',
      'Zebra herds migrate across plains; we count foals, measure dust, map rivers, track lions, weigh grass, sample water, tag mares, film stallions and log rainfall over ten seasons.',
    );
    const fresh = [
      text(20, 'Protein Folding', 'Protein folds, measured on proteins.'),
      text(22, 'Zebra Herds Counted', 'Counting zebra herds from drones.'),
    ];
    expect(orderByTaste(fresh, [survey], new Map([[6, 1]])).map((p) => p.rowid)).toEqual([22, 20]);
  });

  it('GIVEN a paper the channel voted on among the candidates THEN its own vote does not move it', () => {
    const fresh = [text(10, 'Protein Folding', 'Protein folds, measured on proteins.'), liked];
    expect(orderByTaste(fresh, [liked], new Map([[1, 1]])).map((p) => p.rowid)).toEqual([10, 1]);
  });

  it('GIVEN a liked paper and a new one like it THEN the new one moves first', () => {
    const fresh = [
      text(10, 'Protein Folding', 'Protein folds, measured on proteins.'),
      text(11, 'Zebra Stripes Again', 'Zebra stripes, counted with zebra photos.'),
    ];
    expect(orderByTaste(fresh, [liked], new Map([[1, 1]])).map((p) => p.rowid)).toEqual([11, 10]);
  });
});
