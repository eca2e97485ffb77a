import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** Served over HTTPS (directly or behind a TLS proxy): send HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** Inline scripts to allow by hash (the API docs page has one). */
  inlineScripts?: readonly string[];
  /** Other origins allowed to call the API from a browser (CORS); none = same origin only. */
  corsOrigins?: readonly string[];
  /** Origins of a configured basemap (map-client config.json): its tiles, style and glyphs may load. */
  basemapOrigins?: readonly string[];
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * helmet with a Content-Security-Policy that fits what we serve from one origin: the MapLibre client
 * (its worker comes from a same-origin module or a blob: URL; canvases and icons use data:/blob:
 * images; MapLibre and Swagger UI set inline styles) and the Swagger UI page (one inline script,
 * allowed by its hash). Nothing is loaded from other origins except a configured basemap's.
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const basemap = options.basemapOrigins ?? [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", ...(options.inlineScripts ?? []).map(sha256)],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', ...basemap],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", ...basemap],
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // Over plain HTTP (a workstation, a test) HSTS would be ignored at best; behind TLS, a year.
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Allowed origins read tiles and JSON through CORS; no-CORS embedding by others stays blocked.
    crossOriginResourcePolicy: { policy: options.corsOrigins?.length ? 'cross-origin' : 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * CORS for the allow-listed origins only (others get no CORS headers, so browsers refuse them).
 * Answers preflights itself. Tokens travel in headers, never cookies: no credentials mode.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'If-Match', 'If-None-Match', 'Accept'],
    exposedHeaders: ['ETag', 'Location', 'Link', 'OGC-NumberMatched', 'Retry-After', 'WWW-Authenticate', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}
