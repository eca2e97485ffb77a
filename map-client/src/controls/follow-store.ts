// How a control follows the app state: subscribe its listener, then draw the current state once.
import type { AppState, Listener, Store } from '../state.ts';

/** Subscribes `onState` to `store` and calls `render` with the current state; returns the unsubscribe. */
export function followStore(store: Store, onState: Listener, render: (state: AppState) => void): () => void {
  const unsubscribe = store.subscribe(onState);
  render(store.get());
  return unsubscribe;
}

/** Whether any of `keys` holds another value (by identity) in `state` than in `previous`. */
export function changed(state: AppState, previous: AppState, keys: readonly (keyof AppState)[]): boolean {
  return keys.some((key) => state[key] !== previous[key]);
}
