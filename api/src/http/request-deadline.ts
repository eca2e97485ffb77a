import type { Express, Request, Response } from 'express';
import { ApiError } from '../errors.ts';

const KEY = 'lifecircleDeadlines';

/** What the server gives requests that run under a deadline: the budgets, and a signal raised at shutdown. */
export interface DeadlineSettings {
  /** Budget of `POST /api/imports`, from the request's start (body upload included). */
  importTimeoutMs: number;
  /** Aborted when the server shuts down: running work is cancelled and rolled back, not waited for. */
  shutdown: AbortSignal;
}

const DEFAULTS: DeadlineSettings = { importTimeoutMs: 300_000, shutdown: new AbortController().signal };

/** Called by the server (server.ts) once the app is built. */
export function setDeadlineSettings(app: Express, settings: DeadlineSettings): void {
  app.locals[KEY] = settings;
}

export function deadlineSettingsOf(req: Request): DeadlineSettings {
  return (req.app.locals[KEY] as DeadlineSettings | undefined) ?? DEFAULTS;
}

export interface RequestDeadline {
  signal: AbortSignal;
  /** The budget in ms. */
  ms: number;
  /** Stops the timer (call when the work is over). */
  dispose(): void;
}

/**
 * A signal aborted when the request's budget of `ms` is spent, when the server shuts down, or when the
 * client goes away; its `reason` is the ApiError to answer (503 `timeout` / `service_unavailable`).
 * Work given the signal stops, cancels its running statement and rolls back.
 */
export function requestDeadline(req: Request, res: Response, ms: number, what: string): RequestDeadline {
  const controller = new AbortController();
  const abort = (reason: ApiError) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const timer = setTimeout(() => abort(new ApiError('timeout', `${what} did not finish within ${ms} ms and was cancelled; nothing was written. Try again when the server is less busy, or import the file on the server with \`lifecircle import\` (no deadline, progress on stderr; docs/deployment.md), or raise LIFECIRCLE_IMPORT_TIMEOUT_MS`, { limit_ms: ms })), ms);
  timer.unref();
  const { shutdown } = deadlineSettingsOf(req);
  const onShutdown = () => abort(new ApiError('service_unavailable', `the server is shutting down: ${what} was cancelled and nothing was written; send it again`));
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener('abort', onShutdown, { once: true });
  const onClose = () => {
    if (!res.writableFinished) abort(new ApiError('bad_request', `the client went away: ${what} was cancelled and nothing was written`));
  };
  res.once('close', onClose);
  return {
    signal: controller.signal,
    ms,
    dispose() {
      clearTimeout(timer);
      shutdown.removeEventListener('abort', onShutdown);
      res.off('close', onClose);
    },
  };
}
