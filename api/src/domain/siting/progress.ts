import { SitingAbortError } from './errors.ts';

/** Reports progress and honours cancellation from inside long synchronous loops. @private */
export interface Ticker {
  /**
   * Call between units of work. Every ~`sliceMs` it reports progress and yields to the event loop
   * (so an AbortSignal raised by a timer or a request can be seen); throws SitingAbortError once aborted.
   */
  tick(fraction: number, phase: string): Promise<void>;
  /** Throws SitingAbortError when aborted (no yield). */
  check(): void;
}

/** @private */
export function createTicker(
  signal: AbortSignal | undefined,
  onProgress: ((fraction: number, phase: string) => void) | undefined,
  sliceMs = 25,
): Ticker {
  let last = performance.now();
  let lastPhase = '';
  const check = (): void => {
    if (signal?.aborted) throw new SitingAbortError();
  };
  return {
    check,
    async tick(fraction, phase) {
      check();
      const now = performance.now();
      if (phase === lastPhase && now - last < sliceMs) return;
      lastPhase = phase;
      last = now;
      onProgress?.(Math.max(0, Math.min(1, fraction)), phase);
      if (signal) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        check();
      }
    },
  };
}
