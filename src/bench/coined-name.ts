import { createRng } from './rng.js';

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
/** Coprime to 70 (= 2·5·7), the number of syllables. */
const SPREAD = 40_503;

/**
 * Names for the methods and models synthetic papers introduce ("Kavelo", "TORIMA-7B"),
 * one per paper and never the same twice: papers in a real library keep naming new
 * things, so its vocabulary grows with its size instead of stopping at the pages' words.
 */
export function createNamer(seed: number): (index: number, rng: () => number) => string {
  const syllables: string[] = [];
  for (const c of CONSONANTS) for (const v of VOWELS) syllables.push(c + v);
  const shuffle = createRng(seed ^ 0x6e616d65);
  for (let i = syllables.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [syllables[i], syllables[j]] = [syllables[j]!, syllables[i]!];
  }
  const base = syllables.length;
  return (index, rng) => {
    // Three syllables for the first base³ papers, four for the next base⁴, …; within a
    // length, multiplying by a unit mod baseᵏ spreads neighbouring indexes apart. The
    // syllables alternate consonant and vowel, so two indexes never spell the same word.
    let k = 3;
    let rest = index;
    while (rest >= base ** k) rest -= base ** k++;
    let n = (rest * SPREAD) % base ** k;
    let stem = '';
    for (let i = 0; i < k; i++, n = Math.floor(n / base)) stem += syllables[n % base]!;
    const name = stem[0]!.toUpperCase() + stem.slice(1);
    const style = rng();
    if (style < 0.5) return name;
    if (style < 0.7) return stem.toUpperCase();
    if (style < 0.85) return `${name}-${[1, 3, 7, 8, 13, 70][Math.floor(rng() * 6)]}B`;
    return `${name}LM`;
  };
}
