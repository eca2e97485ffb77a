import type { Logger } from './log.ts';

/** Where an uncaught error was thrown: in a database client library, or somewhere else. */
export function isClientLibraryError(err: unknown): boolean {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  // postgres.js (sockets, timers of its connections) and PGlite's socket bridge: their failures belong to one connection.
  return /node_modules[\\/](postgres|@electric-sql[\\/]pglite[^\\/]*)[\\/]/.test(stack) || (err as { code?: unknown })?.code === 'CONNECTION_CLOSED';
}

export interface ProcessGuard {
  /** Errors swallowed so far (for tests and health). */
  readonly caught: number;
  uninstall(): void;
}

/**
 * Keeps the server up through errors that escape every caller: an exception thrown by a database
 * client library from a timer or socket callback (postgres.js on a connection whose backend died) is
 * logged and the process keeps serving, as are unhandled promise rejections (one request's loss). Any
 * other uncaught exception is logged and ends the process (exit 1), since its state is unknown.
 */
export function installProcessGuard(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): ProcessGuard {
  let caught = 0;
  const onException = (err: Error) => {
    if (isClientLibraryError(err)) {
      caught += 1;
      log.error({ err }, 'database client error escaped its caller: logged, the server keeps serving');
      return;
    }
    log.fatal({ err }, 'uncaught exception');
    // Someone else listening (a test runner) decides; alone, this listener must end the process as Node would.
    if (process.listenerCount('uncaughtException') === 1) exit(1);
  };
  const onRejection = (reason: unknown) => {
    caught += 1;
    log.error({ err: reason }, 'unhandled promise rejection: logged, the server keeps serving');
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    get caught() {
      return caught;
    },
    uninstall() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
