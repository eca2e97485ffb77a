// Small typed builders for MapLibre expressions used by several layers.
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';

/**
 * `['match', input, label1, out1, ..., fallback]`; labels must be unique, so later duplicates
 * are dropped. With no pairs the fallback alone is returned (a match needs at least one).
 */
export function matchExpression<T extends string | number>(
  input: ExpressionSpecification,
  pairs: readonly (readonly [string, T])[],
  fallback: T,
): ExpressionSpecification | T {
  const seen = new Set<string>();
  const flat: (string | number)[] = [];
  for (const [label, output] of pairs) {
    if (seen.has(label)) continue;
    seen.add(label);
    flat.push(label, output);
  }
  if (flat.length === 0) return fallback;
  return ['match', input, ...flat, fallback] as ExpressionSpecification;
}

/** `true` when the feature-state flag is set (false when never set). */
export function featureStateFlag(name: 'hover' | 'selected'): ExpressionSpecification {
  return ['boolean', ['feature-state', name], false];
}
