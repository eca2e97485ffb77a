/**
 * Splits a connected graph of cells into contiguous regions of about equal size (streets out of
 * communities, districts out of streets' cells).
 */
import type { PlanePoint } from './geometry.ts';

/** Input graph for {@link partitionContiguous}. */
export interface PartitionGraph {
  /** Node ids to split (indices into `positions` and `neighbours`). */
  nodes: readonly number[];
  positions: readonly PlanePoint[];
  /** Neighbours by node id; ids not in `nodes` are ignored. */
  neighbours: readonly (readonly number[])[];
  /** Cost of moving between two neighbouring nodes (higher = less likely to share a region). */
  edgeCost(from: number, to: number): number;
}

/**
 * Min-heap of [cost, node, region] triples, ordered by cost then node.
 * @private
 */
class Heap {
  private readonly items: Array<[number, number, number]> = [];
  get size(): number {
    return this.items.length;
  }
  push(item: [number, number, number]): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!Heap.less(items[i] as [number, number, number], items[parent] as [number, number, number])) break;
      [items[i], items[parent]] = [items[parent] as [number, number, number], items[i] as [number, number, number]];
      i = parent;
    }
  }
  pop(): [number, number, number] {
    const items = this.items;
    const top = items[0] as [number, number, number];
    const last = items.pop() as [number, number, number];
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < items.length && Heap.less(items[l] as [number, number, number], items[smallest] as [number, number, number])) smallest = l;
        if (r < items.length && Heap.less(items[r] as [number, number, number], items[smallest] as [number, number, number])) smallest = r;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest] as [number, number, number], items[i] as [number, number, number]];
        i = smallest;
      }
    }
    return top;
  }
  private static less(p: [number, number, number], q: [number, number, number]): boolean {
    return p[0] < q[0] || (p[0] === q[0] && p[1] < q[1]);
  }
}

/**
 * Partitions a connected graph into `regionCount` contiguous regions of similar node counts.
 *
 * Sources are spread by farthest-point sampling and Lloyd steps; then a multi-source Dijkstra
 * (each region's costs scaled by its own weight) assigns nodes, and the weights of oversized
 * regions are raised for a few rounds. Every region is the tree of its source, so it is contiguous.
 *
 * @param {PartitionGraph} graph the nodes to split
 * @param {number} regionCount wanted number of regions (capped at the node count)
 * @returns {Map<number, number>} region index (0-based) of each node
 * @example
 * const regionOf = partitionContiguous({ nodes, positions, neighbours, edgeCost }, 8);
 */
export function partitionContiguous(graph: PartitionGraph, regionCount: number): Map<number, number> {
  // Input validation
  const { nodes, positions, neighbours, edgeCost } = graph;
  if (nodes.length === 0) throw new Error('partitionContiguous needs at least one node');
  if (!Number.isInteger(regionCount) || regionCount < 1) throw new Error(`regionCount must be an integer ≥ 1, got ${regionCount}`);

  const k = Math.min(regionCount, nodes.length);
  const inSet = new Set(nodes);
  const position = (node: number): PlanePoint => positions[node] as PlanePoint;
  const distanceSquared = (p: PlanePoint, q: PlanePoint): number => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
  const nearestNode = (members: readonly number[], target: PlanePoint): number => {
    let best = members[0] as number;
    let bestDistance = Infinity;
    for (const node of members) {
      const d = distanceSquared(position(node), target);
      if (d < bestDistance) {
        bestDistance = d;
        best = node;
      }
    }
    return best;
  };
  const centroidOf = (members: readonly number[]): PlanePoint => {
    let x = 0;
    let y = 0;
    for (const node of members) {
      x += position(node)[0];
      y += position(node)[1];
    }
    return [x / members.length, y / members.length];
  };

  // Farthest-point sampling from the node nearest the south-west corner, then Lloyd steps.
  let minX = Infinity;
  let minY = Infinity;
  for (const node of nodes) {
    minX = Math.min(minX, position(node)[0]);
    minY = Math.min(minY, position(node)[1]);
  }
  const sources: number[] = [nearestNode(nodes, [minX, minY])];
  const nearestSourceDistance = new Map<number, number>(nodes.map((node) => [node, Infinity]));
  while (sources.length < k) {
    const last = position(sources[sources.length - 1] as number);
    let farthest = nodes[0] as number;
    let farthestDistance = -1;
    for (const node of nodes) {
      const d = Math.min(nearestSourceDistance.get(node) as number, distanceSquared(position(node), last));
      nearestSourceDistance.set(node, d);
      if (d > farthestDistance) {
        farthestDistance = d;
        farthest = node;
      }
    }
    sources.push(farthest);
  }
  for (let step = 0; step < 5; step++) {
    const members: number[][] = sources.map(() => []);
    for (const node of nodes) {
      let best = 0;
      let bestDistance = Infinity;
      sources.forEach((source, r) => {
        const d = distanceSquared(position(node), position(source));
        if (d < bestDistance) {
          bestDistance = d;
          best = r;
        }
      });
      (members[best] as number[]).push(node);
    }
    members.forEach((list, r) => {
      if (list.length > 0) sources[r] = nearestNode(list, centroidOf(list));
    });
  }
  if (new Set(sources).size !== sources.length) {
    // Lloyd steps may make two sources coincide in tiny graphs: restart them from distinct nodes.
    const taken = new Set<number>();
    sources.forEach((source, r) => {
      if (taken.has(source)) sources[r] = nodes.find((node) => !taken.has(node)) as number;
      taken.add(sources[r] as number);
    });
  }

  const target = nodes.length / k;
  const weights = sources.map(() => 1);
  // Edge costs are fixed: compute them once per (node, neighbour) pair.
  const adjacency = new Map<number, Array<{ next: number; costM: number }>>();
  for (const node of nodes) {
    adjacency.set(
      node,
      (neighbours[node] ?? []).filter((next) => inSet.has(next)).map((next) => ({ next, costM: edgeCost(node, next) })),
    );
  }
  const assign = (): Map<number, number> => {
    const regionOf = new Map<number, number>();
    const cost = new Map<number, number>();
    const heap = new Heap();
    sources.forEach((source, r) => heap.push([0, source, r]));
    while (heap.size > 0) {
      const [c, node, region] = heap.pop();
      if (regionOf.has(node)) continue;
      regionOf.set(node, region);
      const weight = weights[region] as number;
      for (const { next, costM } of adjacency.get(node) ?? []) {
        if (regionOf.has(next)) continue;
        const nextCost = c + weight * costM;
        if (nextCost < (cost.get(next) ?? Infinity)) {
          cost.set(next, nextCost);
          heap.push([nextCost, next, region]);
        }
      }
    }
    if (regionOf.size !== nodes.length) throw new Error('partitionContiguous: the graph is not connected');
    return regionOf;
  };

  let best = assign();
  let bestScore = Infinity;
  for (let round = 0; round < 16; round++) {
    const regionOf = assign();
    const sizes = sources.map(() => 0);
    for (const region of regionOf.values()) sizes[region] = (sizes[region] as number) + 1;
    const score = sizes.reduce((sum, size) => sum + (size - target) ** 2, 0);
    if (score < bestScore) {
      bestScore = score;
      best = regionOf;
    }
    sizes.forEach((size, r) => {
      weights[r] = (weights[r] as number) * Math.pow(Math.max(size, 0.5) / target, 0.6);
    });
    // Re-centre each source inside its own region (keeps regions contiguous on the next round).
    const members: number[][] = sources.map(() => []);
    for (const node of nodes) (members[regionOf.get(node) as number] as number[]).push(node);
    members.forEach((list, r) => {
      if (list.length > 0) sources[r] = nearestNode(list, centroidOf(list));
    });
  }
  return best;
}
