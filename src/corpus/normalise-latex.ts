/**
 * LaTeX left in scraped abstracts, turned into the text it stands for: the common cases
 * seen in listing pages (each has a test taken from the bundled pages). The ingest keeps
 * what the source wrote beside it (`abstractOriginal`). An unknown macro (`\ourMethod`)
 * stays as written: guessing would be worse than showing it.
 */
export function normaliseLatex(text: string): string {
  // Each pass runs only on text with its telltale: nearly every abstract has none. 200,000
  // abstracts: 3.4 s on a 2-core machine at load 15 (5.4 s with three includes() for
  // leq/geq/neq, which cost more than the one regex).
  let out = text;
  if (out.includes('\\')) out = backslashed(out);
  // A tie after a sentence: "documents.~Working" → "documents. Working".
  if (out.includes('~')) out = out.replace(/([.,;:])~(?=\p{Lu})/gu, '$1 ');
  // Relations whose backslash was lost: "k\leq 10", "kleq 10", "geq 50%" → "k ≤ 10", "≥ 50%".
  if (/[lgn]eq(?![a-z])/.test(out))
    out = out.replace(
      /(?<![\p{L}\\])(\p{L})?\\?(leq|geq|neq)(?![\p{L}])/gu,
      (_, variable: string | undefined, op: string) =>
        `${variable ? `${variable} ` : ''}${RELATIONS[op]}`,
    );
  // A number glued to \times whose backslash was lost: "1.68times" → "1.68×".
  out = out.replace(/(\d)\\?times\b/g, '$1×');
  return out;
}

function backslashed(text: string): string {
  return (
    text
      // The idiom, whose LaTeX authors write with an acute as often as with the grave.
      .replace(/\\['`]\{?a\}? la\b/g, 'à la')
      // Accents: \'a \"o \'{n} \^e \~n \`e → á ö ń ê ñ è.
      .replace(/\\(['`"^~])\{?([A-Za-z])\}?/g, (_, accent: string, letter: string) =>
        `${letter}${ACCENTS[accent]}`.normalize('NFC'),
      )
      // Escaped specials: 88.7\% → 88.7%, R\&D → R&D.
      .replace(/\\([%&_#$])/g, '$1')
      .replace(/\\textless\s?/g, '<')
      .replace(/\\textgreater\s?/g, '>')
      // \url{…}, \emph{…}, \textbf{…}, \textit{…} → their text (a space before a glued link).
      .replace(/(\S?)\\url\{([^}\s]*)\}/g, (_, before: string, url: string) =>
        before ? `${before} ${url}` : url,
      )
      .replace(/\\(?:emph|textbf|textit|texttt)\{([^}]*)\}/g, '$1')
  );
}

const ACCENTS: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '"': '\u0308',
  '^': '\u0302',
  '~': '\u0303',
};

const RELATIONS: Record<string, string> = { leq: '≤', geq: '≥', neq: '≠' };
