import { paperLink } from '../corpus/paper-link.js';
import { attribute, paperName } from '../llm/extractive/attribution.js';
import { inverseFrequencies, matchSentence, wordsOf } from '../llm/extractive/sentence-match.js';
import { hasFigure, roleOf, standalone } from '../llm/extractive/sentence-roles.js';
import { splitSentences } from '../llm/sentences.js';
import type { VectorTable } from '../search/word-vectors.js';
import { UserFacingError } from '../errors.js';
import { differenceOffline } from './compare-difference.js';

/** What a comparison needs of a paper. */
export interface ComparablePaper {
  id: string;
  title: string;
  abstract: string;
  arxivId: string | null;
}

export interface ComparedPaper {
  n: 1 | 2;
  id: string;
  title: string;
  link: string;
}

export type CompareRowKey = 'aspect' | 'does' | 'data' | 'result';

/** One line of the table: the same question answered for [1] and for [2], each cited. */
export interface CompareRow {
  row: CompareRowKey;
  label: string;
  first: string;
  second: string;
}

export interface OfflineComparison {
  papers: [ComparedPaper, ComparedPaper];
  aspect: string | null;
  rows: CompareRow[];
  /** How they differ, from the abstracts alone (deterministic). */
  difference: string;
}

export const MAX_ASPECT_CHARS = 100;
/** Longer sentences are run-ons of several claims (the extractive answer's bound too). */
const MAX_SENTENCE_CHARS = 400;

/** A sentence that names what the paper was trained or tested on. */
const DATA =
  /\b(?:data ?sets?|benchmarks?|corpus|corpora|(?:training|evaluation|synthetic|real-world) data|(?:trained|evaluated|tested|validated|fine-?tuned|pre-?trained|experiments?|results?) (?:\w+ )?on|collected|annotated|curated|samples|examples)\b/i;

/** Words of an outcome, in a sentence that also says what the paper does ("speed-up" makes it a finding already). */
const RESULT =
  /\b(?:outperform|surpass|improv|achiev|reduc|cut|faster|gains?\b|boost|accuracy|increas|decreas|lower|higher|better)/i;

interface Sentence {
  text: string;
  position: number;
  aspect: number;
}

/**
 * The two papers side by side from their abstracts: what each does, its data, its headline
 * result (and, with an aspect, what each says on it), each line attributed and cited as [1]
 * or [2]; where an abstract names no data set or no figure, the line says so. See ./README.md.
 */
export function compareOffline(
  first: ComparablePaper,
  second: ComparablePaper,
  aspect?: string,
  vectors?: VectorTable,
): OfflineComparison {
  const focus = checkRequest(first, second, aspect);
  const sides = [first, second].map((paper, i) => side(paper, (i + 1) as 1 | 2, focus, vectors));
  const [a, b] = sides as [Side, Side];
  const row = (key: CompareRowKey, label: string): CompareRow => ({
    row: key,
    label,
    first: a.lines[key]!,
    second: b.lines[key]!,
  });
  return {
    papers: [a.ref, b.ref],
    aspect: focus ?? null,
    rows: [
      ...(focus ? [row('aspect', `On ${focus}`)] : []),
      row('does', 'What it does'),
      row('data', 'Data'),
      row('result', 'Headline result'),
    ],
    difference: differenceOffline({ ...first, name: a.name }, { ...second, name: b.name }),
  };
}

/**
 * What can't be compared, said before any work (a surface calls it before deferring): the
 * same paper twice, or an unusable aspect. Returns the aspect as used.
 */
export function checkRequest(
  first: Pick<ComparablePaper, 'id' | 'title'>,
  second: Pick<ComparablePaper, 'id'>,
  aspect: string | undefined,
): string | undefined {
  if (first.id === second.id)
    throw new UserFacingError(
      `Pick two different papers: both are “${first.title.slice(0, 150)}”.`,
    );
  return checkAspect(aspect);
}

/** The aspect trimmed, or undefined when none was given; a UserFacingError when unusable. */
export function checkAspect(aspect: string | undefined): string | undefined {
  const text = aspect?.trim().replace(/\s+/g, ' ');
  if (!text) return undefined;
  if (text.length > MAX_ASPECT_CHARS)
    throw new UserFacingError(
      `The aspect is at most ${MAX_ASPECT_CHARS} characters (it has ${text.length}).`,
    );
  if (wordsOf(text, undefined).length === 0)
    throw new UserFacingError(
      `The aspect "${text}" has no word to look for; try e.g. "data", "efficiency" or "results".`,
    );
  return text;
}

interface Side {
  ref: ComparedPaper;
  name: string;
  lines: Partial<Record<CompareRowKey, string>>;
}

function side(
  paper: ComparablePaper,
  n: 1 | 2,
  focus: string | undefined,
  vectors: VectorTable | undefined,
): Side {
  const name = paperName(paper.title, paper.abstract);
  const sentences = usableSentences(paper.abstract, focus, vectors);
  const used = new Set<Sentence>();
  // Within a row, a sentence on the aspect comes first, then the abstract's order; one
  // another row already shows only when no other sentence fits.
  const pick = (fits: (s: Sentence) => boolean): Sentence | undefined => {
    // Sentences come in the abstract's order, and the sort is stable.
    const fitting = sentences.filter(fits).sort((x, y) => y.aspect - x.aspect);
    const found = fitting.find((s) => !used.has(s)) ?? fitting[0];
    if (found) used.add(found);
    return found;
  };
  const say = (s: Sentence) => attribute(s.text, name, n);
  const lines: Side['lines'] = {};
  if (focus) {
    const best = [...sentences].sort((x, y) => y.aspect - x.aspect)[0];
    lines.aspect =
      best && best.aspect > 0
        ? say(best)
        : `${name} [${n}]: the abstract says nothing on ${focus}.`;
  }
  const does =
    pick((s) => roleOf(s.text) === 'contribution') ??
    pick((s) => roleOf(s.text) === 'finding') ??
    pick((s) => roleOf(s.text) !== 'motivation');
  lines.does = does ? say(does) : `${name} [${n}]: the abstract states no contribution on its own.`;
  // Not motivation: "Existing benchmarks such as…" names others' data, not the paper's.
  const data = pick((s) => DATA.test(s.text) && roleOf(s.text) !== 'motivation');
  lines.data = data ? say(data) : `${name} [${n}]: the abstract names no data set.`;
  // A figure that reports an outcome; a sentence about the data gives way (its figure is
  // likelier a data set's size).
  const outcome = (s: Sentence) =>
    hasFigure(s.text) && (roleOf(s.text) === 'finding' || RESULT.test(s.text));
  const result = pick((s) => outcome(s) && !DATA.test(s.text)) ?? pick(outcome);
  lines.result = result ? say(result) : `${name} [${n}]: the abstract reports no numeric result.`;
  return { ref: { n, id: paper.id, title: paper.title, link: paperLink(paper) }, name, lines };
}

/** Sentences that stand on their own, scored for the aspect (0 without one). */
function usableSentences(
  abstract: string,
  focus: string | undefined,
  vectors: VectorTable | undefined,
): Sentence[] {
  const kept = splitSentences(abstract).flatMap((sentence, position) => {
    const text = standalone(sentence);
    return text && text.length <= MAX_SENTENCE_CHARS ? [{ text, position }] : [];
  });
  if (!focus) return kept.map((s) => ({ ...s, aspect: 0 }));
  const asked = wordsOf(focus, vectors);
  const words = kept.map((s) => wordsOf(s.text, vectors));
  const idf = inverseFrequencies(words);
  return kept.map((s, i) => ({
    ...s,
    aspect: matchSentence(asked, words[i]!, idf, vectors).score,
  }));
}
