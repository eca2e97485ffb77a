import { describe, expect, it } from 'vitest';
import { buildGraph, shortestDistances } from '../../../../api/src/domain/network/index.ts';
import { createRandom } from '../../../../seeds/demo-city/random.ts';

/** A random undirected multigraph (loops and parallel edges included) as plain arrays. */
function randomGraph(seed: number, nodes: number, edges: number) {
  const r = createRandom(seed, 'dijkstra-test');
  const edgeSource = new Int32Array(edges);
  const edgeTarget = new Int32Array(edges);
  const edgeLengthM = new Float64Array(edges);
  for (let e = 0; e < edges; e++) {
    edgeSource[e] = r.int(0, nodes - 1);
    edgeTarget[e] = r.int(0, nodes - 1);
    edgeLengthM[e] = Math.round(r.float(0, 100) * 8) / 8; // exact in binary, ties likely
  }
  return { nodeCount: nodes, edgeCount: edges, edgeSource, edgeTarget, edgeLengthM };
}

/** All-pairs distances by Floyd–Warshall: the independent truth. */
function floydWarshall(g: ReturnType<typeof randomGraph>): number[][] {
  const n = g.nodeCount;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  for (let e = 0; e < g.edgeCount; e++) {
    const a = g.edgeSource[e]!;
    const b = g.edgeTarget[e]!;
    const w = g.edgeLengthM[e]!;
    if (w < d[a]![b]!) d[a]![b] = d[b]![a] = w;
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const via = d[i]![k]! + d[k]![j]!;
    if (via < d[i]![j]!) d[i]![j] = via;
  }
  return d;
}

describe('multi-source Dijkstra', () => {
  it('should give the nearest-source distance of Floyd–Warshall on random graphs, sources starting at offsets', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const g = randomGraph(seed, 40, 70);
      const all = floydWarshall(g);
      const sources = [{ node: 3, distanceM: 12.5 }, { node: 17, distanceM: 0 }, { node: 29, distanceM: 40 }];
      const { distanceM, label } = shortestDistances(buildGraph(g), sources);
      for (let v = 0; v < g.nodeCount; v++) {
        const want = Math.min(...sources.map((s) => s.distanceM + all[s.node]![v]!));
        expect(distanceM[v], `seed ${seed} node ${v}`).toBe(want);
        if (want === Infinity) expect(label[v]).toBe(-1);
        else expect(sources[label[v]!]!.distanceM + all[sources[label[v]!]!.node]![v]!).toBe(want);
      }
    }
  });

  it('should stop at maxDistanceM, leaving farther nodes at Infinity', () => {
    const g = randomGraph(7, 40, 70);
    const all = floydWarshall(g);
    const { distanceM } = shortestDistances(buildGraph(g), [{ node: 0, distanceM: 0 }], { maxDistanceM: 60 });
    for (let v = 0; v < g.nodeCount; v++) expect(distanceM[v]).toBe(all[0]![v]! <= 60 ? all[0]![v]! : Infinity);
  });

  it('should give path lengths on a hand-drawn graph: a ring with a chord', () => {
    // 0 —1— 1 —1— 2 —1— 3 —1— 4 —1— 0 (a ring of five), chord 0–3 of length 1.5.
    const g = buildGraph({
      nodeCount: 5, edgeCount: 6,
      edgeSource: Int32Array.from([0, 1, 2, 3, 4, 0]), edgeTarget: Int32Array.from([1, 2, 3, 4, 0, 3]),
      edgeLengthM: Float64Array.from([1, 1, 1, 1, 1, 1.5]),
    });
    expect([...shortestDistances(g, [{ node: 0, distanceM: 0 }]).distanceM]).toEqual([0, 1, 2, 1.5, 1]);
    // Node 3: 1.5 by the chord from 0, but 0.25 + 1 from 2.
    expect([...shortestDistances(g, [{ node: 0, distanceM: 0 }, { node: 2, distanceM: 0.25 }]).label]).toEqual([0, 0, 1, 1, 0]);
  });

  it('should refuse bad input with a message naming it', () => {
    const g = buildGraph({ nodeCount: 2, edgeCount: 1, edgeSource: Int32Array.from([0]), edgeTarget: Int32Array.from([1]), edgeLengthM: Float64Array.from([1]) });
    expect(() => shortestDistances(g, [{ node: 5, distanceM: 0 }])).toThrow(/sources\[0\]\.node/);
    expect(() => shortestDistances(g, [{ node: 0, distanceM: -1 }])).toThrow(/distanceM/);
    expect(() => buildGraph({ nodeCount: 1, edgeCount: 1, edgeSource: Int32Array.from([0]), edgeTarget: Int32Array.from([3]), edgeLengthM: Float64Array.from([1]) })).toThrow(/out of range/);
  });
});
