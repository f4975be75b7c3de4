/**
 * Schema history. Each entry runs once, in its own transaction, and bumps
 * `PRAGMA user_version` to its index + 1. Never edit a shipped migration: add one.
 */
export const migrations: readonly string[] = [
  // 1: the paper library and its full-text index.
  `
  CREATE TABLE papers (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL UNIQUE,
    abstract TEXT NOT NULL,
    authors_count INTEGER,
    organization TEXT,
    date_raw TEXT,
    published TEXT,
    date_year_inferred INTEGER NOT NULL DEFAULT 0,
    upvotes INTEGER,
    arxiv_id TEXT,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE paper_sources (
    paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
    source TEXT NOT NULL,
    PRIMARY KEY (paper_rowid, source)
  ) WITHOUT ROWID;

  CREATE INDEX papers_added_at ON papers(added_at);

  CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, abstract,
    content = 'papers', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );

  CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
    INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.rowid, new.title, new.abstract);
  END;
  CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
      VALUES ('delete', old.rowid, old.title, old.abstract);
  END;
  CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
      VALUES ('delete', old.rowid, old.title, old.abstract);
    INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.rowid, new.title, new.abstract);
  END;
  `,
  // 2: answers given in Discord, their ratings, and the threads the bot converses in.
  `
  CREATE TABLE answers (
    id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    guild_id TEXT,
    channel_id TEXT,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX answers_guild ON answers(guild_id, created_at);

  CREATE TABLE answer_feedback (
    answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    created_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE thread_turns (
    thread_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (thread_id, seq)
  ) WITHOUT ROWID;
  `,
  // 3: daily digests: who wants one, which runs happened, and which papers each channel got.
  `
  CREATE TABLE digest_subscriptions (
    channel_id TEXT PRIMARY KEY,
    guild_id TEXT,
    cron TEXT NOT NULL,
    tz TEXT NOT NULL,
    topic TEXT,
    count INTEGER NOT NULL DEFAULT 10,
    created_at TEXT NOT NULL
  );

  CREATE TABLE digest_runs (
    channel_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    nonce TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'done')),
    paper_rowids TEXT NOT NULL DEFAULT '[]',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    message_id TEXT,
    PRIMARY KEY (channel_id, local_date)
  ) WITHOUT ROWID;

  CREATE TABLE digest_posts (
    channel_id TEXT NOT NULL,
    paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
    local_date TEXT NOT NULL,
    PRIMARY KEY (channel_id, paper_rowid)
  ) WITHOUT ROWID;
  CREATE INDEX digest_posts_paper ON digest_posts(paper_rowid);
  `,
  // 4: the full-text index is written by the ingest itself, not by triggers. FTS5 treats
  // a statement inside a trigger as a savepoint and flushes its pending index to a new
  // segment every time, once per paper: ingest ran at a third of its speed. Deletes are
  // rare and keep their trigger. Looking papers up by arXiv id gets an index.
  `
  DROP TRIGGER papers_ai;
  DROP TRIGGER papers_au;
  CREATE INDEX papers_arxiv_id ON papers(arxiv_id) WHERE arxiv_id IS NOT NULL;
  `,
  // 5: FTS5 keeps the terms of an ingest in memory up to 'hashsize' bytes and then writes
  // them out as a new segment, merging segments as they pile up. At the default (1 MB) a
  // batch of 10,000 papers was written out every megabyte, and each small segment merged
  // again and again; 64 MB keeps such a batch in memory until its commit (200,000 papers:
  // 27.6 → 22.7 s with positional parameters, see src/fts5/README.md). Held only while a write is open.
  `
  INSERT INTO papers_fts (papers_fts, rank) VALUES ('hashsize', 67108864);
  `,
  // 6: a vector for each paper, per embedding model (int8, unit length), for search by meaning.
  // A paper without one is found by its words alone until it has one.
  `
  CREATE TABLE paper_vectors (
    paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (paper_rowid, model)
  ) WITHOUT ROWID;
  `,
  // 7: the bot's own fetches of the Hugging Face daily papers: the latest attempt for each
  // day (UTC), so that a bot that was down fetches the days it missed once each.
  `
  CREATE TABLE feed_fetches (
    day TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    fetched_at TEXT NOT NULL,
    papers INTEGER NOT NULL DEFAULT 0,
    new_papers INTEGER NOT NULL DEFAULT 0,
    error TEXT
  ) WITHOUT ROWID;
  CREATE INDEX feed_fetches_at ON feed_fetches(fetched_at);
  `,
  // 8: how many papers a digest run counted beyond those it shows ("… and N more"), so a
  // retried send posts exactly what the first attempt chose.
  `
  ALTER TABLE digest_runs ADD COLUMN more INTEGER NOT NULL DEFAULT 0;
  `,
  // 9: when each user last asked, shared by every shard process: a cooldown is per user,
  // whichever shard the question came through.
  `
  CREATE TABLE cooldowns (
    user_id TEXT PRIMARY KEY,
    at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 10: abstracts are stored with their LaTeX residue normalised ("88.7\\%" → "88.7%",
  // src/corpus/normalise-latex.ts); the text as the source wrote it is kept for the record
  // when it differs (NULL: the same as the abstract).
  `
  ALTER TABLE papers ADD COLUMN abstract_original TEXT;
  `,
  // 11: which papers each answer in a thread cited (their ids, in citation order, as JSON), so
  // a follow-up like "[2] what data set did they use?" is answered from paper 2, also after a
  // restart (src/answer/README.md, Follow-ups).
  `
  ALTER TABLE thread_turns ADD COLUMN cited TEXT NOT NULL DEFAULT '[]';
  `,
  // 12: alerts on new papers. Each user's watched topics (at most 10, one per normalised
  // key); the alerts due or sent, one per user and paper, so nothing is sent twice; the
  // highest paper rowid the watcher has looked at; users whose DMs were found closed
  // (logged once). See src/digest/README.md.
  `
  CREATE TABLE watches (
    user_id TEXT NOT NULL,
    topic_key TEXT NOT NULL,
    topic TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, topic_key)
  ) WITHOUT ROWID;

  CREATE TABLE watch_alerts (
    user_id TEXT NOT NULL,
    paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dms_closed')),
    created_at TEXT NOT NULL,
    sent_at TEXT,
    PRIMARY KEY (user_id, paper_rowid)
  ) WITHOUT ROWID;
  CREATE INDEX watch_alerts_status ON watch_alerts(status, user_id);

  CREATE TABLE watch_mark (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    paper_rowid INTEGER NOT NULL
  );

  CREATE TABLE watch_dms_closed (
    user_id TEXT PRIMARY KEY,
    since TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 13: 👍 / 👎 on digest papers: one vote per user, paper and channel (a second replaces
  // the first); the channel's likes order its next digests (src/digest/README.md).
  `
  CREATE TABLE digest_votes (
    channel_id TEXT NOT NULL,
    paper_rowid INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    created_at TEXT NOT NULL,
    PRIMARY KEY (channel_id, paper_rowid, user_id)
  ) WITHOUT ROWID;
  `,
];
