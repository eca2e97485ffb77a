// Layers only point down: cli, server → http → auth → services → db → schema → domain; seeds beside the
// CLI. The import graph is read from the sources with TypeScript's own pre-processor (static imports,
// `export … from` and dynamic `import()`), so a new file is checked without being listed here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

type Layer = 'domain' | 'base' | 'schema' | 'db' | 'services' | 'auth' | 'http' | 'server' | 'seeds' | 'cli';

/** What each layer may import besides itself. Anything not listed is an upward (or sideways) import. */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  domain: [],
  base: [],
  schema: ['domain'],
  db: ['schema', 'domain', 'base'],
  services: ['db', 'schema', 'domain', 'base'],
  auth: ['services', 'db', 'schema', 'domain', 'base'],
  http: ['auth', 'services', 'db', 'schema', 'domain', 'base'],
  seeds: ['services', 'db', 'schema', 'domain', 'base'],
  server: ['http', 'auth', 'services', 'seeds', 'db', 'schema', 'domain', 'base'],
  cli: ['server', 'seeds', 'auth', 'services', 'db', 'schema', 'domain', 'base'],
};

function layerOf(file: string): Layer {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (rel.startsWith('seeds/')) return 'seeds';
  const m = /^api\/src\/([^/]+)/.exec(rel);
  if (!m) throw new Error(`not in a layer: ${rel}`);
  const top = m[1]!;
  if (top === 'server.ts') return 'server';
  // Process-wide plumbing every layer may use: configuration, logging, the error kinds, the process guard.
  if (['config.ts', 'log.ts', 'errors.ts', 'process-guard.ts'].includes(top)) return 'base';
  if (top === 'types') return 'base';
  if (['domain', 'schema', 'db', 'services', 'auth', 'http', 'cli'].includes(top)) return top as Layer;
  throw new Error(`no layer for ${rel}: place it in a layer folder or add it to layers.test.ts`);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** file → the local files it imports (relative specifiers only; packages are not layers). */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.resolve(path.dirname(file), spec));
    graph.set(file, targets);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

const rel = (f: string): string => path.relative(ROOT, f).split(path.sep).join('/');

const graph = importGraph([...sources(path.join(ROOT, 'api/src')), ...sources(path.join(ROOT, 'seeds'))]);

describe('layers', () => {
  it('reads a real graph (the scan is not empty)', () => {
    expect(graph.size).toBeGreaterThan(200);
    const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
    expect(edges).toBeGreaterThan(500);
  });

  it('no import points upward', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      const a = layerOf(from);
      for (const to of targets) {
        const b = layerOf(to);
        if (a !== b && !MAY_IMPORT[a].includes(b)) upward.push(`${rel(from)} (${a}) → ${rel(to)} (${b})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no import cycle', () => {
    expect(cycles(graph).map((c) => c.map(rel).sort())).toEqual([]);
  });

  it('the checks can fail: an upward import and a cycle are caught', () => {
    const a = path.join(ROOT, 'api/src/domain/x.ts');
    const b = path.join(ROOT, 'api/src/http/y.ts');
    expect(MAY_IMPORT[layerOf(a)].includes(layerOf(b))).toBe(false);
    expect(cycles(new Map([[a, [b]], [b, [a]]])).length).toBe(1);
  });
});
