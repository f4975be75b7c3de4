/**
 * Abstracts speak in the first person ("we propose…"); an answer quoting them says who:
 * "SpecDec++ [1] proposes…". A paper is named by the coined name before its title's colon
 * ("SpecDec++: Boosting…" → "SpecDec++"), else by the name it gives its method, else by
 * its title.
 */
export function paperName(title: string, abstract: string): string {
  const head = /^([^:]{1,32}):\s/.exec(title)?.[1]?.trim();
  if (head && head.split(/\s+/).length <= 3) return head;
  // A name the abstract gives its method ("we propose SAFE, …"), when the title uses it too.
  const coined =
    /\b(?:[Ww]e (?:propose|present|introduce|develop|call|name|dub)|called|named|dubbed)\s+(?:a |an |the )?(?:\w+ ){0,3}?\(?([A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9+-]*)\)?/.exec(
      abstract,
    )?.[1];
  if (coined && coined.length >= 3 && coined.length <= 24 && title.includes(coined)) return coined;
  return `“${title.length <= 80 ? title : `${title.slice(0, 77).trimEnd()}…`}”`;
}

const IRREGULAR: Record<string, string> = { have: 'has', are: 'is', do: 'does', go: 'goes' };
/** Modal and past forms are the same for every person. */
const UNCHANGED =
  /^(?:can|could|may|might|must|shall|should|will|would|also|then|first|further|now)$|ed$|^(?:found|made|built|took|saw|got|ran|wrote|held|gave|began|chose|brought|thought|led|met|set|put|kept|left|sought|taught|won)$/;

function thirdPerson(verb: string): string {
  const lower = verb.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower];
  if (UNCHANGED.test(lower)) return verb;
  if (/(?:s|sh|ch|x|z)$/.test(lower)) return `${verb}es`;
  if (/[^aeiou]y$/.test(lower)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/**
 * The sentence attributed to `name` cited as [n]: its first "we <verb>" becomes
 * "<name> [n] <verb>s", later "we"/"our"/"us" become "they"/"their"/"them", and a later
 * sentence opening on "We"/"Our" (a quote of two sentences) opens on "The authors". A
 * sentence in the third person keeps its words, with [n] at its end; its first "our" says
 * whose ("our method" → "<name>'s method", "the authors' method" when the paper is named by
 * its title) unless the sentence names the paper already.
 */
export function attribute(sentence: string, name: string, n: number): string {
  const cite = `[${n}]`;
  const first =
    /\b[Ww]e ((?:also|further|first|then|now|empirically|experimentally|additionally) )?([a-z]+(?:-[a-z]+)*)\b/.exec(
      sentence,
    );
  if (first) {
    const [whole, adverb = '', verb = ''] = first;
    const rest = sentence.slice(first.index + whole.length);
    const said = `${authorsOpen(sentence.slice(0, first.index), ownerOf(name, "The authors'"))}${name} ${cite} ${adverb}${thirdPerson(verb)}${authorsOpen(rest)}`;
    return said
      .replace(/\b[Ww]e\b/g, 'they')
      .replace(/\b[Oo]ur\b/g, 'their')
      .replace(/\bus\b/g, 'them')
      .replace(/^[a-z]/, (c) => c.toUpperCase());
  }
  if (/^Our\b/.test(sentence)) {
    return `${authorsOpen(sentence.replace(/^Our\b/, `${name}'s`))
      .replace(/\b[Oo]ur\b/g, 'its')
      .replace(/\b[Ww]e\b/g, 'they')} ${cite}`;
  }
  const owned = sentence.includes(name)
    ? sentence
    : sentence.replace(/\bour\b/, ownerOf(name, "the authors'"));
  return `${authorsOpen(owned)
    .replace(/\b[Oo]ur\b/g, 'their')
    .replace(/\b[Ww]e\b/g, 'they')} ${cite}`;
}

/** Whose, for "our": the paper's coined name; a title in quotes is too long to stand mid-sentence. */
function ownerOf(name: string, otherwise: string): string {
  return name.startsWith('“') ? otherwise : `${name}'s`;
}

/** "… . We show…" / "… . Our results…": a sentence opening on the authors says whose. */
function authorsOpen(text: string, our = "The authors'"): string {
  return text
    .replace(/(^|[.!?][)\]"”’']*\s+)We\b/g, '$1The authors')
    .replace(/(^|[.!?][)\]"”’']*\s+)Our\b/g, `$1${our}`);
}
