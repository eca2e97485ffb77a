import { describe, expect, it } from 'vitest';
import { addFacility, baselineCodes, closeFacility, isAdded, moveFacility, scenarioFeatures, undoChange, type FacilityInfo } from '../../../map-client/src/planner/scenario-edits.ts';
import type { ScenarioChange } from '../../../map-client/src/state.ts';

const stored: ScenarioChange[] = [
  { op: 'add', code: 's1-1', type: 'health_station', lon: 118.04, lat: 36.8 },
  { op: 'close', code: 'F000010' },
];
const info = new Map<string, FacilityInfo>([
  ['F000010', { code: 'F000010', name: '东风卫生站', type: 'health_station', status: 'open', lon: 118.1, lat: 36.7 }],
  ['F000020', { code: 'F000020', name: '文化室', type: 'culture_room', status: 'open', lon: 118.2, lat: 36.6 }],
]);

describe('scenario edits', () => {
  it('should append an add without touching the stored list', () => {
    const before = structuredClone(stored);
    const next = addFacility(stored, 'book_point', 118.05, 36.81);

    expect(next.at(-1)).toEqual({ op: 'add', type: 'book_point', lon: 118.05, lat: 36.81 });
    expect(stored).toEqual(before);
  });

  it('should move an added facility in place, and a baseline one with a single move', () => {
    expect(moveFacility(stored, 's1-1', 1, 2)[0]).toEqual({ op: 'add', code: 's1-1', type: 'health_station', lon: 1, lat: 2 });
    const twice = moveFacility(moveFacility(stored, 'F000020', 1, 2), 'F000020', 3, 4);
    expect(twice.filter((change) => change.op === 'move')).toEqual([{ op: 'move', code: 'F000020', lon: 3, lat: 4 }]);
  });

  it('should drop an added facility when closed, and close a baseline one once', () => {
    expect(closeFacility(stored, 's1-1')).toEqual([{ op: 'close', code: 'F000010' }]);
    expect(closeFacility(stored, 'F000010')).toEqual(stored);
    const moved = moveFacility(stored, 'F000020', 1, 2);
    expect(closeFacility(moved, 'F000020').filter((c) => 'code' in c && c.code === 'F000020')).toEqual([{ op: 'close', code: 'F000020' }]);
    expect(isAdded(stored, 's1-1')).toBe(true);
    expect(isAdded(stored, 'F000010')).toBe(false);
  });

  it('should undo by index and list the baseline codes touched', () => {
    expect(undoChange(stored, 0)).toEqual([{ op: 'close', code: 'F000010' }]);
    expect(baselineCodes([...stored, { op: 'move', code: 'F000020', lon: 0, lat: 0 }, { op: 'close', code: 'F000020' }])).toEqual(['F000010', 'F000020']);
  });

  it('should draw added facilities open, moved ones at their new point and closed ones at their old point', () => {
    const changes: ScenarioChange[] = [...stored, { op: 'move', code: 'F000020', lon: 118.3, lat: 36.5 }, { op: 'close', code: 'F999' }];
    const drawn = scenarioFeatures(changes, info);

    expect(drawn.features.map((f) => [f.properties.code, f.properties.change, f.properties.status, f.properties.type, f.geometry.coordinates])).toEqual([
      ['s1-1', 'add', 'open', 'health_station', [118.04, 36.8]],
      ['F000010', 'close', 'closed', 'health_station', [118.1, 36.7]],
      ['F000020', 'move', 'open', 'culture_room', [118.3, 36.5]],
    ]);
  });
});
