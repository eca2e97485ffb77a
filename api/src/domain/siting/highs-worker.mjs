// Runs one HiGHS MIP in a child process, so a long exact solve neither blocks the event loop (the
// HTTP server keeps answering) nor takes the parent down when it crashes or runs out of memory: the
// parent sees the child die, and answers with the heuristic's solution instead.
// Plain JavaScript on purpose: the child does not get the tsx loader, so this file must run as is.
//
// In (one IPC message): { model: ModelData without `sense`, maximize, start?: Float64Array, timeLimitS, memoryLimitMb, cutoff? }
// Out: { kind: 'running' } (the model is loaded, HiGHS starts) · { kind: 'progress', time, primal, dual } …
//      then { kind: 'done', status, objective, dualBound, colValue, hasSolution } or { kind: 'error', oom, message }
import loadHighs from 'highs';

const STATUS = {
  7: 'optimal', 8: 'infeasible', 9: 'infeasible', 10: 'unbounded', 11: 'objective_bound', 12: 'objective_target',
  13: 'time_limit', 14: 'iteration_limit', 15: 'unknown', 16: 'solution_limit', 17: 'interrupted', 6: 'empty',
};

const send = (msg) => new Promise((resolve) => process.send(msg, undefined, undefined, () => resolve()));

/**
 * The WebAssembly heap is HiGHS's memory (its maximum, 2 GiB, is baked into the binary): refusing to
 * grow it past the budget makes malloc fail inside HiGHS, which aborts, and we report out_of_memory.
 */
let capHit = false;
function capWasmMemory(limitBytes) {
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function cappedGrow(pages) {
    if (this.buffer.byteLength + pages * 65536 > limitBytes) capHit = true;
    if (capHit) throw new RangeError(`siting memory budget of ${Math.round(limitBytes / 2 ** 20)} MB reached`);
    return grow.call(this, pages);
  };
}

async function solve({ model: data, maximize, start, timeLimitS, memoryLimitMb, cutoff }) {
  if (memoryLimitMb) capWasmMemory(memoryLimitMb * 2 ** 20);
  let oom = false;
  const highs = await loadHighs({
    // Emscripten's abort hook: remember that it was a failed allocation.
    onAbort: (what) => {
      if (/OOM|memory|alloc/i.test(String(what))) oom = true;
    },
    print: () => {},
    printErr: () => {},
  });
  let model;
  try {
    model = highs.createModel({
      ...data,
      sense: maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    });
    // mip_rel_gap 0: stop only on proof (or the time limit); the caller reports the gap it measures.
    model.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: 0, mip_abs_gap: 1e-9, random_seed: 0 });
    // A cutoff prunes every node that cannot beat the heuristic: "infeasible" then proves it optimal.
    // With the heuristic's answer in hand HiGHS need not search for solutions itself: its primal
    // heuristics and restarts took most of the time on the OR-Library instances (5-7 times faster without).
    if (cutoff !== undefined && cutoff !== null) model.options.set({ objective_bound: cutoff, mip_heuristic_effort: 0, mip_allow_restart: false });
    if (start) {
      try {
        model.setSolution({ colValue: start });
      } catch {
        // A start HiGHS refuses only costs time: solve without it.
      }
    }
    await send({ kind: 'running' });
    let lastPost = 0;
    model.run({
      [highs.constants.callbackType.mipLogging](event) {
        const now = Date.now();
        if (now - lastPost < 200) return undefined;
        lastPost = now;
        process.send({ kind: 'progress', time: event.data.running_time ?? 0, primal: event.data.mip_primal_bound ?? null, dual: event.data.mip_dual_bound ?? null });
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
    const colValue = hasSolution ? Float64Array.from(model.getSolution().colValue) : null;
    await send({
      kind: 'done',
      status: STATUS[code] ?? `status_${code}`,
      objective: hasSolution ? model.getObjectiveValue() : null,
      dualBound: info('mip_dual_bound'),
      hasSolution,
      colValue,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await send({ kind: 'error', oom: oom || capHit || /OOM|memory|alloc|RangeError/i.test(message) || err instanceof RangeError, message });
  } finally {
    try {
      model?.dispose();
    } catch {
      // The heap may be gone after an abort.
    }
  }
}

process.once('message', (msg) => {
  solve(msg).finally(() => process.disconnect());
});
