import { pino, type DestinationStream, type Logger } from 'pino';

/** Structured JSON logs, one line per event. Secrets are redacted wherever they appear. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'paperbot' },
      redact: {
        paths: [
          'token',
          '*.token',
          'config.discordToken',
          'config.openaiApiKey',
          'config.embeddings.apiKey',
          'headers.authorization',
          '*.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(2),
  );
}
