import type { Db } from '../db/open-database.js';
import { createDigestVotes } from '../db/digest-votes.js';
import { papersOnTopic } from '../search/topic-filter.js';
import { orderByTaste } from './taste.js';

export interface DigestPaper {
  rowid: number;
  id: string;
  title: string;
  abstract: string;
  published: string | null;
  dateRaw: string | null;
  upvotes: number | null;
  arxivId: string | null;
}

export interface DigestSelection {
  papers: DigestPaper[];
  /** Papers that qualified beyond `count`. */
  more: number;
}

export interface SelectOptions {
  /** The channel the digest is for; null: the terminal digest, which skips papers any digest had. */
  channelId: string | null;
  /** Only papers that entered the library after this instant (ISO). */
  since: string | null;
  topic: string | null;
  count: number;
}

/**
 * The papers a digest shows: new since the channel's previous digest and never posted
 * there before, on the topic when there is one, most upvoted first, then
 * newest; in a channel that voted on its digests, papers like its liked ones first
 * (src/digest/taste.ts).
 */
export function selectDigestPapers(db: Db, options: SelectOptions): DigestSelection {
  const rows = db
    .prepare<
      [{ channel: string | null; since: string | null }],
      DigestPaper & { published: string | null }
    >(
      `SELECT p.rowid, p.id, p.title, p.abstract, p.published, p.date_raw AS dateRaw, p.upvotes, p.arxiv_id AS arxivId
         FROM papers p
        WHERE (@since IS NULL OR p.added_at > @since)
          AND NOT EXISTS (SELECT 1 FROM digest_posts d WHERE d.paper_rowid = p.rowid
                          AND (@channel IS NULL OR d.channel_id = @channel))
        ORDER BY coalesce(p.upvotes, -1) DESC, coalesce(p.published, '') DESC, p.title`,
    )
    .all({ channel: options.channelId, since: options.since });
  let papers = rows;
  if (options.topic) {
    const onTopic = papersOnTopic(
      db,
      options.topic,
      rows.map((p) => p.rowid),
    );
    papers = rows.filter((p) => onTopic.has(p.rowid));
  }
  if (options.channelId) {
    const net = createDigestVotes(db).net(options.channelId);
    const voted = db
      .prepare<[string], { rowid: number; title: string; abstract: string }>(
        `SELECT p.rowid, p.title, p.abstract FROM papers p
          WHERE p.rowid IN (SELECT paper_rowid FROM digest_votes WHERE channel_id = ?)`,
      )
      .all(options.channelId);
    papers = orderByTaste(papers, voted, net);
  }
  return {
    papers: papers.slice(0, options.count),
    more: Math.max(0, papers.length - options.count),
  };
}
