import type { Db } from './open-database.js';
import { writerStatus, type WriterStatus } from './writer-status.js';

export interface LibraryHealth {
  readable: boolean;
  papers?: number;
  error?: string;
  /** What the writers last did, as the library records it (any process's): see writerStatus. */
  writers: WriterStatus;
}

/** Whether the library answers a read, and its last feed fetch and digest run: for /healthz. */
export function libraryHealth(db: Db): LibraryHealth {
  try {
    const { n } = db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
    return { readable: true, papers: n, writers: writerStatus(db) };
  } catch (error) {
    return {
      readable: false,
      error: error instanceof Error ? error.message : String(error),
      writers: { feed: null, digest: null },
    };
  }
}
