import { createInterface } from 'node:readline';
import type { Turn } from '../answer/build-prompt.js';
import type { Ask } from '../answer/answer-question.js';
import { answerText, renderSources } from './ask-command.js';
import type { CliIo } from './io.js';
import { startSpinner } from './spinner.js';

const HELP =
  'Ask about the papers in your own words. Follow-ups use the conversation so far.\n/new starts over, /quit (or Ctrl-D) leaves.\n';

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
  io.stdout.write(`paperbot chat — ${HELP}`);
  let history: Turn[] = [];
  const ask1 = async (question: string) => {
    const stopSpinner = startSpinner(io.stdout, 'searching the library…');
    let streamed = false;
    const answer = await ask(question, {
      history,
      onText: (delta) => {
        stopSpinner();
        if (!streamed) io.stdout.write('bot › ');
        streamed = true;
        io.stdout.write(delta);
      },
      onReset: () => {
        io.stdout.write('\n(the model failed; answering from the abstracts instead)\nbot › ');
      },
    });
    stopSpinner();
    if (!streamed || answer.status !== 'answered') {
      io.stdout.write(`${streamed ? '\n' : 'bot › '}${answerText(answer)}`);
    }
    io.stdout.write(`\n${renderSources(answer)}\n`);
    if (answer.status === 'answered')
      history = [...history, { question, answer: answer.text }].slice(-3);
  };

  if (tty) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text === '/new') {
      history = [];
      io.stdout.write('(new conversation)\n');
    } else if (text === '/help') {
      io.stdout.write(HELP);
    } else if (text !== '') {
      if (!tty) io.stdout.write(`${prompt}${text}\n`);
      await ask1(text);
    }
    if (tty) rl.prompt();
  }
  rl.close();
  return 0;
}
