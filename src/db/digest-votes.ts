import type { Db } from './open-database.js';

export interface LikedPaper {
  id: string;
  title: string;
  up: number;
  down: number;
}

/** 👍 / 👎 on digest papers, per channel (migration 13). */
export interface DigestVotes {
  /**
   * One vote per user, paper and channel; a second replaces the first. Returns the paper's
   * title, or undefined when no paper has this id.
   */
  vote(
    channelId: string,
    paperId: string,
    userId: string,
    vote: 1 | -1,
    now: Date,
  ): string | undefined;
  /** The channel's papers with more 👍 than 👎, most liked first. */
  mostLiked(channelId: string, limit: number): LikedPaper[];
  /** Each voted paper's net votes (👍 − 👎) in the channel, by rowid; none is 0. */
  net(channelId: string): Map<number, number>;
}

export function createDigestVotes(db: Db): DigestVotes {
  const paper = db.prepare<[string], { rowid: number; title: string }>(
    'SELECT rowid, title FROM papers WHERE id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO digest_votes (channel_id, paper_rowid, user_id, vote, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (channel_id, paper_rowid, user_id) DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at`,
  );
  const tallies = db.prepare<
    [string],
    { rowid: number; id: string; title: string; up: number; down: number }
  >(
    `SELECT p.rowid, p.id, p.title, sum(v.vote = 1) AS up, sum(v.vote = -1) AS down
       FROM digest_votes v JOIN papers p ON p.rowid = v.paper_rowid
      WHERE v.channel_id = ?
      GROUP BY p.rowid
      ORDER BY sum(v.vote) DESC, up DESC, p.title`,
  );
  return {
    vote(channelId, paperId, userId, vote, now) {
      const found = paper.get(paperId);
      if (!found) return undefined;
      upsert.run(channelId, found.rowid, userId, vote, now.toISOString());
      return found.title;
    },
    mostLiked: (channelId, limit) =>
      tallies
        .all(channelId)
        .filter((t) => t.up > t.down)
        .slice(0, limit)
        .map(({ id, title, up, down }) => ({ id, title, up, down })),
    net: (channelId) =>
      new Map(
        tallies
          .all(channelId)
          .filter((t) => t.up !== t.down)
          .map((t) => [t.rowid, t.up - t.down]),
      ),
  };
}
