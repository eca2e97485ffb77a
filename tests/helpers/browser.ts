// Shared set-up of the map's end-to-end files: build the client once, Chromium with the team's
// flags, open the map and wait for it, and the hooks every such file runs (mapSuite).
// (map.e2e.test.ts keeps its own copy.)
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = `${ROOT}tests/artifacts`;
export const DESKTOP = { width: 1440, height: 900 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'];

// What page.evaluate callbacks see (the root tsconfig has no DOM lib).
export interface MapHandle {
  queryRenderedFeatures(geometryOrOptions?: unknown, options?: { layers: string[] }): Array<{ id?: string | number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown }; layer: { id: string } }>;
  project(lngLat: [number, number]): { x: number; y: number };
  unproject(point: [number, number]): { lng: number; lat: number };
  getZoom(): number;
  getLayer(id: string): unknown;
  getStyle(): { layers: Array<{ id: string; source?: string }>; sources: Record<string, unknown> };
  once(type: 'idle'): Promise<unknown>;
  triggerRepaint(): void;
  jumpTo(options: { center: [number, number]; zoom: number }): void;
  getCanvas(): { getBoundingClientRect(): { left: number; top: number; width: number; height: number } };
}
export interface PageGlobals {
  __lifecircle?: { map: MapHandle; ready: Promise<void>; state: () => Record<string, unknown> & { selectedType: string | null; thematic: { status: string } } };
}
export const pageGlobals = () => globalThis as unknown as PageGlobals;

export async function buildClient(): Promise<void> {
  if (process.env.LIFECIRCLE_SKIP_CLIENT_BUILD !== '1') {
    await build({ configFile: `${ROOT}map-client/vite.config.ts`, logLevel: 'warn' });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface OpenMapOptions { query?: string; context?: BrowserContextOptions }

/** Opens the map and waits until its data is on it; page errors land in `errors`. */
export async function openMap(browser: Browser, url: string, errors: string[], options: OpenMapOptions = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, locale: 'zh-CN', ...options.context });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  await page.goto(`${url}/${options.query ?? ''}`);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__lifecircle !== undefined);
  await page.evaluate(() => (globalThis as unknown as PageGlobals).__lifecircle?.ready);
  return { page, context };
}

/** Resolves after the map has re-rendered everything pending. */
export async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const map = (globalThis as unknown as PageGlobals).__lifecircle!.map;
    const idle = map.once('idle');
    map.triggerRepaint();
    await idle;
  });
}

/** `window.lifecircle.idle()`: resolves when the map has drawn everything its state asks for (#16). */
export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { lifecircle?: unknown }).lifecircle !== undefined);
  await page.evaluate(() => (globalThis as unknown as { lifecircle: { idle(): Promise<void> } }).lifecircle.idle());
}

export interface MapSuite {
  /** Page errors and console errors of the maps opened in the current case. */
  readonly errors: string[];
  /** Opens the map (openMap) in a new browser context, closed after the case. */
  open(url: string, options?: OpenMapOptions): Promise<Page>;
}

/**
 * The hooks of a map end-to-end file: before all, build the client, run `start` (servers, seeds;
 * what it returns is closed after all) and launch Chromium; after each case, close the maps it
 * opened and expect no page errors.
 */
export function mapSuite(start: () => Promise<Array<{ close(): Promise<unknown> }>>, timeout = 240_000): MapSuite {
  let browser: Browser | undefined;
  let started: Array<{ close(): Promise<unknown> }> = [];
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  beforeAll(async () => {
    await buildClient();
    started = await start();
    browser = await launchChromium();
  }, timeout);
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(errors.splice(0), 'no page errors').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of started) await s.close();
  });
  return {
    errors,
    async open(url, options) {
      const { page, context } = await openMap(browser!, url, errors, options);
      contexts.push(context);
      return page;
    },
  };
}
