/** Requests sent with this header are background work (a prefetch): `lifecircle.idle()` does not wait for them. */
export const BACKGROUND_HEADER = 'x-lifecircle-background';
