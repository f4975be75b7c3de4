import { createInterface } from 'node:readline';
import { HISTORY_TURNS, type Turn } from '../answer/build-prompt.js';
import type { Ask } from '../answer/answer-question.js';
import { answerText, renderSources, terminalWidth } from './ask-command.js';
import type { CliIo } from './io.js';
import { startSpinner } from './spinner.js';
import { createWrapper, wrapText } from './wrap.js';

const HELP =
  'Ask about the papers in your own words. A follow-up can point at the last answer\'s papers: "[2] what data set did they use?", "the first one", "that paper".\n/new starts over, /quit (or Ctrl-D) leaves.\n';

/** `paperbot chat` — a conversation in the terminal: streamed answers, sources, follow-ups. */
export async function chatCommand(ask: Ask, io: CliIo): Promise<number> {
  const tty = Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const rl = createInterface({
    input: io.stdin,
    output: tty ? (io.stdout as NodeJS.WritableStream) : undefined,
    terminal: tty,
    historySize: 200,
    crlfDelay: Infinity,
  });
  const prompt = 'you › ';
  rl.setPrompt(prompt);
  const width = terminalWidth(io.stdout);
  io.stdout.write(wrapText(`paperbot chat — ${HELP}`, width));
  let history: Turn[] = [];
  const BOT = 'bot › ';
  const ask1 = async (question: string) => {
    const stopSpinner = startSpinner(io.stdout, 'searching the library…');
    let streamed = false;
    // Streamed text wraps as it comes: a word is printed once the space after it arrives.
    let wrapper = createWrapper(width ?? Infinity, { column: BOT.length });
    const answer = await ask(question, {
      history,
      onText: (delta) => {
        stopSpinner();
        if (!streamed) io.stdout.write(BOT);
        streamed = true;
        io.stdout.write(wrapper.push(delta));
      },
      onReset: () => {
        io.stdout.write(
          `${wrapper.end()}\n(the model failed; answering from the abstracts instead)\n${BOT}`,
        );
        wrapper = createWrapper(width ?? Infinity, { column: BOT.length });
      },
    });
    stopSpinner();
    io.stdout.write(wrapper.end());
    if (!streamed || answer.status !== 'answered') {
      io.stdout.write(
        streamed
          ? `\n${wrapText(answerText(answer), width)}`
          : wrapText(`${BOT}${answerText(answer)}`, width),
      );
    }
    io.stdout.write(`\n${renderSources(answer, width)}\n`);
    // In memory: the papers each answer cited, so "[2]" or "the second one" finds them.
    if (answer.status === 'answered') {
      const turn = { question, answer: answer.text, cited: answer.citations.map((c) => c.id) };
      history = [...history, turn].slice(-HISTORY_TURNS);
    }
  };

  if (tty) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text === '/new') {
      history = [];
      io.stdout.write('(new conversation)\n');
    } else if (text === '/help') {
      io.stdout.write(wrapText(HELP, width));
    } else if (text !== '') {
      if (!tty) io.stdout.write(`${wrapText(`${prompt}${text}`, width)}\n`);
      await ask1(text);
    }
    if (tty) rl.prompt();
  }
  rl.close();
  return 0;
}
