import type { WatchStore } from '../db/watch-store.js';
import { UserFacingError } from '../errors.js';
import { buildFtsQuery } from '../search/query-builder.js';

/** Topics one user may watch at once. */
export const MAX_WATCHES = 10;
/** The longest topic, in characters (what the slash command's option allows too). */
export const MAX_TOPIC_CHARS = 100;

export interface Watches {
  /** Starts watching a topic; the reply. Throws UserFacingError for a topic it cannot keep. */
  add(userId: string, topic: string): string;
  /** The reply listing the user's topics. */
  list(userId: string): string;
  /** Stops watching a topic; the reply. Throws UserFacingError for one not watched. */
  remove(userId: string, topic: string): string;
  /** The user's topics that contain `typed` (case-insensitive), at most 25. */
  choices(userId: string, typed: string): string[];
}

/**
 * The key two spellings of one topic share ("Long  Context", "context long"): its search
 * terms, sorted. A paper matches a topic when it has every term (src/search/topic-filter.ts),
 * so the order of the words never changes what a topic finds.
 */
function topicKey(topic: string): string {
  const built = buildFtsQuery(topic);
  if (!built.ok)
    throw new UserFacingError(
      `“${topic}” has no word a paper could be matched on (${built.message.replace(/^./, (c) => c.toLowerCase())})`,
    );
  return [...built.terms].sort().join(' ');
}

/** /watch add, list and remove: a user's topics, each a key for the alerts (src/digest/README.md). */
export function createWatches(deps: { store: WatchStore; clock: () => Date }): Watches {
  const { store, clock } = deps;
  const clean = (topic: string) => topic.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return {
    add(userId, raw) {
      const topic = clean(raw);
      if (!topic) throw new UserFacingError('Give a topic to watch, e.g. “long context”.');
      if (topic.length > MAX_TOPIC_CHARS)
        throw new UserFacingError(
          `A topic is at most ${MAX_TOPIC_CHARS} characters (that one has ${topic.length}); a few words are enough.`,
        );
      const key = topicKey(topic);
      const topics = store.list(userId);
      const same = topics.find((w) => topicKey(w.topic) === key);
      if (same) throw new UserFacingError(`You already watch “${same.topic}”.`);
      if (topics.length >= MAX_WATCHES)
        throw new UserFacingError(
          `You already watch ${MAX_WATCHES} topics, the most there can be: /watch remove one first.`,
        );
      store.add({ userId, topic, createdAt: clock().toISOString() }, key);
      return `Watching “${topic}”: new papers on it will come to you in a direct message, one message per batch.`;
    },
    list(userId) {
      const topics = store.list(userId);
      if (topics.length === 0)
        return 'You watch no topic yet: /watch add one, e.g. “long context”.';
      return [
        `You watch ${topics.length} of ${MAX_WATCHES} topics:`,
        ...topics.map((w) => `• ${w.topic}`),
      ].join('\n');
    },
    remove(userId, raw) {
      const topic = clean(raw);
      const key = topic ? safeKey(topic) : undefined;
      const watched = store
        .list(userId)
        .find((w) => key !== undefined && topicKey(w.topic) === key);
      if (!watched || !store.remove(userId, key!))
        throw new UserFacingError(`You do not watch “${topic}”; /watch list shows your topics.`);
      return `No more alerts for “${watched.topic}”.`;
    },
    choices(userId, typed) {
      const needle = typed.toLowerCase().trim();
      return store
        .list(userId)
        .map((w) => w.topic)
        .filter((t) => t.toLowerCase().includes(needle))
        .slice(0, 25);
    },
  };
}

function safeKey(topic: string): string | undefined {
  try {
    return topicKey(topic);
  } catch {
    return undefined;
  }
}
