import type { Command } from '../src/discord/command.js';
import ask from './ask.js';
import compare from './compare.js';
import digest from './digest.js';
import help from './help.js';
import paper from './paper.js';
import search from './search.js';
import similar from './similar.js';
import stats from './stats.js';
import watch from './watch.js';

export const commands: readonly Command[] = [
  ask,
  search,
  paper,
  similar,
  compare,
  digest,
  watch,
  help,
  stats,
];
