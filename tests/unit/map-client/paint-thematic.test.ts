// paintThematic (#16): a recolour sets only the feature-states that change, and nothing while an
// answer loads (the old colours stay), against a stand-in map that records every call.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { paintThematic } from '../../../map-client/src/map/thematic-binding.ts';
import type { Thematic, UnitFigures } from '../../../map-client/src/state.ts';

function recordingMap() {
  const states: Array<{ id: string; value: unknown; cls?: unknown }> = [];
  const paints: string[] = [];
  const map = {
    setFeatureState: (target: { id: string }, state: { value: unknown; cls: unknown }) => states.push({ id: target.id, value: state.value, cls: state.cls }),
    getLayer: () => ({}),
    setPaintProperty: (_layer: string, name: string) => paints.push(name),
  } as unknown as MapLibreMap;
  return { map, states, paints };
}

function ready(values: Record<string, number | null>, key = 'k'): Thematic {
  const units = new Map<string, UnitFigures>(Object.entries(values).map(([code, value]) => [code, { code, name: code, value }]));
  return { status: 'ready', key, theme: 'coverage', mode: 'straight', types: ['health_station'], asOf: '2026-12-03', reachM: [300], units, total: null };
}

describe('paintThematic', () => {
  it('should set every value on the first answer, then only the ones that changed', () => {
    const { map, states } = recordingMap();
    const first = paintThematic(map, ready({ a: 0.1, b: 0.5, c: null }), new Map());
    expect(states.map((s) => s.id).sort()).toEqual(['a', 'b', 'c']);

    states.length = 0;
    const second = paintThematic(map, ready({ a: 0.1, b: 0.7, c: null }), first);
    expect(states).toEqual([{ id: 'b', value: 0.7, cls: 3 }]);
    expect([...second]).toEqual([['a', { value: 0.1, cls: 0 }], ['b', { value: 0.7, cls: 3 }], ['c', { value: null, cls: 10 }]]);
  });

  it('should keep the colours while an answer loads, and clear the codes a new answer leaves out', () => {
    const { map, states, paints } = recordingMap();
    const painted = paintThematic(map, ready({ a: 0.2, b: 0.4 }), new Map());
    states.length = 0;
    paints.length = 0;

    const during = paintThematic(map, { status: 'loading', key: 'next' }, painted);
    expect(states).toEqual([]);
    expect(paints).toEqual([]);
    // The fill paint is never replaced (#16): only feature-states change.
    expect([...during]).toEqual([...painted]);

    paintThematic(map, ready({ a: 0.2 }, 'next'), during);
    expect(states).toEqual([{ id: 'b', value: null, cls: null }]);
  });

  it('should clear every painted value when the theme goes off', () => {
    const { map, states } = recordingMap();
    const painted = paintThematic(map, ready({ a: 0.2, b: null }), new Map());
    states.length = 0;
    expect([...paintThematic(map, { status: 'off' }, painted)]).toEqual([]);
    // b holds the no-data class, so it is cleared too (back to the neutral look).
    expect(states).toEqual([{ id: 'a', value: null, cls: null }, { id: 'b', value: null, cls: null }]);
  });
});
