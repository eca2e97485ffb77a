import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr, so stdout stays free for CLI results. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { app: 'lifecircle' } }, pino.destination(2));
}
