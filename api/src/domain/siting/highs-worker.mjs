// Runs one HiGHS MIP in a worker thread, so a long exact solve neither blocks the event loop (the
// HTTP server keeps answering) nor escapes cancellation (the parent terminates the worker).
// Plain JavaScript on purpose: a worker does not inherit the tsx loader, so this file must run as is.
//
// In:  { model: ModelData without `sense`, maximize: boolean, start?: Float64Array, timeLimitS: number }
// Out: { kind: 'progress', time, primal, dual } … then { kind: 'done', status, objective, dualBound, colValue, hasSolution }
import { parentPort, workerData } from 'node:worker_threads';
import loadHighs from 'highs';

const STATUS = {
  7: 'optimal', 8: 'infeasible', 9: 'infeasible', 10: 'unbounded', 11: 'objective_bound', 12: 'objective_target',
  13: 'time_limit', 14: 'iteration_limit', 15: 'unknown', 16: 'solution_limit', 17: 'interrupted', 6: 'empty',
};

const { model: data, maximize, start, timeLimitS } = workerData;
const highs = await loadHighs();
const model = highs.createModel({
  ...data,
  sense: maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
});
try {
  // mip_rel_gap 0: stop only on proof (or the time limit); the caller reports the gap it measures.
  model.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: 0, mip_abs_gap: 1e-9, random_seed: 0 });
  if (start) {
    try {
      model.setSolution({ colValue: start });
    } catch {
      // A start HiGHS refuses only costs time: solve without it.
    }
  }
  let lastPost = 0;
  model.run({
    [highs.constants.callbackType.mipLogging](event) {
      const now = Date.now();
      if (now - lastPost < 200) return undefined;
      lastPost = now;
      parentPort.postMessage({ kind: 'progress', time: event.data.running_time ?? 0, primal: event.data.mip_primal_bound ?? null, dual: event.data.mip_dual_bound ?? null });
      return undefined;
    },
  });
  const code = model.getModelStatus();
  const info = (name) => {
    try {
      return Number(model.info.get(name));
    } catch {
      return NaN;
    }
  };
  const hasSolution = info('primal_solution_status') === 2;
  const colValue = hasSolution ? model.getSolution().colValue : null;
  parentPort.postMessage({
    kind: 'done',
    status: STATUS[code] ?? `status_${code}`,
    objective: hasSolution ? model.getObjectiveValue() : null,
    dualBound: info('mip_dual_bound'),
    hasSolution,
    colValue,
  });
} finally {
  model.dispose();
}
