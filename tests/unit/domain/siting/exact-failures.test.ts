import { describe, expect, it } from 'vitest';
import { solve } from '../../../../api/src/domain/siting/index.ts';
import { orlibProblem, publishedOptimum } from './orlib.ts';

/**
 * An exact solve never loses the answer: when the HiGHS worker is killed, runs out of memory or is
 * refused for its size, the answer is the heuristic's, with its valid bound and the status named.
 * pmed6 (published optimum 7824) is one the Lagrangian alone cannot prove, so HiGHS really runs
 * (branchAndBound: false, in both modes: the Lagrangian branch-and-bound would prove it without HiGHS, and in heuristic mode it tightens the bound).
 */
describe('solve: exact solves that fail keep the heuristic answer', () => {
  const { problem, p } = orlibProblem('pmed6');
  const optimum = publishedOptimum('pmed6');

  it('When the HiGHS worker is killed mid-solve (SIGKILL), then the answer is the heuristic one, its bound valid, exact_status worker_killed', async () => {
    const heuristic = await solve(problem, { model: 'pmedian', p, branchAndBound: false });
    let killed = 0;
    const s = await solve(problem, {
      model: 'pmedian', p, method: 'exact', timeLimitS: 300, branchAndBound: false,
      onExactWorker: (pid) => {
        killed = pid;
        process.kill(pid, 'SIGKILL');
      },
    });
    expect(killed).toBeGreaterThan(0);
    expect(s.exactStatus).toBe('worker_killed');
    expect(s.exactMessage).toMatch(/killed/);
    expect(s.sites).toEqual(heuristic.sites);
    expect(s.objective).toBe(heuristic.objective);
    expect(s.objective).toBeGreaterThanOrEqual(optimum);
    // A valid bound: never above the published optimum, and the gap says how far apart.
    expect(s.bound).toBeLessThanOrEqual(optimum);
    expect(s.bound).toBe(heuristic.bound);
    expect(s.gap).toBeCloseTo((s.objective - s.bound) / s.objective, 12);
  }, 120_000);

  it('When the worker gets too little memory, then HiGHS runs out, and the answer is the heuristic one with exact_status out_of_memory', async () => {
    const heuristic = await solve(problem, { model: 'pmedian', p, branchAndBound: false });
    const s = await solve(problem, { model: 'pmedian', p, method: 'exact', timeLimitS: 300, memoryLimitMb: 27, branchAndBound: false });
    expect(s.exactStatus).toBe('out_of_memory');
    expect(s.exactMessage).toMatch(/memory/);
    expect(s.objective).toBe(heuristic.objective);
    expect(s.bound).toBeLessThanOrEqual(optimum);
    expect(s.bound).toBe(heuristic.bound);
  }, 120_000);

  it('When the MIP cannot even fit the memory budget, then HiGHS is not started and exact_status says memory_limit', async () => {
    let started = false;
    const s = await solve(problem, { model: 'pmedian', p, method: 'exact', memoryLimitMb: 1, branchAndBound: false, onExactWorker: () => (started = true) });
    expect(started).toBe(false);
    expect(s.exactStatus).toBe('memory_limit');
    expect(s.exactMessage).toMatch(/over the memory budget of 1 MB/);
    expect(s.objective).toBeGreaterThanOrEqual(optimum);
    expect(s.bound).toBeLessThanOrEqual(optimum);
  }, 60_000);
});
