import { describe, expect, it } from 'vitest';
import { JobsBusyError, JobStore } from '../../../api/src/services/siting-jobs.ts';

/** A run that reports progress and finishes when told to (or rejects when aborted). */
function controllable() {
  let finish!: (v: string) => void;
  const run = (signal: AbortSignal, onProgress: (f: number, phase: string) => void) =>
    new Promise<string>((resolve, reject) => {
      onProgress(0.25, 'greedy');
      finish = resolve;
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    });
  return { run, finish: (v: string) => finish(v) };
}

describe('siting job store', () => {
  it('should report progress while running and the result once done', async () => {
    const jobs = new JobStore<string>();
    const c = controllable();
    const job = jobs.start('alice', c.run);
    expect(job.view()).toMatchObject({ state: 'running', progress: { fraction: 0.25, phase: 'greedy' }, finished_at: null });
    expect(job.view().result).toBeUndefined();
    c.finish('answer');
    await job.done;
    expect(job.view()).toMatchObject({ state: 'done', result: 'answer', progress: { fraction: 1, phase: 'done' } });
  });

  it('should show a job only to those the visibility rule lets see its owner', () => {
    const jobs = new JobStore<string>();
    const job = jobs.start('alice', controllable().run);
    expect(jobs.get(job.id, (owner) => owner === 'alice')?.id).toBe(job.id);
    expect(jobs.get(job.id, (owner) => owner === 'bob')).toBeUndefined();
    jobs.cancelAll();
  });

  it('When a running job is cancelled, then its run is aborted and it stays cancelled (no late result)', async () => {
    const jobs = new JobStore<string>();
    let aborted = false;
    const job = jobs.start('alice', (signal) => new Promise<string>((resolve) => {
      signal.addEventListener('abort', () => {
        aborted = true;
        resolve('late'); // a run that ignores the abort and answers anyway
      });
    }));
    jobs.cancel(job.id);
    await job.done;
    expect(aborted).toBe(true);
    expect(job.view().state).toBe('cancelled');
    expect(job.view().result).toBeUndefined();
    jobs.cancel(job.id); // a second DELETE forgets it
    expect(jobs.get(job.id, () => true)).toBeUndefined();
  });

  it('should refuse more than maxRunning runs at once and drop the oldest finished job beyond maxJobs', async () => {
    const jobs = new JobStore<string>({ maxRunning: 2, maxJobs: 3 });
    const a = controllable();
    const b = controllable();
    const first = jobs.start('u', a.run);
    const second = jobs.start('u', b.run);
    expect(() => jobs.start('u', controllable().run)).toThrow(JobsBusyError);
    a.finish('a');
    await first.done;
    const third = jobs.start('u', async () => 'c');
    await third.done;
    const fourth = jobs.start('u', async () => 'd'); // 3 kept at most: the oldest finished (first) goes
    await fourth.done;
    expect(jobs.get(first.id, () => true)).toBeUndefined();
    expect(jobs.get(second.id, () => true)?.view().state).toBe('running');
    expect(jobs.get(third.id, () => true)?.view().result).toBe('c');
    b.finish('b');
    await second.done;
  });

  it('should describe a failure with the configured mapping', async () => {
    const jobs = new JobStore<string>({ describeError: (err) => ({ code: 'invalid_parameter', message: (err as Error).message, field: 'p' }) });
    const job = jobs.start('u', async () => {
      throw new Error('p: too many');
    });
    await job.done;
    expect(job.view()).toMatchObject({ state: 'failed', error: { code: 'invalid_parameter', field: 'p' } });
    expect((job.failure as Error).message).toBe('p: too many');
  });
});
