/**
 * Word wrapping for the terminal, fed whole or in streamed pieces: a line breaks at the
 * last space that keeps it within `width`, so "[1]" or a link is never split; a word
 * longer than the width gets a line of its own. Newlines in the text are kept.
 */
export interface Wrapper {
  /** More text; returns what can be printed now (the last word waits for the next space). */
  push(text: string): string;
  /** The rest. */
  end(): string;
}

/** `column`: where the cursor already is (after a prompt); `indent`: starts each new line. */
export function createWrapper(
  width: number,
  options: { column?: number; indent?: string } = {},
): Wrapper {
  const indent = options.indent ?? '';
  let column = options.column ?? 0;
  let word = '';
  let space = false;
  const flushWord = (): string => {
    if (word === '') return '';
    let out = '';
    if (column > indent.length && column + (space ? 1 : 0) + word.length > width) {
      out = `\n${indent}`;
      column = indent.length;
    } else if (space && column > 0) {
      out = ' ';
      column += 1;
    }
    out += word;
    column += word.length;
    word = '';
    space = false;
    return out;
  };
  return {
    push(text) {
      let out = '';
      for (const char of text) {
        if (char === '\n') {
          out += `${flushWord()}\n`;
          column = 0;
          space = false;
        } else if (char === ' ') {
          out += flushWord();
          space = true;
        } else {
          word += char;
        }
      }
      return out;
    },
    end() {
      return flushWord();
    },
  };
}

/** `text` wrapped to `width` (unchanged when there is no width: output is not a terminal). */
export function wrapText(text: string, width: number | undefined, indent = ''): string {
  if (!width) return text;
  const wrapper = createWrapper(width, { indent });
  return wrapper.push(text) + wrapper.end();
}
