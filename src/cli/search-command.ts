import { MAX_QUESTION_CHARS, queryTooLong } from '../answer/question-rule.js';
import { DEFAULT_LIMIT, type SearchResponse } from '../search/search-papers.js';
import { readLines, renderMarks, useColor, type CliIo } from './io.js';

export interface SearchCommandOptions {
  limit?: number;
  json?: boolean;
}

/** Ranks papers for a query (by words, or by words and meaning). */
export type Find = (query: string, limit: number) => SearchResponse | Promise<SearchResponse>;

/** `paperbot search QUERY` — or, with `-`, one query per stdin line → one JSON line each. */
export async function searchCommand(
  find: Find,
  query: string,
  options: SearchCommandOptions,
  io: CliIo,
): Promise<number> {
  // Loads what the search needs (the sentence encoder) before anything is timed: `ms` is
  // the search's own time, not start-up.
  await find('warm up', 1);
  if (query === '-') {
    for await (const line of readLines(io.stdin)) {
      io.stdout.write(`${JSON.stringify(toJson(await timed(find, line, options.limit)))}\n`);
    }
    return 0;
  }
  const { response, ms } = await timed(find, query, options.limit);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(toJson({ response, ms }))}\n`);
    return 0;
  }
  io.stdout.write(renderSearch(response, useColor(io.env, io.stdout)));
  return 0;
}

async function timed(find: Find, query: string, limit: number | undefined) {
  const tooLong = queryTooLong(query);
  if (tooLong) {
    // Not searched, and echoed only in part.
    const shown = `${query.trim().slice(0, MAX_QUESTION_CHARS)}…`;
    return { response: { query: shown, terms: [], hits: [], message: tooLong }, ms: 0 };
  }
  const started = performance.now();
  const response = await find(query, limit ?? DEFAULT_LIMIT);
  return { response, ms: performance.now() - started };
}

/** The contract's JSON: query, ms, results[{id,title,score,snippet}], plus additions. */
function toJson({ response, ms }: { response: SearchResponse; ms: number }) {
  return {
    query: response.query,
    ms: Math.round(ms * 100) / 100,
    results: response.hits.map((hit) => ({
      id: hit.id,
      title: hit.title,
      score: hit.score,
      snippet: hit.snippet,
      date: hit.date,
      ...(hit.fused === undefined ? {} : { fused: hit.fused }),
    })),
    ...(response.message ? { message: response.message } : {}),
    ...(response.ranking ? { ranking: response.ranking } : {}),
    ...(response.lexicalHits ? { meaning: true } : {}),
  };
}

export function renderSearch(response: SearchResponse, color?: boolean): string {
  if (response.message) return `${response.message}\n`;
  if (response.hits.length === 0) {
    return `No papers match "${response.query.trim()}". Try other words, or fewer of them.\n`;
  }
  return response.hits
    .map((hit, index) => {
      const facts = [hit.id, hit.dateText ?? hit.date, `score ${hit.score.toFixed(2)}`]
        .filter(Boolean)
        .join(' · ');
      return `${index + 1}. ${hit.title}\n   ${facts}\n   ${renderMarks(hit.snippet, color)}\n`;
    })
    .join('\n');
}
