#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { runCli } from './cli/run-cli.js';

// Settings may live in a .env file in the working directory (never committed).
if (existsSync('.env')) process.loadEnvFile('.env');

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `paperbot search … | head` closes the pipe early: not an error worth a trace.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
});
process.exitCode = code;
