/** The longest question the bot takes (a sentence or two; /ask's option and the form say so too). */
export const MAX_QUESTION_CHARS = 500;

export type QuestionCheck = { ok: true; question: string } | { ok: false; message: string };

/** The one rule for what can be asked: some words, at most MAX_QUESTION_CHARS of them. */
export function checkQuestion(text: string): QuestionCheck {
  const question = text.trim();
  if (question === '')
    return { ok: false, message: 'Ask a question about the papers, in a few words.' };
  if (question.length > MAX_QUESTION_CHARS) {
    return {
      ok: false,
      message: `Questions can be at most ${MAX_QUESTION_CHARS} characters; yours has ${question.length}. Shorten it and ask again.`,
    };
  }
  return { ok: true, question };
}

/** The same bound for a search query (a query with no words gets search's own message). */
export function queryTooLong(text: string): string | undefined {
  const length = text.trim().length;
  if (length <= MAX_QUESTION_CHARS) return undefined;
  return `Queries can be at most ${MAX_QUESTION_CHARS} characters; yours has ${length}. Shorten it and search again.`;
}
