/** One paper as a digest shows it. */
export interface DigestItem {
  id: string;
  title: string;
  link: string;
  date: string | null;
  upvotes: number | null;
  summary: string;
}

/** A digest as every surface renders it (Discord message, terminal text, JSON). */
export interface DigestContent {
  channelId: string | null;
  /** The local day the digest is for. */
  date: string;
  topic: string | null;
  items: DigestItem[];
  /** Papers that qualified but did not fit `count`. */
  more: number;
}

export type Summarize = (paper: { title: string; abstract: string }) => Promise<string>;
